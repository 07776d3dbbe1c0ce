import {
  ACTION_ITEM_IDS,
  ActionItemId,
  buildPlan,
  ClusterStatus,
  Coverage,
  EntityPlanResponse,
  Finding,
  getActionItem,
  getCheckDefinition,
  Provider,
  ResourceRef,
  TeamScorecardResponse,
} from '@kube-security/plugin-kube-security-common';
import path from 'path';
import { PDFParse } from 'pdf-parse';

/*
 * Realistic inputs for the PDF tests, built from the real catalog and the real
 * plan builder: only findings and cluster state are made up here.
 */

export function finding(
  checkId: string,
  resource: ResourceRef,
  overrides: Partial<Finding> = {},
): Finding {
  const check = getCheckDefinition(checkId);
  if (!check) throw new Error(`No check ${checkId} in the catalog`);
  return {
    id: `${checkId}|${resource.cluster}|${resource.namespace}|${
      resource.name
    }|${resource.container ?? ''}`,
    checkId,
    itemId: check.itemId,
    category: getActionItem(check.itemId).category,
    status: 'fail',
    severity: check.severity,
    message: `${check.title}: not met`,
    resource,
    ...overrides,
  };
}

const CLUSTER = 'prod-eu-1';

export const paymentsApi: ResourceRef = {
  cluster: CLUSTER,
  namespace: 'payments',
  kind: 'Deployment',
  name: 'payments-api',
  container: 'api',
};

/** Findings of a typical web service: a few workload, image and cluster gaps. */
export function typicalFindings(): Finding[] {
  const cluster: ResourceRef = {
    cluster: CLUSTER,
    kind: 'Cluster',
    name: CLUSTER,
  };
  return [
    finding('cluster-private-access/public-endpoint', cluster, {
      message: 'The API server endpoint accepts connections from 0.0.0.0/0',
      evidencePath: 'cluster.resourcesVpcConfig.publicAccessCidrs',
    }),
    finding('workload-admission-policy/privileged-container', paymentsApi, {
      message: 'Container api runs privileged',
      evidencePath:
        'spec.template.spec.containers[0].securityContext.privileged',
      exposure: { internet: true, dataStore: false },
    }),
    finding(
      'workload-admission-policy/run-as-root',
      { ...paymentsApi, name: 'payments-worker', container: 'worker' },
      {
        message: 'Container worker may run as root',
        evidencePath: 'spec.template.spec.securityContext.runAsNonRoot',
      },
    ),
    finding(
      'workload-network-policies/ingress-not-restricted',
      { ...paymentsApi, container: undefined },
      {
        status: 'warn',
        message: 'No NetworkPolicy selects the pods of payments-api',
      },
    ),
    finding('image-trusted-registries/mutable-tag', paymentsApi, {
      message: 'Image docker.io/library/nginx:latest uses a mutable tag',
      evidencePath: 'spec.template.spec.containers[0].image',
    }),
  ];
}

/** Items without evidence stay unknown; every other item was fully checked. */
export function evaluations(
  unverified: readonly ActionItemId[] = [
    'cloud-mfa-enforced',
    'image-pipeline-checks',
  ],
): Array<{ itemId: ActionItemId; coverage: Coverage; checksRun: string[] }> {
  return ACTION_ITEM_IDS.map(itemId => ({
    itemId,
    coverage: unverified.includes(itemId) ? 'none' : 'full',
    checksRun: [],
  }));
}

export function clusterStatus(
  overrides: Partial<ClusterStatus> = {},
): ClusterStatus {
  return {
    name: CLUSTER,
    provider: 'eks',
    source: 'snapshot',
    lastGoodScanAt: '2025-05-02T08:30:00.000Z',
    stale: false,
    ...overrides,
  };
}

export function entityPlan(
  options: {
    findings?: Finding[];
    provider?: Provider;
    stale?: boolean;
    /** Items without evidence; two by default. */
    unverified?: ActionItemId[];
  } = {},
): EntityPlanResponse {
  const provider = 'provider' in options ? options.provider : 'eks';
  const stale = options.stale ?? false;
  return {
    entityRef: 'component:default/payments-api',
    ...(provider ? { provider } : {}),
    mapped: true,
    plan: buildPlan({
      items: evaluations(options.unverified),
      findings: options.findings ?? typicalFindings(),
      provider,
    }),
    clusters: [
      clusterStatus({
        provider,
        stale,
        ...(stale
          ? { staleReason: 'the API server did not answer within 30 seconds' }
          : {}),
      }),
    ],
    dataFrom: '2025-05-02T08:30:00.000Z',
    stale,
    generatedAt: '2025-05-03T09:15:00.000Z',
  };
}

