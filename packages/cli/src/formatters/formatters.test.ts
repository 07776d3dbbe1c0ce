import {
  ACTION_ITEMS,
  getActionItem,
} from '@kube-security/plugin-kube-security-common';
import type {
  Finding,
  Plan,
  PlanItem,
} from '@kube-security/plugin-kube-security-common';
import type { ScanReport } from '../report';
import { locateFinding } from '../report';
import { formatJson } from './json';
import { escapeMarkdown, formatMarkdown } from './markdown';
import { formatSarif, sarifLevel } from './sarif';
import { formatTable } from './table';

function finding(
  overrides: Partial<Finding> & Pick<Finding, 'checkId'>,
): Finding {
  const itemId = overrides.checkId.split('/')[0] as Finding['itemId'];
  return {
    id: `id-${overrides.checkId}-${overrides.resource?.name ?? 'x'}`,
    itemId,
    category: getActionItem(itemId)!.category,
    status: 'fail',
    severity: 'medium',
    message: 'something is wrong',
    resource: { kind: 'Deployment', namespace: 'shop', name: 'web' },
    ...overrides,
  };
}

const privileged = finding({
  checkId: 'workload-admission-policy/privileged-container',
  severity: 'critical',
  message: 'Container nginx runs privileged',
  resource: {
    kind: 'Deployment',
    namespace: 'shop',
    name: 'web',
    container: 'nginx',
  },
  evidencePath: 'spec.template.spec.containers[0].securityContext.privileged',
  exposure: { internet: true, dataStore: false },
});
const defaultNamespace = finding({
  checkId: 'workload-namespace-isolation/default-namespace',
  message: 'Runs in the default namespace',
  resource: { kind: 'Deployment', namespace: 'default', name: 'legacy' },
});
const passing = finding({
  checkId: 'image-trusted-registries/untrusted-registry',
  status: 'pass',
  severity: 'high',
  message: 'Images come from trusted registries',
});
const markupWarning = finding({
  checkId: 'image-externalized-config/inline-config',
  status: 'warn',
  severity: 'low',
  message: 'Env *LOG_LEVEL* and <script> set inline',
  resource: {
    kind: 'Deployment',
    namespace: 'shop',
    name: 'web',
    container: 'nginx',
  },
});
const publicEndpoint = finding({
  checkId: 'cluster-private-access/public-endpoint',
  severity: 'critical',
  message: 'API server reachable from 0.0.0.0/0',
  resource: { kind: 'Cluster', name: 'prod' },
});

function planItem(
  itemId: PlanItem['itemId'],
  status: PlanItem['status'],
  priority: number,
  findings: Finding[],
): PlanItem {
  const item = getActionItem(itemId)!;
  return {
    itemId,
    category: item.category,
    title: item.title,
    status,
    priority,
    affected: findings.filter(f => f.status !== 'pass').length,
    exposed: findings.filter(f => f.exposure?.internet).length,
    findings,
    ...(findings.some(f => f.status === 'fail')
      ? { severity: findings[0].severity }
      : {}),
  };
}

function makeReport(overrides: Partial<ScanReport> = {}): ScanReport {
  const items = [
    planItem('cluster-private-access', 'fail', 95, [publicEndpoint]),
    planItem('workload-admission-policy', 'fail', 90, [privileged]),
    planItem('workload-namespace-isolation', 'fail', 40, [defaultNamespace]),
    planItem('image-externalized-config', 'partial', 20, [markupWarning]),
    planItem('image-trusted-registries', 'pass', 0, [passing]),
    planItem('cloud-mfa-enforced', 'unknown', 0, []),
  ];
  const plan: Plan = {
    items,
    categories: [
      { category: 'cloud', open: 1, total: 4 },
      { category: 'cluster', open: 1, total: 5 },
      { category: 'workload', open: 2, total: 6 },
      { category: 'image', open: 1, total: 4 },
    ],
    score: {
      value: 42,
      grade: 'D',
      coverage: 0.5,
      counts: {
        pass: 1,
        fail: 3,
        partial: 1,
        unknown: 1,
        accepted: 0,
        attested: 0,
        'not-applicable': 0,
      },
    },
  };
  return {
    cluster: 'prod',
    scope: 'manifests',
    toolVersion: '0.1.0',
    findings: [
      publicEndpoint,
      privileged,
      defaultNamespace,
      markupWarning,
      passing,
    ],
    plan,
    notes: [],
    files: ['k8s/web.yaml', 'k8s/legacy.yaml', 'cloud/eks.json'],
    cloudFiles: ['cloud/eks.json'],
    errors: [
      { file: 'k8s/broken.yaml', line: 4, message: 'YAML syntax error' },
    ],
    origins: {
      'Deployment|shop|web': { file: 'k8s/web.yaml', line: 3 },
      // Written without a namespace, so the engine's `default` must still find it.
      'Deployment||legacy': { file: 'k8s/legacy.yaml', line: 1 },
    },
    annotationProblems: [],
    ...overrides,
  };
}

