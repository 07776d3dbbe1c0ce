import { buildPlan } from './plan';
import { combineScores, computeScore, mergeItemStatuses } from './scoring';
import {
  addShares,
  describeShare,
  itemShare,
  RESOURCE_SEVERITY_WEIGHT,
} from './share';
import {
  ActionItemId,
  Finding,
  FindingStatus,
  ItemStatusEntry,
  ResourceRef,
  SEVERITIES,
  Severity,
} from './index';

const ADMISSION: ActionItemId = 'workload-admission-policy';
const PRIVATE: ActionItemId = 'cluster-private-access';

const workload = (name: string, cluster = 'prod'): ResourceRef => ({
  cluster,
  kind: 'Deployment',
  namespace: 'shop',
  name,
});

function finding(
  resource: ResourceRef,
  status: FindingStatus = 'fail',
  severity: Severity = 'high',
  itemId: ActionItemId = ADMISSION,
): Finding {
  return {
    id: `${itemId}|${resource.name}|${status}|${severity}`,
    checkId: `${itemId}/some-check`,
    itemId,
    category: itemId.startsWith('cluster') ? 'cluster' : 'workload',
    status,
    severity,
    message: 'something is off',
    resource,
  };
}

/** The item entries of one entity running `names`, as its plan scores them. */
function entityEntries(
  names: string[],
  findings: Finding[],
  itemId: ActionItemId = ADMISSION,
): ItemStatusEntry[] {
  const plan = buildPlan({
    items: [{ itemId, coverage: 'full', checksRun: [`${itemId}/some-check`] }],
    findings,
    resources: names.map(n => workload(n)),
    clusters: ['prod'],
  });
  return plan.items
    .filter(i => i.itemId === itemId)
    .map(({ share, status }) => ({ itemId, status, ...(share && { share }) }));
}

describe('itemShare', () => {
  it('counts the resources evaluated, passing ones weigh 1 and failing ones by severity', () => {
    const share = itemShare({
      scope: 'workload',
      coverage: 'full',
      resources: ['a', 'b', 'c', 'd'].map(n => workload(n)),
      findings: [
        finding(workload('a'), 'fail', 'critical'),
        finding(workload('b'), 'warn', 'medium'),
      ],
    });
    expect(share).toEqual({
      unit: 'workloads',
      passing: 2,
      total: 4,
      earned: 2 + 0.5 * RESOURCE_SEVERITY_WEIGHT.medium,
      weight: 2 + RESOURCE_SEVERITY_WEIGHT.critical + 1,
    });
  });

  it('takes the worst finding of a resource, counts its containers once and adds resources with findings', () => {
    const share = itemShare({
      scope: 'workload',
      coverage: 'full',
      resources: [workload('a')],
      findings: [
        { ...finding(workload('a'), 'warn', 'low') },
        { ...finding({ ...workload('a'), container: 'x' }, 'fail', 'high') },
        finding({ kind: 'Namespace', name: 'shop', cluster: 'prod' }, 'fail'),
      ],
    })!;
    expect(share.total).toBe(2);
    expect(share.passing).toBe(0);
    expect(share.unit).toBe('resources');
    expect(share.earned).toBe(0);
    expect(share.weight).toBe(2 * RESOURCE_SEVERITY_WEIGHT.high);
  });

  it('leaves out resources whose only problems are accepted, and ignores info findings', () => {
    const share = itemShare({
      scope: 'workload',
      coverage: 'full',
      resources: [workload('a'), workload('b')],
      findings: [
        {
          ...finding(workload('a')),
          accepted: {
            exceptionId: 1,
            scope: 'finding',
            justification: 'a risk the team carries',
            createdBy: 'user:default/alice',
            expiresAt: '2030-01-01T00:00:00Z',
            source: 'user',
          },
        },
        finding(workload('b'), 'fail', 'info'),
      ],
    });
    expect(share).toMatchObject({ passing: 1, total: 1, earned: 1, weight: 1 });
  });

  it('gives passing resources half credit when some checks could not run', () => {
    const share = itemShare({
      scope: 'workload',
      coverage: 'partial',
      resources: [workload('a'), workload('b')],
      findings: [],
    });
    expect(share).toMatchObject({ passing: 2, total: 2, earned: 1, weight: 2 });
  });

  it('counts cluster items per cluster', () => {
    const share = itemShare({
      scope: 'cluster',
      coverage: 'full',
      clusters: ['prod', 'staging'],
      findings: [
        finding(
          { kind: 'Cluster', name: 'prod', cluster: 'prod' },
          'fail',
          'critical',
          PRIVATE,
        ),
        finding(
          { kind: 'Node', name: 'n1', cluster: 'prod' },
          'fail',
          'high',
          PRIVATE,
        ),
      ],
    });
    expect(share).toEqual({
      unit: 'clusters',
      passing: 1,
      total: 2,
      earned: 1,
      weight: 1 + RESOURCE_SEVERITY_WEIGHT.critical,
    });
  });

  it('is undefined when nothing was evaluated', () => {
    expect(
      itemShare({ scope: 'workload', coverage: 'full', findings: [] }),
    ).toBeUndefined();
  });

  it('adds up and reads as a sentence', () => {
    const sum = addShares([
      { unit: 'workloads', passing: 40, total: 45, earned: 40, weight: 46 },
      undefined,
      { unit: 'workloads', passing: 1, total: 5, earned: 1, weight: 5 },
    ])!;
    expect(sum).toEqual({
      unit: 'workloads',
      passing: 41,
      total: 50,
      earned: 41,
      weight: 51,
    });
    expect(describeShare(sum)).toBe('41 of 50 workloads pass');
    expect(
      describeShare({
        unit: 'clusters',
        passing: 1,
        total: 1,
        earned: 1,
        weight: 1,
      }),
    ).toBe('1 of 1 cluster passes');
  });
});

