import { promises as fs } from 'fs';
import os from 'os';
import path from 'path';
import type { CliIo } from '../io';
import { runScan } from './scan';

const POD = `apiVersion: v1
kind: Pod
metadata: { name: web, namespace: team }
spec: { containers: [{ name: c, image: nginx:1.27 }] }
`;

/** Few lines whose aliases nest: each level names the previous one four times. */
function aliasBomb(levels: number): string {
  const lines = [
    'apiVersion: example.com/v1',
    'kind: Widget',
    'metadata: { name: bomb, namespace: team }',
    'spec:',
  ];
  lines.push('  l0: &l0 [x, x, x, x]');
  for (let i = 1; i <= levels; i++) {
    const p = `*l${i - 1}`;
    lines.push(`  l${i}: &l${i} [${p}, ${p}, ${p}, ${p}]`);
  }
  return `${lines.join('\n')}\n`;
}

async function folder(files: Record<string, string>): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ks-cli-limits-'));
  for (const [name, text] of Object.entries(files)) {
    await fs.writeFile(path.join(dir, name), text);
  }
  return dir;
}

async function scan(args: string[], cwd: string) {
  const captured = { stdout: '', stderr: '' };
  const io: CliIo = {
    stdout: {
      write: (c: string) => {
        captured.stdout += c;
        return true;
      },
    },
    stderr: {
      write: (c: string) => {
        captured.stderr += c;
        return true;
      },
    },
    cwd,
    env: {},
  };
  const code = await runScan(args, io);
  return { code, ...captured };
}

describe('kube-security scan --max-file-size / --max-alias-expansion', () => {
  it('skips a file over --max-file-size, naming it, and scans the others', async () => {
    const dir = await folder({
      'a-pod.yaml': POD,
      'b-big.yaml': `${POD}# ${'x'.repeat(3000)}\n`,
    });
    const plain = await scan(['--manifests', '.', '--format', 'json'], dir);
    expect(plain.stderr).not.toContain('b-big.yaml');
    const capped = await scan(
      ['--manifests', '.', '--format', 'json', '--max-file-size', '1000'],
      dir,
    );
    expect(capped.stderr).toMatch(
      /b-big\.yaml.*larger than the 1000-byte limit/,
    );
    const report = JSON.parse(capped.stdout);
    expect(report.findings.length).toBeGreaterThan(0);
  });

  it('skips a file whose aliases expand past --max-alias-expansion, naming it', async () => {
    const dir = await folder({
      'a-pod.yaml': POD,
      'b-bomb.yaml': aliasBomb(4),
    });
    const plain = await scan(['--manifests', '.', '--format', 'json'], dir);
    expect(plain.stderr).not.toContain('b-bomb.yaml');
    const capped = await scan(
      ['--manifests', '.', '--format', 'json', '--max-alias-expansion', '100'],
      dir,
    );
    expect(capped.stderr).toMatch(
      /b-bomb\.yaml.*expands to more than 100 values through YAML aliases/,
    );
  });

  it('refuses values that are not positive whole numbers', async () => {
    const dir = await folder({ 'a-pod.yaml': POD });
    for (const [flag, value] of [
      ['--max-file-size', '0'],
      ['--max-file-size', '12kb'],
      ['--max-alias-expansion', '-5'],
      ['--max-alias-expansion', '1.5'],
    ]) {
      const result = await scan(['--manifests', '.', flag, value], dir);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain(flag);
      expect(result.stderr).toContain('expected a whole number');
    }
  });
});