describe('locateFinding', () => {
  it('finds manifests by kind, namespace and name, defaulting the namespace', () => {
    const report = makeReport();
    expect(locateFinding(report, privileged)).toEqual({
      file: 'k8s/web.yaml',
      line: 3,
    });
    expect(locateFinding(report, defaultNamespace)).toEqual({
      file: 'k8s/legacy.yaml',
      line: 1,
    });
  });

  it('finds a namespace by name even when the finding names it as its namespace too', () => {
    const report = makeReport({
      origins: { 'Namespace||shop': { file: 'k8s/ns.yaml', line: 2 } },
    });
    const namespaceFinding = finding({
      checkId: 'workload-admission-policy/pod-security-labels',
      resource: { kind: 'Namespace', namespace: 'shop', name: 'shop' },
    });
    expect(locateFinding(report, namespaceFinding)).toEqual({
      file: 'k8s/ns.yaml',
      line: 2,
    });
  });

  it('points cloud-evidenced findings at the descriptor, others nowhere', () => {
    const report = makeReport();
    expect(locateFinding(report, publicEndpoint)).toEqual({
      file: 'cloud/eks.json',
    });
    expect(
      locateFinding(makeReport({ cloudFiles: [] }), publicEndpoint),
    ).toBeUndefined();
  });
});

describe('formatJson', () => {
  const json = JSON.parse(formatJson(makeReport()));

  it('keeps every key, with null for what is unknown', () => {
    const legacy = json.findings.find((f: any) => f.resource.name === 'legacy');
    expect(legacy.resource).toEqual({
      kind: 'Deployment',
      namespace: 'default',
      name: 'legacy',
      container: null,
    });
    expect(legacy.evidencePath).toBeNull();
    const cluster = json.findings.find(
      (f: any) => f.resource.kind === 'Cluster',
    );
    expect(cluster.resource.namespace).toBeNull();
  });

  it('counts open findings by severity and all findings by status', () => {
    expect(json.summary.findings.bySeverity).toEqual({
      critical: 2,
      high: 0, // the high-severity finding passes
      medium: 1,
      low: 1,
      info: 0,
    });
    expect(json.summary.findings.byStatus).toEqual({
      fail: 3,
      warn: 1,
      pass: 1,
    });
    expect(json.summary).toEqual(
      expect.objectContaining({
        score: 42,
        grade: 'D',
        coverage: 0.5,
        filesScanned: 3,
        errors: [
          { file: 'k8s/broken.yaml', line: 4, message: 'YAML syntax error' },
        ],
      }),
    );
    expect(json.items[0]).toEqual({
      itemId: 'cluster-private-access',
      status: 'fail',
      priority: 95,
    });
  });
});

