import { promises as fs } from 'fs';
import os from 'os';
import path from 'path';
import {
  COLLECTED_KINDS,
  parseManifestText,
} from '@kube-security/plugin-kube-security-node';
import { FakeKubernetesApiServer } from '@kube-security/plugin-kube-security-node/testUtils';
import { memoryIo } from '../__testUtils__/memoryIo';
import { runScan } from './scan';

const fixtures = path.resolve(__dirname, '../__fixtures__');

// The first live scan loads @kubernetes/client-node, which takes seconds under jest.
jest.setTimeout(30_000);

/** A fake API server serving the objects of a fixture file, and a kubeconfig naming it. */
async function serveFixture(
  file: string,
  names: { context: string; cluster: string },
) {
  const text = await fs.readFile(path.join(fixtures, file), 'utf8');
  const api = await FakeKubernetesApiServer.start({
    objects: parseManifestText(text).objects as Array<{ kind: string }>,
  });
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ks-cli-'));
  const kubeconfig = path.join(dir, 'config');
  await fs.writeFile(kubeconfig, api.kubeconfig(names));
  return { api, kubeconfig };
}

/** `--kubeconfig/--context` read a live cluster with the backend's own collector. */
describe('kube-security scan --kubeconfig', () => {
  let api: FakeKubernetesApiServer;
  let kubeconfig: string;

  beforeAll(async () => {
    ({ api, kubeconfig } = await serveFixture('manifests/bad-practices.yaml', {
      context: 'staging',
      cluster: 'staging-eu',
    }));
  });

  afterAll(() => api.stop());

  it('scans the context a kubeconfig names, as a whole cluster', async () => {
    const { io, captured } = memoryIo();
    const code = await runScan(
      ['--kubeconfig', kubeconfig, '--context', 'staging', '--format', 'json'],
      io,
    );
    expect(captured.stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(captured.stdout);
    const checks = new Set(
      report.findings.map((f: { checkId: string }) => f.checkId),
    );
    expect(checks).toContain('workload-admission-policy/privileged-container');
    // A whole cluster: cluster-wide checks conclude (no policy engine is installed here).
    expect(checks).toContain('workload-admission-policy/policy-engine');
    expect(api.requestsTo('Secret')).toHaveLength(0);
  });

  it('names a kind the identity may not list and still scans the rest', async () => {
    api.addFault('ClusterRole', {
      type: 'status',
      status: 403,
      message: 'forbidden',
    });
    const { io, captured } = memoryIo();
    const code = await runScan(
      ['--kubeconfig', kubeconfig, '--format', 'json'],
      io,
    );
    api.clearFaults();
    expect(code).toBe(0);
    expect(captured.stderr).toMatch(/could not list ClusterRole/);
    expect(JSON.parse(captured.stdout).findings.length).toBeGreaterThan(0);
  });

  it('exits 2 when the identity may list nothing at all', async () => {
    for (const { kind } of COLLECTED_KINDS) {
      api.addFault(kind, { type: 'status', status: 403, message: 'forbidden' });
    }
    const { io, captured } = memoryIo();
    const code = await runScan(['--kubeconfig', kubeconfig], io);
    api.clearFaults();
    expect(code).toBe(2);
    expect(captured.stderr).toMatch(/no kind could be listed/);
  });

  it('exits 2 with the reason when the cluster cannot be read', async () => {
    const { io, captured } = memoryIo();
    const code = await runScan(
      ['--kubeconfig', kubeconfig, '--context', 'nope'],
      io,
    );
    expect(code).toBe(2);
    expect(captured.stderr).toMatch(/nope/);
  });
});

describe('kube-security scan --kubeconfig with exception annotations', () => {
  let api: FakeKubernetesApiServer;
  let kubeconfig: string;

  beforeAll(async () => {
    ({ api, kubeconfig } = await serveFixture('annotated/capture.yaml', {
      context: 'netops',
      cluster: 'lab',
    }));
  });

  afterAll(() => api.stop());

  it('reads the annotations of the live objects and names the context in warnings', async () => {
    const { io, captured } = memoryIo();
    io.now = () => new Date('2026-12-01T09:00:00Z');
    const code = await runScan(
      ['--kubeconfig', kubeconfig, '--format', 'json'],
      io,
    );
    expect(code).toBe(0);
    const report = JSON.parse(captured.stdout);
    const privileged = report.findings.find(
      (f: { checkId: string }) =>
        f.checkId === 'workload-admission-policy/privileged-container',
    );
    expect(privileged.accepted).toMatchObject({
      createdBy: 'annotation:lab/Deployment/netops/capture',
      validThrough: '2027-01-31',
    });
    expect(captured.stderr).toMatch(
      /^warning: context netops: Deployment netops\/capture: annotation kube-security\.io\/accept\.run-as-root is not honoured: it expired/m,
    );
  });
});
