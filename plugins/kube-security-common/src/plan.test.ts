import { ACTION_ITEM_IDS, getActionItem } from './catalog';
import {
  buildPlan,
  computePriority,
  PriorityFactors,
  UNCERTAINTY_FACTOR,
} from './plan';
import { computeScore, mergeItemStatuses } from './scoring';
import { SEVERITIES } from './types';
import type {
  ActionItemId,
  Coverage,
  Finding,
  ItemEvaluation,
  ItemStatus,
  Severity,
} from './types';

let nextId = 0;

function finding(
  itemId: ActionItemId,
  overrides: Partial<Omit<Finding, 'itemId'>> & { name?: string } = {},
): Finding {
  const { name, ...rest } = overrides;
  const item = getActionItem(itemId);
  nextId += 1;
  return {
    id: `f-${nextId}`,
    checkId: item.checks[0]?.id ?? `${itemId}/attested`,
    itemId,
    category: item.category,
    status: 'fail',
    severity: 'high',
    message: 'something is wrong',
    resource: {
      cluster: 'prod',
      kind: 'Deployment',
      namespace: 'shop',
      name: name ?? `workload-${nextId}`,
    },
    ...rest,
  };
}

function evaluated(
  coverage: Coverage,
  ...itemIds: ActionItemId[]
): ItemEvaluation[] {
  return itemIds.map(itemId => ({ itemId, coverage, checksRun: [] }));
}

/** Full coverage for every item, so only findings decide the statuses. */
const ALL_FULL = evaluated('full', ...ACTION_ITEM_IDS);

function order(plan: ReturnType<typeof buildPlan>, ...ids: ActionItemId[]) {
  return plan.items.map(i => i.itemId).filter(id => ids.includes(id));
}

// Neighbours in the plan: RBAC has the higher base impact (56 vs 52).
const RBAC = 'workload-rbac-least-privilege' as const; // order 12
const ADMISSION = 'workload-admission-policy' as const; // order 13

