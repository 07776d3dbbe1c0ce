import { execFileSync } from 'child_process';
import { promises as fs } from 'fs';
import os from 'os';
import path from 'path';
import Ajv from 'ajv';
import { ACTION_ITEMS } from '@kube-security/plugin-kube-security-common';
import { escapeMarkdown } from '../formatters/markdown';
import { memoryIo } from '../__testUtils__/memoryIo';
import { runScan } from './scan';

const fixtures = path.resolve(__dirname, '../__fixtures__');
const cliRoot = path.resolve(__dirname, '../..');

async function scan(args: string[], options?: Parameters<typeof memoryIo>[0]) {
  const { io, captured } = memoryIo(options);
  const code = await runScan(args, io);
  return { code, ...captured };
}

async function scanJson(
  args: string[],
  options?: Parameters<typeof memoryIo>[0],
) {
  const result = await scan([...args, '--format', 'json'], options);
  return { ...result, json: JSON.parse(result.stdout) };
}

/** Validates a SARIF log against the SARIF 2.1.0 schema. */
async function expectValidSarif(log: unknown) {
  const schema = JSON.parse(
    await fs.readFile(
      require.resolve(
        '@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json',
      ),
      'utf8',
    ),
  );
  // The schema declares draft-04, which Ajv 8 does not ship. The keywords it uses mean
  // the same in draft-07, except the schema id: `id` in draft-04, `$id` since draft-06.
  delete schema.$schema;
  schema.$id = schema.id;
  delete schema.id;
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    validateFormats: false,
    // The schema's `language` pattern has a stray `]` that the `u` flag rejects.
    unicodeRegExp: false,
  });
  const validate = ajv.compile(schema);
  const valid = validate(log);
  expect(validate.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
}

// The hardened workload's registry; without it every image of an unknown registry fails.
const TRUSTED = ['--trusted-registry', 'registry.example.com'];

type JsonFinding = {
  checkId: string;
  itemId: string;
  status: string;
  severity: string;
  message: string;
  resource: {
    kind: string;
    namespace: string | null;
    name: string;
    container: string | null;
  };
};

const open = (findings: JsonFinding[]) =>
  findings.filter(f => f.status === 'fail' || f.status === 'warn');