export function teamScorecard(): TeamScorecardResponse {
  const apiPlan = entityPlan().plan;
  const checkoutPlan = buildPlan({
    items: evaluations([]),
    findings: [
      finding(
        'cluster-audit-logging/control-plane-audit-logs',
        { cluster: 'prod-us-1', kind: 'Cluster', name: 'prod-us-1' },
        { message: 'Control-plane audit logs are turned off' },
      ),
    ],
    provider: 'gke',
  });
  const openByCategory = { cloud: 2, cluster: 1, workload: 3, image: 2 };
  return {
    team: {
      entityRef: 'group:default/payments',
      name: 'payments',
      title: 'Payments Platform',
      parentRef: 'group:default/engineering',
      score: apiPlan.score,
      trend: 4,
      openByCategory,
      topItem: {
        itemId: apiPlan.items[0].itemId,
        title: apiPlan.items[0].title,
        status: apiPlan.items[0].status,
        severity: apiPlan.items[0].severity,
      },
      entityCount: 2,
      lastScanAt: '2025-05-02T08:30:00.000Z',
    },
    children: [
      {
        entityRef: 'group:default/payments-checkout',
        name: 'payments-checkout',
        title: 'Checkout Squad',
        parentRef: 'group:default/payments',
        score: checkoutPlan.score,
        trend: -2,
        openByCategory: { cloud: 0, cluster: 0, workload: 1, image: 0 },
        entityCount: 1,
      },
      {
        entityRef: 'group:default/payments-ledger',
        name: 'payments-ledger',
        parentRef: 'group:default/payments',
        score: {
          value: null,
          grade: null,
          coverage: 0,
          counts: {
            pass: 0,
            fail: 0,
            partial: 0,
            unknown: 0,
            'not-applicable': 0,
            accepted: 0,
            attested: 0,
          },
        },
        trend: null,
        openByCategory: { cloud: 0, cluster: 0, workload: 0, image: 0 },
        entityCount: 0,
      },
    ],
    topActions: [
      ...apiPlan.items.slice(0, 3).map(item => ({
        entityRef: 'component:default/payments-api',
        entityTitle: 'Payments API',
        provider: 'eks' as const,
        item,
      })),
      {
        entityRef: 'component:default/checkout',
        provider: 'gke' as const,
        item: checkoutPlan.items[0],
      },
    ],
    history: [
      { day: '2025-04-30', score: 52, grade: 'F' },
      { day: '2025-05-01', score: 55, grade: 'F' },
    ],
    categories: apiPlan.categories.map((summary, i) => ({
      ...summary,
      score: [40, 60, 55, 70][i],
    })),
    entities: [
      {
        entityRef: 'component:default/payments-api',
        title: 'Payments API',
        score: apiPlan.score,
        open: 6,
      },
      {
        entityRef: 'component:default/checkout',
        score: checkoutPlan.score,
        open: 1,
      },
    ],
    entitiesPage: { offset: 0, limit: 2, total: 2 },
    topActionsPage: { offset: 0, limit: 4, total: 4 },
  };
}

let workerLoaded = false;

/**
 * pdf.js loads its worker with a dynamic import, which Jest's module sandbox
 * refuses; loading the worker module up front makes it register itself on
 * globalThis, where pdf.js looks first.
 */
function loadPdfWorker(): void {
  if (workerLoaded) return;
  const dir = path.dirname(require.resolve('pdf-parse'));
  require(path.join(dir, 'pdf.worker.mjs'));
  workerLoaded = true;
}

/** Text of a PDF, plus its page count, as a reader would extract it. */
export async function extractText(
  pdf: Buffer,
): Promise<{ text: string; pages: number }> {
  loadPdfWorker();
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    const result = await parser.getText();
    return { text: result.text, pages: result.total };
  } finally {
    await parser.destroy();
  }
}

/**
 * The text without what a page break adds in the middle of a paragraph: the page's footer
 * (`<footer> Page N of M`) and the extractor's `-- N of M --` separator.
 */
export function withoutPageBreaks(text: string, footer: string): string {
  const escaped = footer.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text
    .replace(new RegExp(`\\s*${escaped}\\s*Page \\d+ of \\d+\\s*`, 'g'), ' ')
    .replace(/\s*-- \d+ of \d+ --\s*/g, ' ');
}

/**
 * Whitespace-free form, so that wrapped lines still match the source text;
 * shell continuation backslashes added by the wrapping are dropped as well.
 */
export function squash(text: string): string {
  return text
    .replace(/'\\\s+'/g, '')
    .replace(/\\(?=\s)/g, '')
    .replace(/\s+/g, '');
}
