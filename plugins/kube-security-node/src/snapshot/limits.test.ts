import { mkdtemp, writeFile } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { DEFAULT_MANIFEST_LIMITS } from './limits';
import { loadManifests } from './load';
import { parseManifestText } from './parse';

/** A custom resource whose `l1` holds `copies` aliases of one anchored list of `width` items. */
function fanOut(width: number, copies: number): string {
  return [
    'apiVersion: example.com/v1',
    'kind: Widget',
    'metadata: {name: fan-out}',
    'spec:',
    `  l0: &a [${Array.from({ length: width }, (_, i) => i % 10).join(',')}]`,
    `  l1: [${Array.from({ length: copies }, () => '*a').join(',')}]`,
  ].join('\n');
}

describe('manifest limits', () => {
  it('refuses a document that aliases expand far beyond its own size, naming the file and line', () => {
    // 23 KB of text that would become about ten million values.
    const text = fanOut(10_000, 999);
    const result = parseManifestText(text, 'bomb.yaml');
    expect(result.objects).toEqual([]);
    expect(result.errors).toEqual([
      {
        file: 'bomb.yaml',
        line: 1,
        message: expect.stringMatching(
          /^Document 1 expands to more than 100000 values through YAML aliases/,
        ),
      },
    ]);
  });

  it('still reads the other documents of the same text', () => {
    const text = `${fanOut(
      10_000,
      999,
    )}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: fine}\n`;
    const result = parseManifestText(text, 'mixed.yaml');
    expect(result.objects.map(o => o.metadata.name)).toEqual(['fine']);
    expect(result.errors).toHaveLength(1);
  });

  it('keeps ordinary anchors and merge keys working', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: &labels {app: web, tier: front}}
spec:
  selector: {matchLabels: *labels}
  template:
    metadata: {labels: *labels}
    spec:
      containers:
        - &c {name: a, image: "nginx:1", securityContext: {privileged: false}}
        - {<<: *c, name: b}
`;
    const result = parseManifestText(text, 'ok.yaml');
    expect(result.errors).toEqual([]);
    const spec = (result.objects[0] as any).spec.template.spec;
    expect(spec.containers.map((c: any) => c.name)).toEqual(['a', 'b']);
    expect(spec.containers[1].image).toBe('nginx:1');
  });

  it('honours a configured expansion cap', () => {
    const text = fanOut(100, 20); // 2,000 aliased values
    expect(parseManifestText(text, 'a.yaml').errors).toEqual([]);
    const capped = parseManifestText(text, 'a.yaml', {
      ...DEFAULT_MANIFEST_LIMITS,
      maxAliasExpansion: 1_000,
    });
    expect(capped.errors[0].message).toMatch(
      /more than 1000 values through YAML aliases/,
    );
  });

  it('refuses a text larger than the file size cap with a clear error', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata: {x: "${'y'.repeat(
      2_000,
    )}"}\n`;
    const result = parseManifestText(text, 'big.yaml', {
      ...DEFAULT_MANIFEST_LIMITS,
      maxFileBytes: 1_000,
    });
    expect(result.objects).toEqual([]);
    expect(result.errors).toEqual([
      {
        file: 'big.yaml',
        message: expect.stringMatching(
          /^File is larger than the 1000-byte limit \(\d+ bytes\)/,
        ),
      },
    ]);
  });

  it('reports a recursive alias instead of looping', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: loop}\ndata: &d {self: *d}\n`;
    const result = parseManifestText(text, 'loop.yaml');
    expect(result.objects).toEqual([]);
    expect(result.errors[0]).toMatchObject({ file: 'loop.yaml' });
  });

  it('reports a document nested too deeply instead of crashing', () => {
    const depth = 20_000;
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: ${'['.repeat(
      depth,
    )}${']'.repeat(depth)}\n`;
    const result = parseManifestText(text, 'deep.yaml');
    expect(result.objects).toEqual([]);
    expect(result.errors[0]).toMatchObject({
      file: 'deep.yaml',
      message: expect.stringMatching(/nested too deeply$/),
    });
  });
});

describe('loadManifests with limits', () => {
  it('does not read a file over the size limit and still reads the others', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'limits-'));
    const small = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: small}\n';
    await writeFile(join(dir, 'a.yaml'), small);
    await writeFile(
      join(dir, 'b.yaml'),
      `${small.replace('small', 'big')}data: {x: "${'y'.repeat(5_000)}"}\n`,
    );
    const result = await loadManifests([dir], {
      ...DEFAULT_MANIFEST_LIMITS,
      maxFileBytes: 1_000,
    });
    expect(result.objects.map(o => o.metadata.name)).toEqual(['small']);
    expect(result.errors).toEqual([
      {
        file: join(dir, 'b.yaml'),
        message: expect.stringMatching(
          /^File is larger than the 1000-byte limit \(5\d{3} bytes\)/,
        ),
      },
    ]);
  });
});
