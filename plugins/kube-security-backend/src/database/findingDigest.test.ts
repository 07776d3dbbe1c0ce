import type { Finding } from '@kube-security/plugin-kube-security-common';
import { createHash } from 'crypto';
import { privilegedFinding } from '../__testUtils__/oneClusterStore';
import {
  findingDigest,
  findingDigests,
  findingListDigest,
  findingText,
  isPreviousDigestOf,
} from './findingDigest';

/*
 * The list digest decides that an identical rescan writes nothing, and each finding's
 * digest which rows a changed rescan writes: any difference in any field of any finding,
 * in an owner or in the order must change them; the same content must give the same
 * digests however the objects are shared.
 */

const SHARED_LABELS = Object.freeze({ app: 'shop', tier: 'web' });
const SHARED_EXPOSURE = Object.freeze({ internet: true, dataStore: false });
const SHARED_STANDARDS = Object.freeze(['cis-5.2.1', 'nsa-pods']);

/** Three workloads' findings, sharing their labels, standards and exposure objects. */
function finding(i: number): Finding {
  const f = privilegedFinding(i, {
    labels: SHARED_LABELS,
    standards: SHARED_STANDARDS as string[],
    exposure: SHARED_EXPOSURE,
  });
  return { ...f, resource: { ...f.resource, name: `app-${i % 3}` } };
}

const base = Array.from({ length: 8 }, (_, i) => finding(i));
const owners = base.map((_, i) => `component:default/app-${i % 3}`);
const digest = (findings: Finding[], o: Array<string | undefined> = owners) =>
  findingListDigest(findings, o);

/** One finding's field changed, each a way a rescan can differ. */
const CHANGES: Array<[string, (f: Finding) => Finding]> = [
  ['id', f => ({ ...f, id: 'other' })],
  ['check', f => ({ ...f, checkId: 'other/check' })],
  ['item', f => ({ ...f, itemId: 'cluster-private-access' })],
  ['category', f => ({ ...f, category: 'cluster' })],
  ['status', f => ({ ...f, status: 'warn' })],
  ['severity', f => ({ ...f, severity: 'critical' })],
  ['message', f => ({ ...f, message: `${f.message}.` })],
  ['cluster', f => ({ ...f, resource: { ...f.resource, cluster: 'c2' } })],
  ['kind', f => ({ ...f, resource: { ...f.resource, kind: 'StatefulSet' } })],
  ['namespace', f => ({ ...f, resource: { ...f.resource, namespace: 'x' } })],
  [
    'no namespace',
    f => ({ ...f, resource: { ...f.resource, namespace: undefined } }),
  ],
  ['name', f => ({ ...f, resource: { ...f.resource, name: 'app-9' } })],
  ['container', f => ({ ...f, resource: { ...f.resource, container: 'x' } })],
  ['evidence path', f => ({ ...f, evidencePath: 'spec.hostNetwork' })],
  ['no evidence path', f => ({ ...f, evidencePath: undefined })],
  ['a label value', f => ({ ...f, labels: { app: 'shop', tier: 'api' } })],
  ['a label more', f => ({ ...f, labels: { ...f.labels, extra: 'x' } })],
  ['no labels', f => ({ ...f, labels: undefined })],
  [
    'exposure',
    f => ({ ...f, exposure: { internet: false, dataStore: false } }),
  ],
  ['standards', f => ({ ...f, standards: ['cis-5.2.1'] })],
  ['no standards', f => ({ ...f, standards: undefined })],
  [
    'a grant',
    f => ({ ...f, grant: { kind: 'ClusterRoleBinding', name: 'x' } }),
  ],
  [
    'a field the engine does not report today',
    f => ({ ...f, accepted: { decisionId: 'd1' } } as unknown as Finding),
  ],
];

