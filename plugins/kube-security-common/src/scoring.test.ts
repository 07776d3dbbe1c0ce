import { ACTION_ITEM_IDS, getActionItem } from './catalog';
import {
  combineScores,
  computeScore,
  gradeForValue,
  ItemStatusEntry,
  itemStatus,
  mergeItemStatuses,
  poolTeamStatuses,
  worseItemStatus,
} from './scoring';
import { CATEGORIES, FindingStatus, ItemStatus, Severity } from './types';

const f = (status: FindingStatus, severity: Severity = 'high') => ({
  status,
  severity,
});

describe('itemStatus', () => {
  it('fails when any finding fails, whatever the coverage', () => {
    expect(itemStatus('full', [f('pass'), f('fail')])).toBe('fail');
    expect(itemStatus('partial', [f('warn'), f('fail', 'low')])).toBe('fail');
    expect(itemStatus('none', [f('fail')])).toBe('fail');
  });

  it('is partial when findings only warn', () => {
    expect(itemStatus('full', [f('warn'), f('pass')])).toBe('partial');
    expect(itemStatus('none', [f('warn')])).toBe('partial');
  });

  it('is partial when coverage is partial and nothing failed', () => {
    expect(itemStatus('partial', [])).toBe('partial');
    expect(itemStatus('partial', [f('pass')])).toBe('partial');
  });

  it('passes only with full coverage and no failure or warning', () => {
    expect(itemStatus('full', [])).toBe('pass');
    expect(itemStatus('full', [f('pass'), f('pass')])).toBe('pass');
  });

  it('is unknown without evidence', () => {
    expect(itemStatus('none', [])).toBe('unknown');
    expect(itemStatus('none', [f('pass')])).toBe('unknown');
  });

  it('ignores info-severity findings', () => {
    expect(itemStatus('full', [f('fail', 'info')])).toBe('pass');
    expect(itemStatus('full', [f('warn', 'info')])).toBe('pass');
    expect(itemStatus('none', [f('fail', 'info')])).toBe('unknown');
  });
});

// Weights from the catalog: order 1 -> 100, order 2 -> 96, order 19 -> 28.
const NETWORK = 'cloud-network-isolation' as const; // 100
const MFA = 'cloud-mfa-enforced' as const; // 96
const IAM = 'cloud-iam-least-privilege' as const; // 92
const PIPELINE = 'image-pipeline-checks' as const; // 28

describe('computeScore', () => {
  it('uses base impact as the weight of each item', () => {
    expect(getActionItem(NETWORK).baseImpact).toBe(100);
    expect(getActionItem(MFA).baseImpact).toBe(96);
    // 100 earned of 196.
    expect(
      computeScore([
        { itemId: NETWORK, status: 'pass' },
        { itemId: MFA, status: 'fail' },
      ]).value,
    ).toBe(51);
    // 96 earned of 196: the heavier item failing costs more.
    expect(
      computeScore([
        { itemId: NETWORK, status: 'fail' },
        { itemId: MFA, status: 'pass' },
      ]).value,
    ).toBe(49);
  });

  it('gives partial items half their weight', () => {
    // (100 * 0.5 + 28) / 128 = 60.9
    const score = computeScore([
      { itemId: NETWORK, status: 'partial' },
      { itemId: PIPELINE, status: 'pass' },
    ]);
    expect(score.value).toBe(61);
    expect(score.grade).toBe('D');
  });

  it('lowers coverage but not the value for unknown items', () => {
    const evaluated: ItemStatusEntry[] = [
      { itemId: NETWORK, status: 'pass' },
      { itemId: MFA, status: 'fail' },
    ];
    const withUnknown = computeScore([
      ...evaluated,
      { itemId: IAM, status: 'unknown' },
    ]);
    expect(withUnknown.value).toBe(computeScore(evaluated).value);
    expect(computeScore(evaluated).coverage).toBe(1);
    // 196 / (196 + 92)
    expect(withUnknown.coverage).toBe(0.681);
    expect(withUnknown.counts.unknown).toBe(1);
  });

  it('leaves not-applicable items out of value and coverage', () => {
    const base: ItemStatusEntry[] = [
      { itemId: NETWORK, status: 'pass' },
      { itemId: MFA, status: 'unknown' },
    ];
    const withNa = computeScore([
      ...base,
      { itemId: IAM, status: 'not-applicable' },
    ]);
    expect(withNa.value).toBe(100);
    expect(withNa.coverage).toBe(computeScore(base).coverage);
    expect(withNa.counts['not-applicable']).toBe(1);
  });

  it('returns null value and grade when nothing had evidence', () => {
    expect(computeScore([])).toEqual({
      value: null,
      grade: null,
      coverage: 0,
      counts: {
        pass: 0,
        fail: 0,
        partial: 0,
        unknown: 0,
        'not-applicable': 0,
        accepted: 0,
        attested: 0,
      },
    });
    const onlyUnknown = computeScore([
      { itemId: NETWORK, status: 'unknown' },
      { itemId: MFA, status: 'not-applicable' },
    ]);
    expect(onlyUnknown.value).toBeNull();
    expect(onlyUnknown.grade).toBeNull();
    expect(onlyUnknown.coverage).toBe(0);
  });

  it('counts every status', () => {
    const score = computeScore([
      { itemId: NETWORK, status: 'pass' },
      { itemId: MFA, status: 'fail' },
      { itemId: IAM, status: 'partial' },
      { itemId: 'cloud-audit-logging', status: 'unknown' },
      { itemId: PIPELINE, status: 'not-applicable' },
    ]);
    expect(score.counts).toEqual({
      pass: 1,
      fail: 1,
      partial: 1,
      unknown: 1,
      'not-applicable': 1,
      accepted: 0,
      attested: 0,
    });
  });

  it('merges repeated items: worst status first, credit shared', () => {
    const score = computeScore([
      { itemId: NETWORK, status: 'pass' },
      { itemId: NETWORK, status: 'fail' },
    ]);
    // Issue 15: one of two entries passes, so the item earns half its credit.
    expect(score.value).toBe(50);
    expect(score.counts.fail).toBe(1);
    expect(score.counts.pass).toBe(0);
  });
});

