import { Schema } from 'yaml';
import { MAY_BE_TYPED, parseYamlFast } from './fastYaml';
import { parseManifestText } from './parse';

const precise = (
  text: string,
  limits?: Parameters<typeof parseManifestText>[2],
) => parseManifestText(text, 'm.yaml', limits, { yamlParser: 'precise' });

describe('parseYamlFast', () => {
  it('resolves plain scalars as YAML 1.1, like the precise path', () => {
    const text = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: types}',
      'data:',
      '  yes: yes',
      '  off: Off',
      '  octal: 0644',
      '  hex: 0x1F',
      '  sexagesimal: 1:20',
      '  day: 2024-01-02',
      '  tilde: ~',
      '  inf: -.inf',
      '  quoted: "yes"',
      "  single: '0644'",
      '  empty:',
      '  version: 1.10',
      '  name: nginx',
      '',
    ].join('\n');
    const fast = parseYamlFast(text);
    expect(fast).toHaveLength(1);
    expect(fast![0].value).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'types' },
      data: {
        true: true,
        false: false,
        octal: 420,
        hex: 31,
        sexagesimal: 80,
        day: new Date('2024-01-02T00:00:00.000Z'),
        tilde: null,
        inf: -Infinity,
        quoted: 'yes',
        single: '0644',
        empty: null,
        version: 1.1,
        name: 'nginx',
      },
    });
    expect(parseManifestText(text, 'm.yaml')).toStrictEqual(precise(text));
  });

  it('only skips the tags for scalars none of them can resolve', () => {
    const tags = new Schema({ schema: 'yaml-1.1' }).tags.filter(
      tag => tag.default === true && tag.test,
    );
    const samples = [
      ...'~-+.0123456789nNyYtTfFoOaAzZ_/:"\'#@é'.split(''),
      'null',
      'Null',
      'NULL',
      'y',
      'Yes',
      'on',
      'ON',
      'n',
      'No',
      'off',
      'true',
      'False',
      '0b101',
      '-0b1',
      '0644',
      '+0x1F',
      '1_000',
      '1:20:30',
      '-1:20.5',
      '.5',
      '.inf',
      '-.Inf',
      '.NaN',
      '1e3',
      '2001-12-14t21:59:43.10-05:00',
      '2024-01-02',
      'nginx',
      'v1',
      'Always',
      'ClusterIP',
      'RuntimeDefault',
    ];
    const typed = samples.filter(sample =>
      tags.some(tag => tag.test!.test(sample)),
    );
    expect(typed.length).toBeGreaterThan(30);
    expect(typed.filter(sample => !MAY_BE_TYPED.test(sample))).toEqual([]);
  });

  it('gives the line of each document and of each item of a List', () => {
    const text = [
      '# a comment',
      '---',
      'kind: List',
      'apiVersion: v1',
      'items:',
      '- kind: Pod',
      '  metadata: {name: a}',
      '-',
      '  # on its own line',
      '  kind: Pod',
      '  metadata: {name: b}',
      '---',
      '',
      '- kind: Pod',
      '  metadata: {name: c}',
      '',
    ].join('\n');
    const fast = parseYamlFast(text)!;
    expect(fast.map(d => [d.line, d.itemLines])).toEqual([
      [3, [6, 10]],
      [14, [14]],
    ]);
    expect(parseManifestText(text, 'm.yaml')).toStrictEqual(precise(text));
  });

  it.each([
    ['an anchor', 'a: &x {b: 1}\nc: *x\n'],
    ['an alias without its anchor', 'a: *x\n'],
    ['a merge key', 'a: {b: 1}\n<<: {c: 2}\n'],
    ['a tag', 'a: !!str 1\n'],
    ['an explicit key', '? a\n: b\n'],
    ['a directive', '%YAML 1.2\n---\na: 1\n'],
    ['a null key', '~: a\n'],
    ['a timestamp key', '2024-01-02: a\n'],
    ['a flow collection key', '[a, b]: c\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a flow collection over two lines', 'a: [1,\n  2]\n'],
    ['a quoted scalar over two lines', 'a: "one\n  two"\n'],
    ['a syntax error', 'a: [\n'],
    ['a bare carriage return', 'a: 1\rb: 2\n'],
  ])('leaves a text with %s to the precise path', (_, text) => {
    expect(parseYamlFast(text)).toBeUndefined();
    expect(parseManifestText(text, 'm.yaml')).toStrictEqual(precise(text));
  });

  it('still reads wildcards and schedules in quotes', () => {
    const text =
      "kind: CronJob\nmetadata: {name: c}\nspec: {schedule: '*/5 * * * *'}\nverbs: ['*', \"!x\"]\n";
    expect(parseYamlFast(text)).toHaveLength(1);
    expect(parseManifestText(text, 'm.yaml')).toStrictEqual(precise(text));
  });

  it('keeps the alias expansion limit: an alias bomb is refused with the precise message', () => {
    const bomb = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: bomb}',
      'data:',
      '  a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]',
      '  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      '  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      '  d: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
      '',
    ].join('\n');
    const limits = { maxFileBytes: 1024 * 1024, maxAliasExpansion: 1000 };
    const parsed = parseManifestText(bomb, 'm.yaml', limits);
    expect(parsed.objects).toEqual([]);
    expect(parsed.errors).toEqual([
      {
        file: 'm.yaml',
        line: 1,
        message: expect.stringMatching(
          /^Document 1 expands to more than 1000 values through YAML aliases/,
        ),
      },
    ]);
    expect(parsed).toStrictEqual(precise(bomb, limits));
  });
});