describe('buildPlan', () => {
  it('lists all 19 items and treats items missing from the evaluations as unknown', () => {
    const plan = buildPlan({
      items: evaluated('full', 'cloud-network-isolation'),
      findings: [],
    });
    expect(plan.items).toHaveLength(19);
    const statuses = Object.fromEntries(
      plan.items.map(i => [i.itemId, i.status]),
    );
    expect(statuses['cloud-network-isolation']).toBe('pass');
    expect(statuses['cluster-multi-zone']).toBe('unknown');
    expect(plan.items.filter(i => i.status === 'unknown')).toHaveLength(18);
    // The pass comes after every open item.
    expect(plan.items[18].itemId).toBe('cloud-network-isolation');
  });

  it('puts open items first by priority, then passing, then not-applicable', () => {
    const plan = buildPlan({
      items: ALL_FULL,
      findings: [
        finding('image-trusted-registries', { severity: 'low' }),
        finding('cloud-audit-logging', { status: 'warn' }),
        finding(ADMISSION, { severity: 'critical' }),
      ],
      applicable: item => item.id !== 'cluster-multi-zone',
    });
    const statuses = plan.items.map(i => i.status);
    expect(statuses.slice(0, 3)).toEqual(['fail', 'partial', 'fail']);
    expect(plan.items.slice(0, 3).map(i => i.itemId)).toEqual([
      ADMISSION,
      'cloud-audit-logging',
      'image-trusted-registries',
    ]);
    expect(statuses.slice(3, 18).every(s => s === 'pass')).toBe(true);
    expect(plan.items[18]).toEqual(
      expect.objectContaining({
        itemId: 'cluster-multi-zone',
        status: 'not-applicable',
        priority: 0,
      }),
    );
    // Passing items keep plan order.
    const passOrders = plan.items
      .filter(i => i.status === 'pass')
      .map(i => getActionItem(i.itemId).order);
    expect(passOrders).toEqual([...passOrders].sort((a, b) => a - b));
    for (let i = 1; i < 3; i++) {
      expect(plan.items[i - 1].priority).toBeGreaterThanOrEqual(
        plan.items[i].priority,
      );
    }
  });

  it('lets a worse severity move an item ahead of a higher-impact one', () => {
    const medium = buildPlan({
      items: ALL_FULL,
      findings: [
        finding(RBAC, { severity: 'medium' }),
        finding(ADMISSION, { severity: 'medium' }),
      ],
    });
    expect(order(medium, RBAC, ADMISSION)).toEqual([RBAC, ADMISSION]);

    const critical = buildPlan({
      items: ALL_FULL,
      findings: [
        finding(RBAC, { severity: 'medium' }),
        finding(ADMISSION, { severity: 'critical' }),
      ],
    });
    expect(order(critical, RBAC, ADMISSION)).toEqual([ADMISSION, RBAC]);
    expect(critical.items[0].severity).toBe('critical');
  });

  it('lets internet exposure of affected resources move an item ahead', () => {
    const hidden = buildPlan({
      items: ALL_FULL,
      findings: [finding(RBAC), finding(ADMISSION)],
    });
    expect(order(hidden, RBAC, ADMISSION)).toEqual([RBAC, ADMISSION]);

    const exposed = buildPlan({
      items: ALL_FULL,
      findings: [
        finding(RBAC),
        finding(ADMISSION, { exposure: { internet: true, dataStore: false } }),
      ],
    });
    expect(order(exposed, RBAC, ADMISSION)).toEqual([ADMISSION, RBAC]);
    const admission = exposed.items.find(i => i.itemId === ADMISSION);
    expect(admission?.exposed).toBe(1);
  });

  it('lets the number of affected resources move an item ahead', () => {
    const few = buildPlan({
      items: ALL_FULL,
      findings: [finding(RBAC), finding(ADMISSION)],
    });
    expect(order(few, RBAC, ADMISSION)).toEqual([RBAC, ADMISSION]);

    const many = buildPlan({
      items: ALL_FULL,
      findings: [
        finding(RBAC),
        ...Array.from({ length: 10 }, () => finding(ADMISSION)),
      ],
    });
    expect(order(many, RBAC, ADMISSION)).toEqual([ADMISSION, RBAC]);
    expect(many.items.find(i => i.itemId === ADMISSION)?.affected).toBe(10);
  });

  it('ranks a high-impact unknown item above a low-impact, low-severity failure', () => {
    const plan = buildPlan({
      items: evaluated(
        'full',
        ...ACTION_ITEM_IDS.filter(id => id !== 'cloud-network-isolation'),
      ),
      findings: [finding('image-trusted-registries', { severity: 'low' })],
    });
    expect(plan.items.slice(0, 2).map(i => [i.itemId, i.status])).toEqual([
      ['cloud-network-isolation', 'unknown'],
      ['image-trusted-registries', 'fail'],
    ]);
    expect(plan.items[0].priority).toBe(100 * UNCERTAINTY_FACTOR);

    // A critical failure of the same low-impact item outranks the unknown one.
    const critical = buildPlan({
      items: evaluated(
        'full',
        ...ACTION_ITEM_IDS.filter(id => id !== 'cloud-network-isolation'),
      ),
      findings: [finding('image-trusted-registries', { severity: 'critical' })],
    });
    expect(critical.items[0].itemId).toBe('image-trusted-registries');
  });

  it('counts distinct affected and exposed resources, ignoring passes and info findings', () => {
    const exposure = { internet: true, dataStore: false };
    const plan = buildPlan({
      items: ALL_FULL,
      findings: [
        // Two containers of one Deployment are one resource.
        finding(ADMISSION, {
          name: 'web',
          resource: {
            cluster: 'prod',
            kind: 'Deployment',
            namespace: 'shop',
            name: 'web',
            container: 'app',
          },
          exposure,
        }),
        finding(ADMISSION, {
          resource: {
            cluster: 'prod',
            kind: 'Deployment',
            namespace: 'shop',
            name: 'web',
            container: 'sidecar',
          },
          exposure,
        }),
        // Same name in another cluster is another resource.
        finding(ADMISSION, {
          resource: {
            cluster: 'staging',
            kind: 'Deployment',
            namespace: 'shop',
            name: 'web',
          },
          status: 'warn',
          severity: 'medium',
        }),
        finding(ADMISSION, { name: 'ok', status: 'pass' }),
        finding(ADMISSION, { name: 'noise', severity: 'info' }),
      ],
    });
    const item = plan.items.find(i => i.itemId === ADMISSION);
    expect(item).toEqual(
      expect.objectContaining({
        status: 'fail',
        severity: 'high',
        affected: 2,
        exposed: 1,
      }),
    );
    expect(item?.findings).toHaveLength(5);
    expect(item?.findings.map(x => x.status)).toEqual([
      'fail',
      'fail',
      'fail',
      'warn',
      'pass',
    ]);
    // Within failures: worst severity first (info last).
    expect(item?.findings[2].severity).toBe('info');
  });

  it('takes severity from failures when there are any, else from warnings', () => {
    const plan = buildPlan({
      items: ALL_FULL,
      findings: [
        finding(RBAC, { status: 'fail', severity: 'low' }),
        finding(RBAC, { status: 'warn', severity: 'critical' }),
        finding(ADMISSION, { status: 'warn', severity: 'medium' }),
      ],
    });
    const bySeverity = Object.fromEntries(
      plan.items.map(i => [i.itemId, i.severity]),
    );
    expect(bySeverity[RBAC]).toBe('low');
    expect(bySeverity[ADMISSION]).toBe('medium');
    expect(bySeverity['cloud-network-isolation']).toBeUndefined();
  });

  it('summarises every category in order, counting open and applicable items', () => {
    const plan = buildPlan({
      items: evaluated(
        'full',
        'cloud-network-isolation',
        'cloud-mfa-enforced',
        'cluster-private-access',
        'workload-network-policies',
      ),
      findings: [
        finding('cluster-private-access'),
        finding('workload-network-policies', { status: 'warn' }),
      ],
      applicable: item =>
        item.id !== 'cloud-audit-logging' &&
        item.id !== 'image-pipeline-checks',
    });
    expect(plan.categories).toEqual([
      { category: 'cloud', open: 1, total: 3 }, // network + mfa pass, iam unknown
      { category: 'cluster', open: 5, total: 5 },
      { category: 'workload', open: 6, total: 6 },
      { category: 'image', open: 3, total: 3 },
    ]);
  });

  it('scores the plan from its item statuses and passes the provider through', () => {
    const plan = buildPlan({
      items: ALL_FULL,
      findings: [finding('cloud-mfa-enforced', { severity: 'critical' })],
      provider: 'gke',
      applicable: item => item.id !== 'cloud-audit-logging',
    });
    expect(plan.provider).toBe('gke');
    expect(plan.score).toEqual(
      computeScore(
        plan.items.map(({ itemId, status }) => ({ itemId, status })),
      ),
    );
    expect(plan.score.counts).toEqual(
      expect.objectContaining({ fail: 1, pass: 17, 'not-applicable': 1 }),
    );
    expect(plan.score.coverage).toBe(1);
    expect(buildPlan({ items: [], findings: [] }).provider).toBeUndefined();
    expect(buildPlan({ items: [], findings: [] }).score.value).toBeNull();
  });

  it('merges repeated evaluations of an item like mergeItemStatuses merges statuses', () => {
    const cases: Array<[Coverage[], ItemStatus]> = [
      [['full', 'none'], 'unknown'],
      [['none', 'partial'], 'partial'],
      [['full', 'partial'], 'partial'],
      [['full', 'full'], 'pass'],
    ];
    for (const [coverages, expected] of cases) {
      const plan = buildPlan({
        items: coverages.map(coverage => ({
          itemId: 'cluster-multi-zone',
          coverage,
          checksRun: [],
        })),
        findings: [],
      });
      const perCluster = coverages.map(coverage =>
        buildPlan({
          items: [{ itemId: 'cluster-multi-zone', coverage, checksRun: [] }],
          findings: [],
        }).items.filter(i => i.itemId === 'cluster-multi-zone'),
      );
      const merged = mergeItemStatuses(perCluster);
      const status = plan.items.find(
        i => i.itemId === 'cluster-multi-zone',
      )?.status;
      expect(status).toBe(expected);
      expect(merged[0].status).toBe(expected);
    }
  });

  it('ignores evaluations and findings of items that are not in the catalog', () => {
    const stray = {
      ...finding('cloud-network-isolation'),
      itemId: 'retired-item' as ActionItemId,
    };
    const plan = buildPlan({
      items: [
        {
          itemId: 'retired-item' as ActionItemId,
          coverage: 'full',
          checksRun: [],
        },
      ],
      findings: [stray],
    });
    expect(plan.items).toHaveLength(19);
    expect(plan.items.every(i => i.status === 'unknown')).toBe(true);
  });
});