describe('formatSarif', () => {
  it('maps severities to SARIF levels', () => {
    expect(sarifLevel('critical')).toBe('error');
    expect(sarifLevel('high')).toBe('error');
    expect(sarifLevel('medium')).toBe('warning');
    expect(sarifLevel('low')).toBe('note');
    expect(sarifLevel('info')).toBe('note');
  });

  it('reports open findings only, each with its rule and location', () => {
    const log = JSON.parse(formatSarif(makeReport()));
    const run = log.runs[0];
    expect(log.version).toBe('2.1.0');
    expect(run.results.map((r: any) => r.ruleId)).toEqual([
      'cluster-private-access/public-endpoint',
      'workload-admission-policy/privileged-container',
      'workload-namespace-isolation/default-namespace',
      'image-externalized-config/inline-config',
    ]);
    expect(run.results.map((r: any) => r.level)).toEqual([
      'error',
      'error',
      'warning',
      'note',
    ]);
    const [endpoint, priv, legacy] = run.results;
    expect(endpoint.locations[0].physicalLocation.artifactLocation.uri).toBe(
      'cloud/eks.json',
    );
    expect(priv.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'k8s/web.yaml' },
      region: { startLine: 3 },
    });
    expect(priv.partialFingerprints['kubeSecurityFinding/v1']).toBe(
      privileged.id,
    );
    expect(legacy.locations[0].physicalLocation.region.startLine).toBe(1);
    expect(run.invocations[0].toolExecutionNotifications[0]).toEqual(
      expect.objectContaining({
        level: 'error',
        message: { text: 'YAML syntax error' },
      }),
    );
  });

  it('describes every catalog check as a rule, with provider docs when the provider is known', () => {
    const run = JSON.parse(formatSarif(makeReport({ provider: 'gke' })))
      .runs[0];
    const checks = ACTION_ITEMS.flatMap(item =>
      item.checks.map(check => ({ item, check })),
    );
    expect(run.tool.driver.rules).toHaveLength(checks.length);
    for (const { item, check } of checks) {
      const rule = run.tool.driver.rules.find((r: any) => r.id === check.id);
      expect(rule.shortDescription.text).toBe(check.title);
      expect(rule.defaultConfiguration.level).toBe(sarifLevel(check.severity));
      expect(rule.helpUri).toBe(item.remediation.gke.docs[0]?.url);
    }
  });

  it('adds a rule for a check the catalog does not know, keeping indexes valid', () => {
    const stray = finding({
      checkId: 'workload-admission-policy/not-in-catalog',
      severity: 'high',
    });
    const report = makeReport({ findings: [stray] });
    const run = JSON.parse(formatSarif(report)).runs[0];
    const [result] = run.results;
    expect(run.tool.driver.rules[result.ruleIndex].id).toBe(stray.checkId);
  });
});

