import { ConfigReader } from '@backstage/config';
import { DEFAULT_MANIFEST_LIMITS } from '@kube-security/plugin-kube-security-node';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { readKubeSecurityConfig } from '../config/readConfig';
import { SnapshotDirectoryCollector } from './SnapshotDirectoryCollector';

const POD = `apiVersion: v1
kind: Pod
metadata: { name: ok, namespace: team }
spec: { containers: [{ name: c, image: nginx:1.27 }] }
`;

/** A small file whose aliases nest: each level names the one before it four times. */
function aliasBomb(levels: number): string {
  const lines = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata: { name: bomb }',
    'data:',
  ];
  lines.push('  l0: &l0 [x, x, x, x]');
  for (let i = 1; i <= levels; i++) {
    const p = `*l${i - 1}`;
    lines.push(`  l${i}: &l${i} [${p}, ${p}, ${p}, ${p}]`);
  }
  return `${lines.join('\n')}\n`;
}

function snapshotDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ks-limits-'));
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const read = (kubeSecurity: object) =>
  readKubeSecurityConfig(new ConfigReader({ kubeSecurity }));

describe('manifest limits of snapshot folders', () => {
  it('uses the node package defaults when nothing is configured', () => {
    const config = read({ snapshots: [{ name: 'a', directory: 'x' }] });
    expect(config.manifestLimits).toEqual(DEFAULT_MANIFEST_LIMITS);
  });

  it('refuses a file over the configured size and names it, still reading the others', async () => {
    const directory = snapshotDir({
      '01-pod.yaml': POD,
      '02-big.yaml': `${POD}# ${'x'.repeat(4000)}\n`,
    });
    const config = read({
      manifestLimits: { maxFileBytes: 2000 },
      snapshots: [{ name: 'a', directory }],
    });
    const result = await new SnapshotDirectoryCollector(
      config.snapshots,
    ).collect('a');
    expect(result.objects).toHaveLength(1);
    expect(result.notes?.join('\n')).toMatch(
      /02-big\.yaml: File is larger than the 2000-byte limit/,
    );
    expect(result.unreadable?.length).toBe(1);
  });

  it('refuses alias expansion over the configured cap and names the file', async () => {
    const directory = snapshotDir({
      '01-pod.yaml': POD,
      '02-bomb.yaml': aliasBomb(4), // 4^5 values from a few lines
    });
    const loose = read({ snapshots: [{ name: 'a', directory }] });
    const strict = read({
      manifestLimits: { maxAliasExpansion: 100 },
      snapshots: [{ name: 'a', directory }],
    });
    const ok = await new SnapshotDirectoryCollector(loose.snapshots).collect(
      'a',
    );
    expect(ok.objects).toHaveLength(2);
    const capped = await new SnapshotDirectoryCollector(
      strict.snapshots,
    ).collect('a');
    expect(capped.objects).toHaveLength(1);
    expect(capped.notes?.join('\n')).toMatch(
      /02-bomb\.yaml.*expands to more than 100 values through YAML aliases/,
    );
  });

  it('refuses limits that are not positive whole numbers, naming the key', () => {
    expect(() => read({ manifestLimits: { maxFileBytes: 0 } })).toThrow(
      'kubeSecurity.manifestLimits.maxFileBytes is 0',
    );
    expect(() => read({ manifestLimits: { maxAliasExpansion: 1.5 } })).toThrow(
      'kubeSecurity.manifestLimits.maxAliasExpansion is 1.5',
    );
  });
});