describe('computePriority', () => {
  const base: PriorityFactors = {
    baseImpact: 60,
    status: 'fail',
    coverage: 'full',
    severity: 'medium',
    affected: 1,
    exposed: 0,
    dataStores: 0,
  };

  it('is zero for passing and not-applicable items', () => {
    expect(computePriority({ ...base, status: 'pass' })).toBe(0);
    expect(computePriority({ ...base, status: 'not-applicable' })).toBe(0);
  });

  it('gives unknown items a fixed share of their base impact', () => {
    expect(
      computePriority({
        ...base,
        status: 'unknown',
        coverage: 'none',
        severity: undefined,
        affected: 0,
      }),
    ).toBe(36);
  });

  it('follows the documented formula', () => {
    // 60 x 1 (fail) x 1.5 (high) x 1.75 (exposed + data) x (1 + log10(5) / 2)
    expect(
      computePriority({
        ...base,
        severity: 'high',
        affected: 4,
        exposed: 1,
        dataStores: 1,
      }),
    ).toBeCloseTo(60 * 1.5 * 1.75 * (1 + Math.log10(5) / 2), 1);
    // Warnings only: 0.75 of the failing priority.
    expect(computePriority({ ...base, status: 'partial' })).toBeCloseTo(
      computePriority(base) * 0.75,
      1,
    );
  });

  it('never drops below the uncertainty floor while evidence is incomplete', () => {
    expect(
      computePriority({
        ...base,
        status: 'partial',
        coverage: 'partial',
        severity: 'low',
      }),
    ).toBe(36);
  });

  it('grows monotonically with each factor', () => {
    const severities: Severity[] = [...SEVERITIES].reverse(); // info .. critical
    for (let i = 1; i < severities.length; i++) {
      expect(
        computePriority({ ...base, severity: severities[i] }),
      ).toBeGreaterThan(
        computePriority({ ...base, severity: severities[i - 1] }),
      );
    }
    for (const affected of [1, 2, 5, 10, 100]) {
      expect(
        computePriority({ ...base, affected: affected + 1 }),
      ).toBeGreaterThan(computePriority({ ...base, affected }));
    }
    expect(computePriority({ ...base, exposed: 1 })).toBeGreaterThan(
      computePriority(base),
    );
    expect(computePriority({ ...base, dataStores: 1 })).toBeGreaterThan(
      computePriority(base),
    );
    expect(computePriority({ ...base, baseImpact: 64 })).toBeGreaterThan(
      computePriority(base),
    );
    expect(computePriority(base)).toBeGreaterThan(
      computePriority({ ...base, status: 'partial' }),
    );
  });
});