describe('kube-security scan --format json on a folder of mixed manifests', () => {
  let result: Awaited<ReturnType<typeof scanJson>>;

  beforeAll(async () => {
    result = await scanJson(['--manifests', 'manifests', ...TRUSTED]);
  });

  it('exits 0 without --fail-on and reports nothing on stderr', () => {
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
  });

  it('prints exactly findings, items, summary and annotation problems', () => {
    const { json } = result;
    expect(Object.keys(json)).toEqual([
      'findings',
      'items',
      'summary',
      'annotationProblems',
    ]);
    expect(json.annotationProblems).toEqual([]);
    expect(json.findings.length).toBeGreaterThan(0);
    for (const finding of json.findings) {
      expect(Object.keys(finding)).toEqual([
        'checkId',
        'itemId',
        'category',
        'status',
        'severity',
        'message',
        'resource',
        'evidencePath',
        'standards',
        'accepted',
      ]);
      expect(finding.accepted).toBeNull();
      expect(Array.isArray(finding.standards)).toBe(true);
      expect(Object.keys(finding.resource)).toEqual([
        'kind',
        'namespace',
        'name',
        'container',
      ]);
      expect(finding.checkId.startsWith(`${finding.itemId}/`)).toBe(true);
    }
    const itemIds = ACTION_ITEMS.map(i => i.id).sort();
    expect(json.items.map((i: any) => i.itemId).sort()).toEqual(itemIds);
    for (const item of json.items) {
      expect(Object.keys(item)).toEqual(['itemId', 'status', 'priority']);
      expect(typeof item.priority).toBe('number');
    }
  });

  it('lists items in plan order: open items by descending priority first', () => {
    // Unknown items are open too: nobody could show they are done.
    const openItems = result.json.items.filter((i: any) =>
      ['fail', 'partial', 'unknown'].includes(i.status),
    );
    const priorities = openItems.map((i: any) => i.priority);
    expect(priorities).toEqual([...priorities].sort((a, b) => b - a));
    expect(result.json.items.slice(0, openItems.length)).toEqual(openItems);
  });

  it('summarises counts, score, coverage and files', () => {
    const { summary, findings } = result.json;
    expect(summary.filesScanned).toBe(3);
    expect(summary.errors).toEqual([]);
    expect(summary.scope).toBe('manifests');
    expect(summary.cluster).toBe('manifests');
    const count = (status: string) =>
      findings.filter((f: JsonFinding) => f.status === status).length;
    expect(summary.findings.byStatus).toEqual({
      fail: count('fail'),
      warn: count('warn'),
      pass: count('pass'),
    });
    const critical = open(findings).filter(f => f.severity === 'critical');
    expect(summary.findings.bySeverity.critical).toBe(critical.length);
    expect(summary.findings.total).toBe(findings.length);
    expect(typeof summary.coverage).toBe('number');
    expect(summary.coverage).toBeGreaterThan(0);
    expect(summary.coverage).toBeLessThanOrEqual(1);
    expect(summary.score === null || typeof summary.score === 'number').toBe(
      true,
    );
  });

  const expectations: Array<
    [string, string, { kind: string; namespace?: string; name: string }]
  > = [
    [
      'workload-admission-policy/privileged-container',
      'workload-admission-policy',
      { kind: 'Deployment', namespace: 'storefront', name: 'web' },
    ],
    [
      'workload-admission-policy/run-as-root',
      'workload-admission-policy',
      { kind: 'Deployment', namespace: 'storefront', name: 'web' },
    ],
    [
      'workload-admission-policy/host-path',
      'workload-admission-policy',
      { kind: 'Deployment', namespace: 'storefront', name: 'web' },
    ],
    [
      'workload-admission-policy/host-namespaces',
      'workload-admission-policy',
      { kind: 'Deployment', namespace: 'storefront', name: 'web' },
    ],
    [
      'workload-admission-policy/dangerous-capabilities',
      'workload-admission-policy',
      { kind: 'Deployment', namespace: 'storefront', name: 'web' },
    ],
    [
      'workload-admission-policy/pod-security-labels',
      'workload-admission-policy',
      { kind: 'Namespace', name: 'storefront' },
    ],
    [
      'workload-network-policies/ingress-not-restricted',
      'workload-network-policies',
      { kind: 'Deployment', namespace: 'storefront', name: 'web' },
    ],
    [
      'image-trusted-registries/untrusted-registry',
      'image-trusted-registries',
      { kind: 'Deployment', namespace: 'storefront', name: 'web' },
    ],
    [
      'image-trusted-registries/mutable-tag',
      'image-trusted-registries',
      { kind: 'Deployment', namespace: 'storefront', name: 'web' },
    ],
    [
      'image-externalized-config/literal-secret-env',
      'image-externalized-config',
      { kind: 'Deployment', namespace: 'storefront', name: 'web' },
    ],
    [
      'workload-namespace-isolation/default-namespace',
      'workload-namespace-isolation',
      { kind: 'Deployment', namespace: 'default', name: 'legacy-worker' },
    ],
    [
      'image-minimal-scanned-base/full-os-image',
      'image-minimal-scanned-base',
      { kind: 'Deployment', namespace: 'default', name: 'legacy-worker' },
    ],
    [
      'workload-rbac-least-privilege/default-service-account-token',
      'workload-rbac-least-privilege',
      { kind: 'Deployment', namespace: 'default', name: 'legacy-worker' },
    ],
  ];

  it.each(expectations)('flags %s under %s', (checkId, itemId, resource) => {
    const matches = open(result.json.findings).filter(
      f =>
        f.checkId === checkId &&
        f.resource.kind === resource.kind &&
        f.resource.name === resource.name &&
        (resource.namespace === undefined ||
          f.resource.namespace === resource.namespace),
    );
    expect(matches.length).toBeGreaterThan(0);
    for (const match of matches) expect(match.itemId).toBe(itemId);
    const item = result.json.items.find((i: any) => i.itemId === itemId);
    expect(['fail', 'partial']).toContain(item.status);
  });

  it('flags the cluster-wide secret reader under workload-rbac-least-privilege', () => {
    const matches = open(result.json.findings).filter(
      f => f.checkId === 'workload-rbac-least-privilege/cluster-secrets-read',
    );
    expect(matches.length).toBeGreaterThan(0);
    expect(matches[0].itemId).toBe('workload-rbac-least-privilege');
    expect(
      matches.some(f =>
        ['ci-reads-secrets', 'secret-reader'].includes(f.resource.name),
      ),
    ).toBe(true);
  });

  it('raises the runtime-socket hostPath to critical', () => {
    const hostPath = open(result.json.findings).find(
      f =>
        f.checkId === 'workload-admission-policy/host-path' &&
        f.resource.name === 'web',
    );
    expect(hostPath?.severity).toBe('critical');
  });

  it('never prints the literal secret value', () => {
    expect(result.stdout).not.toContain('hunter2-do-not-print');
  });

  it('leaves the hardened workload and its namespace clean', () => {
    const hardened = open(result.json.findings).filter(
      f =>
        f.resource.namespace === 'payments' ||
        (f.resource.kind === 'Namespace' && f.resource.name === 'payments'),
    );
    expect(hardened).toEqual([]);
  });

  it('never leaves an item partial only because manifests were scanned, and says what they cannot show', async () => {
    // A hardened workload alone: nothing in it is cluster-wide, no Role, no descriptor.
    const { json } = await scanJson(['--manifests', 'hardened/hardened.yaml']);
    expect(
      json.items.filter((i: any) => i.itemId === 'workload-admission-policy'),
    ).toEqual([expect.objectContaining({ status: 'pass' })]);
    for (const item of json.items.filter((i: any) => i.status === 'partial')) {
      // Partial then means a warning, not missing cluster-wide evidence.
      expect(
        json.findings.some(
          (f: any) => f.itemId === item.itemId && f.status === 'warn',
        ),
      ).toBe(true);
    }
    expect(json.summary.notes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^Only manifests were scanned, so cluster-wide facts are not judged: .*agents.*admission policy engines.*network plugin.*RBAC bindings/,
        ),
      ]),
    );
  });
});