describe('gradeForValue', () => {
  it.each([
    [100, 'A'],
    [90, 'A'],
    [89.99, 'B'],
    [80, 'B'],
    [79, 'C'],
    [70, 'C'],
    [69.5, 'D'],
    [60, 'D'],
    [59.9, 'F'],
    [0, 'F'],
  ])('grades %d as %s', (value, grade) => {
    expect(gradeForValue(value)).toBe(grade);
  });

  it('has no grade without a value', () => {
    expect(gradeForValue(null)).toBeNull();
  });

  it('grades the rounded value, so shown number and grade agree', () => {
    // (100 + 96 + 0.5 * 52) / (100 + 96 + 52) = 222 / 248 = 89.52, shown as 90.
    const score = computeScore([
      { itemId: NETWORK, status: 'pass' },
      { itemId: MFA, status: 'pass' },
      { itemId: 'workload-admission-policy', status: 'partial' },
    ]);
    expect(score.value).toBe(90);
    expect(score.grade).toBe('A');
  });
});

describe('merging statuses across entities', () => {
  it('ranks fail > partial > unknown > pass > not-applicable', () => {
    expect(worseItemStatus('pass', 'fail')).toBe('fail');
    expect(worseItemStatus('partial', 'unknown')).toBe('partial');
    expect(worseItemStatus('unknown', 'pass')).toBe('unknown');
    expect(worseItemStatus('pass', 'not-applicable')).toBe('pass');
    expect(worseItemStatus('fail', 'partial')).toBe('fail');
  });

  it('keeps the worst status per item, in plan order', () => {
    const merged = mergeItemStatuses([
      [
        { itemId: PIPELINE, status: 'pass' },
        { itemId: NETWORK, status: 'pass' },
        { itemId: MFA, status: 'partial' },
      ],
      [
        { itemId: NETWORK, status: 'unknown' },
        { itemId: MFA, status: 'fail' },
      ],
      [{ itemId: IAM, status: 'not-applicable' }],
    ]);
    expect(merged).toEqual([
      { itemId: NETWORK, status: 'unknown' },
      { itemId: MFA, status: 'fail' },
      { itemId: IAM, status: 'not-applicable' },
      { itemId: PIPELINE, status: 'pass' },
    ]);
  });

  it('scores a team from the merged statuses of its entities', () => {
    const team = combineScores([
      [
        { itemId: NETWORK, status: 'pass' },
        { itemId: MFA, status: 'pass' },
      ],
      [
        { itemId: NETWORK, status: 'pass' },
        { itemId: MFA, status: 'fail' },
        { itemId: PIPELINE, status: 'unknown' },
      ],
    ]);
    // Issue 15: MFA passes for one of two entities, so it earns half: (100 + 48) of 196.
    expect(team.value).toBe(76);
    expect(team.coverage).toBe(0.875); // 196 of 224
    expect(team.counts).toEqual({
      pass: 1,
      fail: 1,
      partial: 0,
      unknown: 1,
      'not-applicable': 0,
      accepted: 0,
      attested: 0,
    });
    expect(combineScores([])).toEqual(computeScore([]));
  });
});

describe('poolTeamStatuses', () => {
  it('gives the values of combineScores, mergeItemStatuses and computeScore per category', () => {
    // A small deterministic generator: many entities, items repeated across them, every
    // status, with and without shares (fractional weights, so the order of sums matters).
    let seed = 17;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const statuses: ItemStatus[] = [
      'pass',
      'fail',
      'partial',
      'unknown',
      'not-applicable',
      'accepted',
      'attested',
    ];
    const ids = ACTION_ITEM_IDS.slice(0, 12);
    const entities: ItemStatusEntry[][] = Array.from({ length: 60 }, () =>
      ids
        .filter(() => next() < 0.7)
        .map(itemId => {
          const status = statuses[Math.floor(next() * statuses.length)];
          const total = 1 + Math.floor(next() * 9);
          const passing = Math.floor(next() * (total + 1));
          const weight = total + next() * 3.3;
          return next() < 0.5
            ? { itemId, status }
            : {
                itemId,
                status,
                share: {
                  unit: 'workloads' as const,
                  passing,
                  total,
                  earned: weight * next(),
                  weight,
                },
              };
        }),
    );
    const pooled = poolTeamStatuses(entities);
    expect(pooled.score).toEqual(combineScores(entities));
    expect(pooled.score.value).not.toBeNull();
    expect(pooled.merged).toEqual(mergeItemStatuses(entities));
    const flat = entities.flat();
    for (const category of CATEGORIES) {
      expect(pooled.byCategory[category]).toEqual(
        computeScore(
          flat.filter(s => getActionItem(s.itemId).category === category),
        ),
      );
    }
    expect(
      CATEGORIES.filter(c => pooled.byCategory[c].value !== null).length,
    ).toBeGreaterThan(1);
  });
});