describe('proportional team scores', () => {
  const names = Array.from({ length: 10 }, (_, i) => `service-${i}`);

  it.each(SEVERITIES.filter(s => s !== 'info'))(
    'a team of 10 entities where 9 pass an item and 1 fails (%s) keeps at least 85% of its credit',
    severity => {
      const entities = names.map(name =>
        entityEntries(
          [name],
          name === 'service-9'
            ? [finding(workload(name), 'fail', severity)]
            : [],
        ),
      );
      const team = combineScores(entities);
      expect(team.value).toBeGreaterThanOrEqual(85);
      expect(team.value).toBeLessThan(100);
      // The plan still shows the item open for the team.
      const [merged] = mergeItemStatuses(entities);
      expect(merged.status).toBe('fail');
      expect(describeShare(merged.share!)).toBe('9 of 10 workloads pass');

      // Fixing the last one moves the team's score.
      const fixed = names.map(name => entityEntries([name], []));
      expect(combineScores(fixed).value).toBe(100);
      expect(combineScores(fixed).value).toBeGreaterThan(team.value!);
    },
  );

  it('rewards each workload fixed, where the worst status would not move', () => {
    const values = [0, 1, 2, 3].map(fixedCount => {
      const services = ['a', 'b', 'c', 'd'];
      const entries = entityEntries(
        services,
        services
          .slice(fixedCount)
          .map(n => finding(workload(n), 'fail', 'medium')),
      );
      return computeScore(entries).value!;
    });
    expect(values).toEqual([0, 25, 50, 75]);
  });

  it('keeps accepted and attested items as before', () => {
    const accepted: ItemStatusEntry = { itemId: ADMISSION, status: 'accepted' };
    const failing = entityEntries(['a'], [finding(workload('a'))]);
    // An accepted entity adds nothing to the item's credit: only the failing one counts.
    expect(combineScores([[accepted], failing]).value).toBe(0);
    // An attested entity's resources all earn full credit.
    const attested: ItemStatusEntry = {
      itemId: ADMISSION,
      status: 'attested',
      share: {
        unit: 'workloads',
        passing: 0,
        total: 1,
        earned: 0.5,
        weight: 1,
      },
    };
    expect(computeScore([attested]).value).toBe(100);
    expect(combineScores([[attested], failing]).value).toBe(
      Math.round((100 * 1) / (1 + RESOURCE_SEVERITY_WEIGHT.high)),
    );
  });
});
