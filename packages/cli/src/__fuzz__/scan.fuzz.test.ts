import { promises as fs } from 'fs';
import os from 'os';
import path from 'path';
import fc from 'fast-check';
import type { CliIo } from '../io';
import { runScan } from '../commands/scan';
import { hostileManifestText } from '../__testUtils__/hostileManifests';

const GOOD = `apiVersion: v1
kind: Pod
metadata: {name: good, namespace: shop}
spec:
  containers:
    - name: app
      image: registry.k8s.io/pause:3.9
      securityContext: {privileged: true}
`;

/**
 * Property: a folder with one good manifest and one hostile file always scans. The command
 * resolves (no crash), prints valid JSON, still reports the good file's finding, and every
 * error it prints names the hostile file. 200 folders per run, each a real scan from disk.
 */
describe('kube-security scan on hostile files', () => {
  let root: string;
  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'kube-security-fuzz-'));
  });
  afterAll(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('never crashes, reports the good file and names the bad one', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(hostileManifestText, async text => {
        const dir = path.join(root, String(run++));
        await fs.mkdir(dir);
        await fs.writeFile(path.join(dir, 'a-good.yaml'), GOOD);
        await fs.writeFile(path.join(dir, 'b-hostile.yaml'), text);
        let stdout = '';
        let stderr = '';
        const io: CliIo = {
          stdout: {
            write: c => {
              stdout += c;
              return true;
            },
            isTTY: false,
          },
          stderr: {
            write: c => {
              stderr += c;
              return true;
            },
          },
          cwd: dir,
          env: {},
        };
        const code = await runScan(
          ['--manifests', '.', '--format', 'json'],
          io,
        );
        expect([0, 1]).toContain(code);
        const report = JSON.parse(stdout);
        expect(report.findings).toContainEqual(
          expect.objectContaining({
            checkId: 'workload-admission-policy/privileged-container',
            resource: expect.objectContaining({ name: 'good' }),
          }),
        );
        for (const line of stderr
          .split('\n')
          .filter(l => l.startsWith('error:'))) {
          expect(line).toContain('b-hostile.yaml');
        }
      }),
      { numRuns: 200, seed: Number(process.env.FUZZ_SEED ?? 20261205) },
    );
  }, 180_000);
});
