import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { loadManifests, snapshotFromManifests } from './load';

describe('loadManifests', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kube-security-load-'));
    mkdirSync(join(dir, 'apps', 'web'), { recursive: true });
    mkdirSync(join(dir, '.git'));
    mkdirSync(join(dir, 'node_modules'));
    writeFileSync(
      join(dir, 'apps', 'web', 'deploy.yaml'),
      'kind: Deployment\nmetadata: { name: web, namespace: shop }\n',
    );
    writeFileSync(
      join(dir, 'apps', 'b.yml'),
      'kind: ConfigMap\nmetadata: { name: b }\n---\nkind: [\n',
    );
    writeFileSync(
      join(dir, 'a.json'),
      JSON.stringify({ kind: 'Service', metadata: { name: 'a' } }),
    );
    writeFileSync(join(dir, 'README.md'), '# not a manifest');
    writeFileSync(
      join(dir, '.git', 'x.yaml'),
      'kind: Hidden\nmetadata: { name: h }\n',
    );
    writeFileSync(
      join(dir, 'node_modules', 'y.yaml'),
      'kind: Dep\nmetadata: { name: d }\n',
    );
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads folders recursively in a stable order and keeps going past errors', async () => {
    const missing = join(dir, 'missing.yaml');
    const result = await loadManifests([dir, missing]);
    expect(result.files).toEqual([
      join(dir, 'a.json'),
      join(dir, 'apps', 'b.yml'),
      join(dir, 'apps', 'web', 'deploy.yaml'),
    ]);
    expect(result.objects.map(o => o.metadata.name)).toEqual(['a', 'b', 'web']);
    expect(result.origins).toEqual([
      { file: join(dir, 'a.json'), line: 1 },
      { file: join(dir, 'apps', 'b.yml'), line: 1 },
      { file: join(dir, 'apps', 'web', 'deploy.yaml'), line: 1 },
    ]);
    expect(result.errors).toEqual([
      { file: missing, message: 'Cannot read: no such file or folder' },
      {
        file: join(dir, 'apps', 'b.yml'),
        line: expect.any(Number),
        message: expect.stringMatching(/^YAML syntax error in document 2/),
      },
    ]);
  });

  it('reads an explicit file whatever its extension, once', async () => {
    const file = join(dir, 'manifest.txt');
    writeFileSync(file, 'kind: ConfigMap\nmetadata: { name: txt }\n');
    const result = await loadManifests([file, file]);
    expect(result.files).toEqual([file]);
    expect(result.objects.map(o => o.metadata.name)).toEqual(['txt']);
  });
});

describe('snapshotFromManifests', () => {
  it('wraps parsed objects as a manifests-scope snapshot', () => {
    const snapshot = snapshotFromManifests({ objects: [], origins: [] });
    expect(snapshot).toEqual({
      cluster: 'manifests',
      scope: 'manifests',
      objects: [],
      origins: [],
    });
  });

  it('takes the provider from the cloud descriptor and allows a whole-cluster dump', () => {
    const snapshot = snapshotFromManifests(
      { objects: [], origins: [] },
      {
        cluster: 'prod',
        scope: 'cluster',
        cloud: { provider: 'gke', cluster: { name: 'prod' } },
      },
    );
    expect(snapshot.provider).toBe('gke');
    expect(snapshot.scope).toBe('cluster');
    expect(snapshot.cluster).toBe('prod');
  });
});