describe('findingListDigest', () => {
  it('is the same for the same content, shared or copied', () => {
    const copied = base.map(f => ({
      ...f,
      resource: { ...f.resource },
      labels: { ...f.labels },
      exposure: { ...f.exposure! },
      standards: [...f.standards!],
    }));
    expect(digest(copied)).toBe(digest(base));
    expect(digest(base)).toMatch(/^l5:[\w-]{43}$/);
    expect(findingDigest(copied[2], owners[2])).toBe(
      findingDigest(base[2], owners[2]),
    );
  });

  it('is the list digest findingDigests gives with the digest of each finding', () => {
    const { each, list } = findingDigests(base, owners);
    expect(list).toBe(digest(base));
    expect(each).toEqual(base.map((f, i) => findingDigest(f, owners[i])));
    expect(new Set(each).size).toBe(base.length);
    expect(each[0]).toMatch(/^s3:[\w-]{37}$/);
  });

  it.each(CHANGES)('changes when one finding changes: %s', (_what, change) => {
    const seen = new Set([digest(base)]);
    for (const at of [0, 3, base.length - 1]) {
      const next = base.map((f, i) => (i === at ? change(f) : f));
      const d = digest(next);
      expect(seen.has(d)).toBe(false);
      seen.add(d);
      expect(findingDigest(next[at], owners[at])).not.toBe(
        findingDigest(base[at], owners[at]),
      );
    }
  });

  it('changes with an owner, and with the order', () => {
    const d = digest(base);
    expect(
      digest(
        base,
        owners.map((o, i) => (i === 4 ? 'component:default/other' : o)),
      ),
    ).not.toBe(d);
    expect(
      digest(
        base,
        owners.map((o, i) => (i === 4 ? undefined : o)),
      ),
    ).not.toBe(d);
    expect(digest([...base].reverse(), [...owners].reverse())).not.toBe(d);
    expect(digest(base.slice(1), owners.slice(1))).not.toBe(d);
    expect(digest([...base, base[0]], [...owners, owners[0]])).not.toBe(d);
  });

  it('keeps values of other types apart', () => {
    // The labels as an object, as a number, and as the object's JSON text.
    const twoShared = [finding(0), finding(1)];
    const numbered = [
      finding(0),
      { ...finding(1), labels: 0 as unknown as Record<string, string> },
    ];
    const ownersOfTwo = owners.slice(0, 2);
    expect(findingListDigest(numbered, ownersOfTwo)).not.toBe(
      findingListDigest(twoShared, ownersOfTwo),
    );
    const texts = [
      finding(0),
      {
        ...finding(1),
        labels: JSON.stringify(SHARED_LABELS) as unknown as Record<
          string,
          string
        >,
      },
    ];
    expect(findingListDigest(texts, ownersOfTwo)).not.toBe(
      findingListDigest(twoShared, ownersOfTwo),
    );
  });

  it('keeps texts apart that differ only where UTF-8 cannot', () => {
    // Two lone surrogates, both U+FFFD once encoded as UTF-8 unescaped.
    const one = [{ ...finding(0), message: 'a\uD800' }];
    const other = [{ ...finding(0), message: 'a\uDC00' }];
    expect(findingListDigest(one, owners)).not.toBe(
      findingListDigest(other, owners),
    );
    // A value that looks like the text around it does not shift the fields.
    const shifted = [
      { ...finding(0), message: 'x","y', evidencePath: 'z' },
      { ...finding(0), message: 'x', evidencePath: 'y","z' },
    ];
    expect(findingListDigest([shifted[0]], owners)).not.toBe(
      findingListDigest([shifted[1]], owners),
    );
  });

  it('covers every batch of a long list', () => {
    const long = Array.from({ length: 1000 }, (_, i) => finding(i));
    const longOwners = long.map(() => 'component:default/app');
    const d = findingListDigest(long, longOwners);
    for (const at of [127, 128, 999]) {
      const next = long.map((f, i) =>
        i === at ? { ...f, severity: 'low' as const } : f,
      );
      expect(findingListDigest(next, longOwners)).not.toBe(d);
    }
    expect(findingListDigest([], [])).not.toBe(
      findingListDigest([long[0]], ['x']),
    );
  });

  it('writes a finding of the engine shape as its values, any other whole', () => {
    const f = base[0];
    expect(JSON.parse(findingText(f, 'component:default/a'))).toEqual([
      0,
      'component:default/a',
      f.id,
      f.checkId,
      f.itemId,
      f.category,
      f.status,
      f.severity,
      f.message,
      'c1',
      'Deployment',
      'shop',
      'app-0',
      'main',
      f.evidencePath,
      SHARED_LABELS,
      SHARED_EXPOSURE,
      SHARED_STANDARDS,
      null,
    ]);
    const other = { ...f, firstSeenAt: '2026-01-01T00:00:00Z' };
    expect(JSON.parse(findingText(other, undefined))).toEqual([
      1,
      null,
      JSON.parse(JSON.stringify(other)),
    ]);
    const resourceField = {
      ...f,
      resource: { ...f.resource, uid: 'u1' },
    } as unknown as Finding;
    expect(JSON.parse(findingText(resourceField, undefined))[0]).toBe(1);
  });

  it("recognises the previous format's digest of the same finding only", () => {
    const previous = (f: Finding, owner: string | undefined) =>
      `s2:${createHash('sha256')
        .update(JSON.stringify([owner ?? null, f]))
        .digest('base64url')}`.slice(0, 40);
    const stored = previous(base[1], owners[1]);
    expect(isPreviousDigestOf(stored, base[1], owners[1])).toBe(true);
    expect(isPreviousDigestOf(stored, base[1], 'component:default/x')).toBe(
      false,
    );
    expect(
      isPreviousDigestOf(stored, { ...base[1], severity: 'low' }, owners[1]),
    ).toBe(false);
    expect(
      isPreviousDigestOf(findingDigest(base[1], owners[1]), base[1], owners[1]),
    ).toBe(false);
  });
});
