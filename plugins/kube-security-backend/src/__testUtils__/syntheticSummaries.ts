import type { EntitySummary } from '../domain/summaries';

/** The ref of synthetic entity `i`: refs sort in the order of `i`. */
export const syntheticRef = (i: number) =>
  `component:default/svc-${String(i).padStart(5, '0')}`;

/**
 * Synthetic entity `i`'s summary: scores with ties and, for every seventh, none, in an order
 * unlike the refs' (`shift` moves the scores, as a recompute would).
 */
export function syntheticSummary(
  i: number,
  owner: string,
  shift = 0,
): EntitySummary {
  const value = i % 7 === 0 ? null : (i * 37 + shift) % 23;
  return {
    entityRef: syntheticRef(i),
    title: `Service ${i}`,
    ownerRefs: [owner],
    clusters: ['c1'],
    score: {
      value,
      grade: value === null ? null : 'F',
      coverage: 1,
      counts: {
        pass: 1,
        fail: 1,
        partial: 0,
        unknown: 0,
        accepted: 0,
        'not-applicable': 0,
      } as EntitySummary['score']['counts'],
    },
    openItems: i % 5,
    statuses: [],
    topItems: [],
  };
}