describe('--fail-on', () => {
  it('exits 1 when a failing finding reaches the threshold', async () => {
    const critical = await scan([
      '--manifests',
      'manifests',
      '--fail-on',
      'critical',
      ...TRUSTED,
    ]);
    expect(critical.code).toBe(1);
    expect(critical.stderr).toMatch(/at critical severity or worse/);
    const low = await scan([
      '--manifests',
      'manifests',
      '--fail-on',
      'low',
      ...TRUSTED,
    ]);
    expect(low.code).toBe(1);
  });

  it('exits 0 when every failing finding is below the threshold', async () => {
    // Only a mutable `latest` tag (medium) and an unpinned digest (low) are wrong here.
    const { json } = await scanJson(['--manifests', 'medium-only', ...TRUSTED]);
    const failing = json.findings.filter(
      (f: JsonFinding) => f.status === 'fail',
    );
    expect(failing.map((f: JsonFinding) => f.checkId)).toContain(
      'image-trusted-registries/mutable-tag',
    );
    expect(
      failing.every((f: JsonFinding) => ['medium', 'low'].includes(f.severity)),
    ).toBe(true);

    expect(
      (
        await scan([
          '--manifests',
          'medium-only',
          '--fail-on',
          'high',
          ...TRUSTED,
        ])
      ).code,
    ).toBe(0);
    expect(
      (
        await scan([
          '--manifests',
          'medium-only',
          '--fail-on',
          'medium',
          ...TRUSTED,
        ])
      ).code,
    ).toBe(1);
  });

  it('exits 0 on the hardened workload even at --fail-on low', async () => {
    const result = await scan([
      '--manifests',
      'hardened',
      '--fail-on',
      'low',
      ...TRUSTED,
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('never fails without --fail-on', async () => {
    expect((await scan(['--manifests', 'manifests'])).code).toBe(0);
  });
});

// Broken files are written at test time: committed as fixtures they would break the
// repository's prettier and YAML tooling.
const GOOD_POD = `apiVersion: v1
kind: Pod
metadata:
  name: debug
  namespace: tools
spec:
  containers:
    - name: shell
      image: busybox
      securityContext:
        privileged: true
`;
// Line 12 repeats the `image` key of the container, which YAML forbids.
const HALF_WRITTEN = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: half-written
  namespace: tools
spec:
  template:
    spec:
      containers:
        - name: app
          image: example/app:1.0
          image: example/app:1.1
        - name: sidecar
`;
const UNREADABLE = `kind: Deployment
metadata:
  name: [broken
    namespace: x
`;

describe('unreadable inputs', () => {
  let dir: string;
  const inDir = () => ({ cwd: dir });

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kube-security-broken-'));
    await fs.mkdir(path.join(dir, 'broken'));
    await fs.writeFile(path.join(dir, 'broken/good.yaml'), GOOD_POD);
    await fs.writeFile(path.join(dir, 'broken/bad.yaml'), HALF_WRITTEN);
    await fs.writeFile(path.join(dir, 'unreadable.yaml'), UNREADABLE);
  });

  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('names the bad file and line on stderr and still scans the others', async () => {
    const { code, stderr, json } = await scanJson(
      ['--manifests', 'broken'],
      inDir(),
    );
    expect(code).toBe(0);
    expect(stderr).toMatch(/^error: broken\/bad\.yaml:12: /m);
    expect(stderr).not.toMatch(/good\.yaml/);
    expect(json.summary.filesScanned).toBe(2);
    expect(json.summary.errors).toEqual([
      expect.objectContaining({ file: 'broken/bad.yaml', line: 12 }),
    ]);
    const debugPod = json.findings.filter(
      (f: JsonFinding) =>
        f.resource.kind === 'Pod' &&
        f.resource.name === 'debug' &&
        f.checkId === 'workload-admission-policy/privileged-container',
    );
    expect(debugPod).toHaveLength(1);
    expect(debugPod[0].status).toBe('fail');
  });

  it('still applies --fail-on to what could be read', async () => {
    const { code } = await scan(
      ['--manifests', 'broken', '--fail-on', 'critical'],
      inDir(),
    );
    expect(code).toBe(1);
  });

  it('exits 2 when no input is given', async () => {
    const { code, stderr, stdout } = await scan([]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/nothing to scan/);
    expect(stdout).toBe('');
  });

  it('exits 2 when the only file cannot be parsed', async () => {
    const { code, stderr, stdout } = await scan(
      ['--manifests', 'unreadable.yaml', '--format', 'json'],
      inDir(),
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error: unreadable\.yaml:\d+: /m);
    expect(stderr).toMatch(/nothing was scanned/);
    expect(stdout).toBe('');
  });

  it('exits 2 when a path does not exist', async () => {
    const { code, stderr } = await scan(['--manifests', 'no-such-folder']);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /^error: no-such-folder: no such file or directory$/m,
    );
  });

  it('exits 2 on a usage error', async () => {
    const { code, stderr } = await scan([
      '--manifests',
      'manifests',
      '--format',
      'xml',
    ]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/xml/);
  });
});

describe('--format sarif', () => {
  it('produces a SARIF 2.1.0 log that validates against the schema', async () => {
    const { code, stdout } = await scan([
      '--manifests',
      'manifests',
      '--format',
      'sarif',
    ]);
    expect(code).toBe(0);
    const log = JSON.parse(stdout);

    await expectValidSarif(log);

    const run = log.runs[0];
    expect(run.tool.driver.name).toBe('kube-security');
    const ruleIds = run.tool.driver.rules.map((r: any) => r.id);
    const catalogChecks = ACTION_ITEMS.flatMap(i => i.checks.map(c => c.id));
    expect(ruleIds).toEqual(expect.arrayContaining(catalogChecks));
    const levels: Record<string, string> = {
      critical: 'error',
      high: 'error',
      medium: 'warning',
      low: 'note',
      info: 'note',
    };
    for (const result of run.results) {
      expect(run.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
      expect(result.level).toBe(levels[result.properties.severity]);
    }
    expect(new Set(run.results.map((r: any) => r.level))).toEqual(
      new Set(['error', 'warning', 'note']),
    );

    const privileged = run.results.find(
      (r: any) =>
        r.ruleId === 'workload-admission-policy/privileged-container' &&
        r.message.text.includes('storefront/web'),
    );
    expect(privileged.level).toBe('error');
    expect(privileged.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'manifests/bad-practices.yaml' },
      // The Deployment's document starts on line 7 of the fixture.
      region: { startLine: 7 },
    });
    const legacy = run.results.find(
      (r: any) =>
        r.ruleId === 'workload-namespace-isolation/default-namespace' &&
        r.message.text.includes('legacy-worker'),
    );
    // No namespace in the manifest: still located in its file.
    expect(legacy.locations[0].physicalLocation.artifactLocation.uri).toBe(
      'manifests/bad-practices.yaml',
    );
  });
});

describe('table and markdown output', () => {
  it('groups findings under items in plan order, without colour when not a TTY', async () => {
    const { json } = await scanJson(['--manifests', 'manifests']);
    const { stdout } = await scan(['--manifests', 'manifests']);
    expect(stdout).not.toContain('\u001b[');
    const openIds = json.items
      .filter((i: any) =>
        json.findings.some(
          (f: JsonFinding) => f.itemId === i.itemId && f.status !== 'pass',
        ),
      )
      .map((i: any) => i.itemId);
    const positions = openIds.map((id: string) => stdout.indexOf(`(${id})`));
    expect(positions.every((p: number) => p >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(stdout).toContain('Deployment storefront/web');
    expect(stdout).toMatch(
      /Namespace storefront: .* {2}manifests\/bad-practices\.yaml:2$/m,
    );
  });

  it('colours a terminal unless NO_COLOR is set', async () => {
    const tty = await scan(['--manifests', 'manifests'], { isTTY: true });
    expect(tty.stdout).toContain('\u001b[');
    const noColor = await scan(['--manifests', 'manifests'], {
      isTTY: true,
      env: { NO_COLOR: '1' },
    });
    expect(noColor.stdout).not.toContain('\u001b[');
  });

  it('writes a PR-ready plan with the first remediation step for the provider', async () => {
    const { stdout, code } = await scan([
      '--manifests',
      'manifests',
      '--provider',
      'gke',
      '--format',
      'markdown',
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^## Kube Security plan for `manifests` \(GKE\)/);
    const admission = ACTION_ITEMS.find(
      i => i.id === 'workload-admission-policy',
    )!;
    const heading = stdout.indexOf(`\`workload-admission-policy\``);
    expect(heading).toBeGreaterThan(0);
    const firstStep = admission.remediation.gke.steps[0];
    expect(stdout).toContain('**First step on GKE:**');
    expect(stdout).toContain(
      firstStep.command ?? escapeMarkdown(firstStep.text),
    );
    expect(stdout).not.toContain('hunter2-do-not-print');
  });

  it('writes the report to --output instead of stdout', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kube-security-cli-'));
    try {
      const target = path.join(dir, 'report.json');
      const { code, stdout, stderr } = await scan([
        '--manifests',
        'manifests',
        '--format',
        'json',
        '--output',
        target,
      ]);
      expect(code).toBe(0);
      expect(stdout).toBe('');
      expect(stderr).toContain('wrote json report');
      const written = JSON.parse(await fs.readFile(target, 'utf8'));
      expect(written.summary.filesScanned).toBe(3);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('--cloud descriptors', () => {
  it.each([
    ['eks', 'cloud/eks.json'],
    ['gke', 'cloud/gke.json'],
    ['aks', 'cloud/aks.json'],
  ])('evaluates a %s descriptor', async (provider, file) => {
    const { code, stderr, json } = await scanJson([
      '--cloud',
      file,
      '--provider',
      provider,
      '--cluster',
      `prod-${provider}`,
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(json.summary.provider).toBe(provider);
    expect(json.summary.cluster).toBe(`prod-${provider}`);
    expect(json.summary.filesScanned).toBe(1);
    // Every fixture leaves the API server reachable from anywhere.
    const endpoint = json.findings.filter(
      (f: JsonFinding) =>
        f.checkId === 'cluster-private-access/public-endpoint' &&
        f.status === 'fail',
    );
    expect(endpoint).toHaveLength(1);
    expect(endpoint[0].itemId).toBe('cluster-private-access');
    const item = json.items.find(
      (i: any) => i.itemId === 'cluster-private-access',
    );
    expect(['fail', 'partial']).toContain(item.status);
  });

  it('infers the provider from the descriptor and locates cloud findings in it (SARIF)', async () => {
    const { code, stdout } = await scan([
      '--cloud',
      'cloud/eks.json',
      '--format',
      'sarif',
    ]);
    expect(code).toBe(0);
    const results = JSON.parse(stdout).runs[0].results;
    const endpoint = results.find(
      (r: any) => r.ruleId === 'cluster-private-access/public-endpoint',
    );
    expect(endpoint.level).toBe('error');
    expect(endpoint.locations[0].physicalLocation.artifactLocation.uri).toBe(
      'cloud/eks.json',
    );
  });

  it('combines manifests and a descriptor in one plan', async () => {
    const { json } = await scanJson([
      '--manifests',
      'manifests',
      '--cloud',
      'cloud/aks.json',
    ]);
    const categories = new Set(open(json.findings).map((f: any) => f.category));
    expect([...categories]).toEqual(
      expect.arrayContaining(['cluster', 'workload', 'image']),
    );
    expect(json.summary.provider).toBe('aks');
    expect(json.summary.filesScanned).toBe(4);
  });

  it('merges several files of one cluster into one descriptor', async () => {
    const { code, stderr, json } = await scanJson([
      '--cloud',
      'cloud/eks.json',
      '--cloud',
      'cloud/eks-account.json',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const failing = json.findings.filter(
      (f: JsonFinding) => f.status === 'fail',
    );
    // From describe-cluster in the first file...
    expect(failing.map((f: JsonFinding) => f.checkId)).toContain(
      'cluster-private-access/public-endpoint',
    );
    // ...and from the account facts in the second: only the console user without MFA.
    const mfa = failing.filter(
      (f: JsonFinding) => f.checkId === 'cloud-mfa-enforced/iam-users-mfa',
    );
    expect(mfa.map((f: JsonFinding) => f.resource.name)).toEqual(['jane.doe']);
  });

  // The node library's own good and bad descriptors, one pair per provider.
  const engineFixtures = path.resolve(
    __dirname,
    '../../../../plugins/kube-security-node/src/checks/__fixtures__/cloud',
  );
  it.each(['eks', 'gke', 'aks'])(
    'passes a well-configured %s cluster and fails a badly configured one',
    async provider => {
      const good = await scan([
        '--cloud',
        path.join(engineFixtures, `${provider}-good.json`),
        '--provider',
        provider,
        '--fail-on',
        'low',
        '--format',
        'json',
      ]);
      expect(good.stderr).toBe('');
      expect(good.code).toBe(0);
      const goodFindings = JSON.parse(good.stdout).findings;
      expect(
        goodFindings.filter((f: JsonFinding) => f.status === 'fail'),
      ).toEqual([]);

      const bad = await scan([
        '--cloud',
        path.join(engineFixtures, `${provider}-bad.json`),
        '--provider',
        provider,
        '--fail-on',
        'critical',
        '--format',
        'json',
      ]);
      expect(bad.code).toBe(1);
      const badFailing = JSON.parse(bad.stdout).findings.filter(
        (f: JsonFinding) => f.status === 'fail',
      );
      expect(badFailing.map((f: JsonFinding) => f.checkId)).toContain(
        'cluster-private-access/public-endpoint',
      );
      expect(
        new Set(badFailing.map((f: JsonFinding) => f.itemId.split('-')[0])),
      ).toEqual(new Set(['cloud', 'cluster', 'image']));
    },
  );

  it('rejects a descriptor of another provider than --provider', async () => {
    const { code, stderr } = await scan([
      '--cloud',
      'cloud/gke.json',
      '--provider',
      'eks',
    ]);
    expect(stderr).toMatch(/^error: cloud\/gke\.json: .*(GKE|gke)/m);
    expect(code).toBe(2);
  });
});

describe('bin/kube-security', () => {
  it('runs from the repository without a build', () => {
    const stdout = execFileSync(
      process.execPath,
      [
        path.join(cliRoot, 'bin/kube-security'),
        'scan',
        '--manifests',
        'manifests',
        '--format',
        'json',
      ],
      {
        cwd: fixtures,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      },
    );
    const json = JSON.parse(stdout);
    expect(json.summary.filesScanned).toBe(3);
    expect(
      json.findings.some(
        (f: JsonFinding) =>
          f.checkId === 'workload-admission-policy/privileged-container' &&
          f.resource.name === 'web',
      ),
    ).toBe(true);
  }, 120_000);

  it('exits with the scan exit code', () => {
    let status: number | null = 0;
    try {
      execFileSync(
        process.execPath,
        [
          path.join(cliRoot, 'bin/kube-security'),
          'scan',
          '--manifests',
          'manifests',
          '--fail-on',
          'critical',
        ],
        { cwd: fixtures, encoding: 'utf8', stdio: 'pipe' },
      );
    } catch (error: any) {
      status = error.status;
    }
    expect(status).toBe(1);
  }, 120_000);
});

describe('exception annotations (kube-security.io/accept.<check>)', () => {
  // The fixtures' dates are read against this clock, never the machine's.
  const NOW = new Date('2026-12-01T09:00:00Z');
  const at = { now: NOW };
  const CAPTURE = 'annotated/capture.yaml';

  type JsonAccepted = JsonFinding & {
    accepted: null | Record<string, string>;
  };
  const acceptedChecks = (findings: JsonAccepted[]) =>
    findings
      .filter(f => f.accepted !== null)
      .map(f => `${f.checkId} ${f.resource.kind} ${f.resource.name}`)
      .sort();

  it('marks the findings valid annotations cover as accepted, and only those', async () => {
    const { code, json } = await scanJson(
      ['--manifests', 'annotated', ...TRUSTED],
      at,
    );
    expect(code).toBe(0);
    expect(acceptedChecks(json.findings)).toEqual([
      'workload-admission-policy/host-namespaces Deployment capture',
      'workload-admission-policy/pod-security-labels Namespace netops',
      'workload-admission-policy/privileged-container Deployment capture',
    ]);
    const privileged = json.findings.find(
      (f: JsonAccepted) =>
        f.checkId === 'workload-admission-policy/privileged-container' &&
        f.resource.name === 'capture',
    );
    expect(privileged.status).toBe('fail');
    expect(privileged.accepted).toEqual({
      scope: 'check',
      justification: 'Packet capture needs raw sockets on the host',
      createdBy: 'annotation:manifests/Deployment/netops/capture',
      expiresAt: '2027-01-31T23:59:59.999Z',
      validThrough: '2027-01-31',
      source: 'annotation',
    });
    // Expired, unparsable and pod-template annotations leave their findings failing.
    const stillFailing = json.findings
      .filter((f: JsonAccepted) => f.status === 'fail' && f.accepted === null)
      .map((f: JsonAccepted) => `${f.checkId} ${f.resource.name}`);
    expect(stillFailing).toEqual(
      expect.arrayContaining([
        'workload-admission-policy/run-as-root capture',
        'workload-admission-policy/dangerous-capabilities capture',
        'workload-admission-policy/privileged-container probe',
      ]),
    );
    expect(json.summary.findings.accepted).toBe(3);
    expect(json.summary.findings.bySeverity.critical).toBe(1); // probe only
  });

  it('reports each annotation problem on stderr and in the json, with file and line', async () => {
    const { stderr, json } = await scanJson(
      ['--manifests', 'annotated', ...TRUSTED],
      at,
    );
    const warnings = stderr.trimEnd().split('\n');
    expect(warnings).toEqual([
      expect.stringMatching(
        /^warning: annotated\/capture\.yaml:13: Deployment netops\/capture: annotation kube-security\.io\/accept\.dangerous-capabilities is not honoured: the expiry "2027-02-30" is not a day of the calendar$/,
      ),
      expect.stringMatching(
        /^warning: annotated\/capture\.yaml:13: .* kube-security\.io\/accept\.run-as-root is not honoured: it expired: it was valid through 2026-11-30/,
      ),
      expect.stringMatching(
        /^warning: annotated\/probe\.yaml:2: Deployment netops\/probe: annotation kube-security\.io\/accept\.privileged is not honoured: "privileged" names no Kube Security check/,
      ),
      expect.stringMatching(
        /^warning: annotated\/probe\.yaml:2: .*: the reason "tests" is too short/,
      ),
    ]);
    // The Secret's annotation is never kept, and neither is its data.
    expect(stderr).not.toContain('probe-token');
    expect(stderr + JSON.stringify(json)).not.toContain(
      'do-not-print-this-token',
    );
    expect(
      json.annotationProblems.map((p: any) => [p.annotation, p.file, p.line]),
    ).toEqual([
      ['kube-security.io/accept.dangerous-capabilities', CAPTURE, 13],
      ['kube-security.io/accept.run-as-root', CAPTURE, 13],
      ['kube-security.io/accept.privileged', 'annotated/probe.yaml', 2],
      ['kube-security.io/accept.privileged', 'annotated/probe.yaml', 2],
    ]);
  });

  it('lets --fail-on ignore accepted findings until they expire', async () => {
    const accepted = await scan(
      ['--manifests', CAPTURE, '--fail-on', 'critical', ...TRUSTED],
      at,
    );
    expect(accepted.code).toBe(0);

    const afterExpiry = await scan(
      ['--manifests', CAPTURE, '--fail-on', 'critical', ...TRUSTED],
      { now: new Date('2027-02-01T00:00:00Z') },
    );
    expect(afterExpiry.code).toBe(1);
    expect(afterExpiry.stderr).toContain(
      'kube-security.io/accept.privileged-container is not honoured: it expired: it was valid through 2027-01-31',
    );

    const withProbe = await scan(
      ['--manifests', 'annotated', '--fail-on', 'critical', ...TRUSTED],
      at,
    );
    expect(withProbe.code).toBe(1);
    expect(withProbe.stderr).toContain(
      '1 failing finding at critical severity or worse (--fail-on critical); 1 more is accepted',
    );
  });

  it('refuses annotations beyond --max-exception-days, naming the maximum', async () => {
    // 2027-01-31 is 61 days after 2026-12-01.
    const { code, stderr } = await scan(
      [
        '--manifests',
        CAPTURE,
        '--fail-on',
        'critical',
        '--max-exception-days',
        '60',
        ...TRUSTED,
      ],
      at,
    );
    expect(code).toBe(1);
    expect(stderr).toContain(
      'kube-security.io/accept.privileged-container is not honoured: the expiry 2027-01-31 is 61 days away; the maximum is 60 days',
    );
    const { json } = await scanJson(
      ['--manifests', CAPTURE, '--max-exception-days', '61', ...TRUSTED],
      at,
    );
    expect(acceptedChecks(json.findings)).toContain(
      'workload-admission-policy/privileged-container Deployment capture',
    );
  });

  it.each(['0', '-3', 'soon', '1.5'])(
    'exits 2 on --max-exception-days %s',
    async days => {
      const { code, stderr } = await scan(
        ['--manifests', CAPTURE, `--max-exception-days=${days}`],
        at,
      );
      expect(code).toBe(2);
      expect(stderr).toContain('expected a whole number of days, 1 or more');
    },
  );

  it('shows accepted findings apart in the table and in markdown', async () => {
    const table = await scan(['--manifests', 'annotated', ...TRUSTED], at);
    expect(table.stdout).toMatch(/open findings: .*; 3 accepted$/m);
    expect(table.stdout).toContain('Accepted risks (3)');
    expect(table.stdout).toMatch(
      /ACCEPTED critical Deployment netops\/capture \[tcpdump\] \(workload-admission-policy\/privileged-container\): accepted until 2027-01-31: Packet capture needs raw sockets on the host {2}annotated\/capture\.yaml:13$/m,
    );
    expect(table.stdout).toContain(
      '4 exception annotation problems (listed on stderr)',
    );

    const markdown = await scan(
      ['--manifests', 'annotated', '--format', 'markdown', ...TRUSTED],
      at,
    );
    expect(markdown.stdout).toContain('**Accepted:** 3');
    expect(markdown.stdout).toContain('### Accepted risks');
    expect(markdown.stdout).toContain(
      '`workload-admission-policy/pod-security-labels`: accepted until 2027-02-28: The capture tools need privileged pods',
    );
  });

  it('emits accepted findings in SARIF as suppressed in source, still schema-valid', async () => {
    const { code, stdout } = await scan(
      ['--manifests', 'annotated', '--format', 'sarif', ...TRUSTED],
      at,
    );
    expect(code).toBe(0);
    const log = JSON.parse(stdout);
    await expectValidSarif(log);
    const run = log.runs[0];
    const suppressed = run.results.filter((r: any) => r.suppressions);
    expect(suppressed.map((r: any) => r.ruleId).sort()).toEqual([
      'workload-admission-policy/host-namespaces',
      'workload-admission-policy/pod-security-labels',
      'workload-admission-policy/privileged-container',
    ]);
    const privileged = suppressed.find(
      (r: any) => r.ruleId === 'workload-admission-policy/privileged-container',
    );
    expect(privileged.suppressions).toEqual([
      {
        kind: 'inSource',
        status: 'accepted',
        justification: 'Packet capture needs raw sockets on the host',
      },
    ]);
    expect(privileged.locations[0].physicalLocation.artifactLocation.uri).toBe(
      CAPTURE,
    );
    const warnings = run.invocations[0].toolExecutionNotifications.filter(
      (n: any) => n.level === 'warning',
    );
    expect(warnings).toHaveLength(4);
  });
});
