import { sameJson } from './sameJson';

describe('sameJson', () => {
  it('is true exactly when the JSON texts match, key order aside', () => {
    const cases: Array<[unknown, unknown]> = [
      [
        { a: 1, b: [1, 'x', null] },
        { b: [1, 'x', null], a: 1 },
      ],
      [{ a: 1, b: undefined }, { a: 1 }],
      [{ a: { b: [] } }, { a: { b: [] } }],
      [{ a: 1 }, { a: 2 }],
      [{ a: 1 }, { a: 1, b: 0 }],
      [{ a: [1, 2] }, { a: [2, 1] }],
      [{ a: [1] }, { a: { 0: 1 } }],
      [{ a: null }, { a: undefined }],
      [{ a: '1' }, { a: 1 }],
      [[{ a: true }], [{ a: false }]],
      [{ a: NaN }, { a: Infinity }],
    ];
    for (const [a, b] of cases) {
      const sameText =
        JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
      expect([a, b, sameJson(a, b)]).toEqual([a, b, sameText]);
      expect(sameJson(b, a)).toBe(sameText);
    }
  });
});

/** The value with every object's keys in sorted order, for comparing JSON texts. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map(k => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}