describe('formatTable', () => {
  it('lists open items in plan order with their findings and locations', () => {
    const text = formatTable(makeReport(), { color: false });
    expect(text).not.toContain('\u001b[');
    const order = [
      '(cluster-private-access)',
      '(workload-admission-policy)',
      '(workload-namespace-isolation)',
      '(image-externalized-config)',
    ].map(id => text.indexOf(id));
    expect(order.every(i => i >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(text).toContain('Deployment shop/web [nginx] (internet-exposed)');
    expect(text).toContain('k8s/web.yaml:3');
    expect(text).toContain('score 42/100, grade D');
    expect(text).toMatch(/Passing: image-trusted-registries/);
    expect(text).toMatch(/No evidence: cloud-mfa-enforced/);
    expect(text).not.toMatch(/^ *\d+\. .*\(cloud-mfa-enforced\)/m);
    expect(text).toMatch(/1 input error/);
  });

  it('colours only when asked', () => {
    expect(formatTable(makeReport(), { color: true })).toContain('\u001b[31m');
  });
});

describe('formatMarkdown', () => {
  it('escapes scanner text', () => {
    expect(escapeMarkdown('a *b* <c> |d|')).toBe('a \\*b\\* \\<c\\> \\|d\\|');
  });

  it('renders items by priority with their findings and the provider first step', () => {
    const text = formatMarkdown(makeReport({ provider: 'eks' }));
    expect(text).toMatch(/^## Kube Security plan for `prod` \(EKS\)/);
    expect(text).toContain('**Score:** 42/100 (D)');
    const headings = text.match(/^### \d+\. .*$/gm)!;
    expect(headings.map(h => h.match(/`([a-z-]+)`$/)![1])).toEqual([
      'cluster-private-access',
      'workload-admission-policy',
      'workload-namespace-isolation',
      'image-externalized-config',
    ]);
    expect(text).toContain('Env \\*LOG\\_LEVEL\\* and \\<script\\> set inline');
    expect(text).not.toContain('<script>');
    const step = getActionItem('workload-admission-policy')!.remediation.eks
      .steps[0];
    expect(text).toContain(
      `**First step on EKS:** ${escapeMarkdown(step.text)}`,
    );
    expect(text).toContain('`k8s/web.yaml:3`');
  });

  it('leaves remediation out when the provider is unknown, and caps long lists', () => {
    const many = Array.from({ length: 5 }, (_, i) =>
      finding({
        checkId: 'workload-namespace-isolation/default-namespace',
        resource: {
          kind: 'Deployment',
          namespace: 'default',
          name: `app-${i}`,
        },
      }),
    );
    const report = makeReport({
      findings: many,
      plan: {
        ...makeReport().plan,
        items: [planItem('workload-namespace-isolation', 'fail', 40, many)],
      },
    });
    const text = formatMarkdown(report, { maxFindingsPerItem: 2 });
    expect(text).not.toContain('First step on');
    expect(text.match(/^- \*\*medium\*\*/gm)).toHaveLength(2);
    expect(text).toContain('- …and 3 more');
  });
});

describe('accepted findings and annotation problems', () => {
  const hostNamespaces = finding({
    checkId: 'workload-admission-policy/host-namespaces',
    severity: 'high',
    message: 'Shares the host network',
    resource: { kind: 'Deployment', namespace: 'shop', name: 'web' },
    accepted: {
      scope: 'check',
      justification: 'Captures *host* traffic | on purpose',
      createdBy: 'annotation:prod/Deployment/shop/web',
      // Valid through 2027-01-31 (UTC).
      expiresAt: '2027-02-01T00:00:00.000Z',
      source: 'annotation',
    },
  });
  const problem = {
    resource: {
      cluster: 'prod',
      kind: 'Deployment',
      namespace: 'shop',
      name: 'web',
    },
    annotation: 'kube-security.io/accept.run-as-root',
    message:
      'Deployment shop/web: annotation kube-security.io/accept.run-as-root is not honoured: it expired: it was valid through 2026-01-31; renew it with a later date or fix the finding',
    origin: { file: 'k8s/web.yaml', line: 3 },
  };

  function reportWithAccepted(): ScanReport {
    const base = makeReport();
    const admission = base.plan.items.find(
      i => i.itemId === 'workload-admission-policy',
    )!;
    admission.findings = [privileged, hostNamespaces];
    admission.acceptedFindings = 1;
    return makeReport({
      findings: [
        publicEndpoint,
        privileged,
        defaultNamespace,
        markupWarning,
        hostNamespaces,
        passing,
      ],
      plan: base.plan,
      annotationProblems: [problem],
    });
  }

  it('json: carries the acceptance on the finding, counts it apart and lists problems', () => {
    const json = JSON.parse(formatJson(reportWithAccepted()));
    expect(Object.keys(json)).toEqual([
      'findings',
      'items',
      'summary',
      'annotationProblems',
    ]);
    const accepted = json.findings.filter((f: any) => f.accepted !== null);
    expect(accepted).toHaveLength(1);
    expect(accepted[0].checkId).toBe(hostNamespaces.checkId);
    expect(accepted[0].accepted).toEqual({
      scope: 'check',
      justification: 'Captures *host* traffic | on purpose',
      createdBy: 'annotation:prod/Deployment/shop/web',
      expiresAt: '2027-02-01T00:00:00.000Z',
      validThrough: '2027-01-31',
      source: 'annotation',
    });
    // The accepted high finding is not among the findings that need work.
    expect(json.summary.findings.bySeverity.high).toBe(0);
    expect(json.summary.findings.accepted).toBe(1);
    expect(json.annotationProblems).toEqual([
      {
        annotation: 'kube-security.io/accept.run-as-root',
        resource: { kind: 'Deployment', namespace: 'shop', name: 'web' },
        message: problem.message,
        file: 'k8s/web.yaml',
        line: 3,
      },
    ]);
  });

  it('sarif: suppresses accepted findings in source and reports problems as warnings', () => {
    const run = JSON.parse(formatSarif(reportWithAccepted())).runs[0];
    const suppressed = run.results.filter((r: any) => r.suppressions);
    expect(suppressed.map((r: any) => r.ruleId)).toEqual([
      'workload-admission-policy/host-namespaces',
    ]);
    expect(suppressed[0].suppressions).toEqual([
      {
        kind: 'inSource',
        status: 'accepted',
        justification: 'Captures *host* traffic | on purpose',
      },
    ]);
    expect(suppressed[0].properties.acceptedUntil).toBe('2027-01-31');
    expect(run.results).toHaveLength(5);
    expect(run.invocations[0].toolExecutionNotifications).toEqual([
      expect.objectContaining({ level: 'error' }),
      {
        level: 'warning',
        message: { text: problem.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'k8s/web.yaml' },
              region: { startLine: 3 },
            },
          },
        ],
      },
    ]);
  });

  it('table: lists accepted risks apart with their expiry and reason', () => {
    const text = formatTable(reportWithAccepted(), { color: false });
    expect(text).toMatch(/^4 open findings: .*; 1 accepted$/m);
    const section = text.indexOf('Accepted risks (1)');
    expect(section).toBeGreaterThan(
      text.indexOf('(image-externalized-config)'),
    );
    expect(text).toContain(
      'ACCEPTED high     Deployment shop/web (workload-admission-policy/host-namespaces): ' +
        'accepted until 2027-01-31: Captures *host* traffic | on purpose  k8s/web.yaml:3',
    );
    // Not listed again among the findings to fix.
    expect(text.match(/Shares the host network/g)).toBeNull();
    expect(text).toContain(
      '1 exception annotation problem (listed on stderr): those annotations are not honoured',
    );
  });

  it('markdown: counts accepted findings and lists them and the problems apart', () => {
    const text = formatMarkdown(reportWithAccepted());
    expect(text).toContain('**Accepted:** 1');
    expect(text).toContain('### Accepted risks');
    expect(text).toContain(
      '- **high** `Deployment shop/web` `workload-admission-policy/host-namespaces`: ' +
        'accepted until 2027-01-31: Captures \\*host\\* traffic \\| on purpose (`k8s/web.yaml:3`)',
    );
    expect(text).not.toContain('Shares the host network');
    expect(text).toContain('**1 exception annotation(s) not honoured:**');
    expect(text).toContain(
      `- k8s/web.yaml:3: ${escapeMarkdown(problem.message)}`,
    );
  });
});

describe('standard control ids and notes', () => {
  const tagged = {
    ...privileged,
    standards: ['CIS 5.2.2', 'PSS baseline: Privileged Containers'],
  };
  const note =
    'Only manifests were scanned, so cluster-wide facts are not judged: installed agents';
  const report = () =>
    makeReport({
      findings: [publicEndpoint, tagged, defaultNamespace],
      notes: [note],
    });

  it('json: lists the ids of each finding (empty when none) and the notes', () => {
    const json = JSON.parse(formatJson(report()));
    const byCheck = Object.fromEntries(
      json.findings.map((f: any) => [f.checkId, f.standards]),
    );
    expect(byCheck[tagged.checkId]).toEqual(tagged.standards);
    expect(byCheck[defaultNamespace.checkId]).toEqual([]);
    expect(json.summary.notes).toEqual([note]);
  });

  it('sarif: tags results with their ids and rules with their check definition ids', () => {
    const log = JSON.parse(formatSarif(report()));
    const run = log.runs[0];
    const result = run.results.find((r: any) => r.ruleId === tagged.checkId);
    expect(result.properties.tags).toEqual(tagged.standards);
    const untagged = run.results.find(
      (r: any) => r.ruleId === defaultNamespace.checkId,
    );
    expect(untagged.properties.tags).toBeUndefined();
    for (const rule of run.tool.driver.rules) {
      const definition = ACTION_ITEMS.flatMap(i => i.checks).find(
        c => c.id === rule.id,
      );
      expect(rule.properties.tags).toEqual(
        expect.arrayContaining(definition!.standards),
      );
    }
  });

  it('table and markdown: mention the ids beside the finding and print the notes', () => {
    const table = formatTable(report(), { color: false });
    const line = table.split('\n').find(l => l.includes(tagged.message))!;
    expect(line).toContain('[CIS 5.2.2, PSS baseline: Privileged Containers]');
    expect(table).toContain(`note: ${note}`);

    const markdown = formatMarkdown(report());
    const item = markdown.split('\n').find(l => l.includes(tagged.message))!;
    expect(item).toContain(
      '(Standards: CIS 5.2.2, PSS baseline: Privileged Containers)',
    );
    const defaultLine = markdown
      .split('\n')
      .find(l => l.includes(defaultNamespace.message))!;
    expect(defaultLine).not.toContain('Standards');
    expect(markdown).toContain('**Notes on what this scan could judge:**');
    expect(markdown).toContain(`- ${escapeMarkdown(note)}`);
  });
});
