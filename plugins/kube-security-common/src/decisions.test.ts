import {
  ATTESTABLE_ITEM_IDS,
  exceptionCovers,
  isActive,
  markAcceptedFindings,
} from './decisions';
import { ACTION_ITEMS } from './catalog';
import { buildPlan } from './plan';
import { computeScore } from './scoring';
import { Attestation, Finding, ItemEvaluation, RiskException } from './types';

const PRIVILEGED = 'workload-admission-policy/privileged-container';

function finding(id: string, over: Partial<Finding> = {}): Finding {
  return {
    id,
    checkId: PRIVILEGED,
    itemId: 'workload-admission-policy',
    category: 'workload',
    status: 'fail',
    severity: 'critical',
    message: `finding ${id}`,
    resource: {
      cluster: 'c1',
      kind: 'Deployment',
      namespace: 'shop',
      name: 'web',
      container: 'app',
    },
    ...over,
  };
}

function exception(over: Partial<RiskException>): RiskException {
  return {
    id: 1,
    entityRef: 'component:default/web',
    scope: 'finding',
    itemId: 'workload-admission-policy',
    justification: 'Vendor image needs it until the 2027 upgrade',
    createdBy: 'user:default/ana',
    createdAt: '2026-11-01T00:00:00.000Z',
    expiresAt: '2027-01-31T23:59:59.999Z',
    source: 'user',
    ...over,
  };
}

function attestation(over: Partial<Attestation> = {}): Attestation {
  return {
    id: 7,
    entityRef: 'resource:default/eks-prod-eu',
    itemId: 'cloud-mfa-enforced',
    statement: 'MFA is enforced for every console user through the IdP',
    evidenceUrl: 'https://wiki.example.com/mfa-review',
    createdBy: 'user:default/ana',
    createdAt: '2026-11-01T00:00:00.000Z',
    expiresAt: '2027-06-30T23:59:59.999Z',
    ...over,
  };
}

const FULL: ItemEvaluation[] = [
  {
    itemId: 'workload-admission-policy',
    coverage: 'full',
    checksRun: [PRIVILEGED],
  },
];

describe('decisions', () => {
  it('is active until it expires or is revoked', () => {
    const e = exception({});
    expect(isActive(e, new Date('2027-01-31T12:00:00Z'))).toBe(true);
    expect(isActive(e, new Date('2027-02-01T00:00:00Z'))).toBe(false);
    expect(
      isActive(
        { ...e, revokedAt: '2026-12-01T00:00:00Z' },
        new Date('2026-11-15T00:00:00Z'),
      ),
    ).toBe(false);
  });

  it('covers one finding, one check on a resource (any container), or a whole item', () => {
    const a = finding('a');
    const otherContainer = finding('b', {
      resource: { ...a.resource, container: 'sidecar' },
    });
    const otherResource = finding('c', {
      resource: { ...a.resource, name: 'api' },
    });
    const otherCheck = finding('d', {
      checkId: 'workload-admission-policy/run-as-root',
    });

    const byFinding = exception({ scope: 'finding', findingId: 'a' });
    expect(
      [a, otherContainer, otherResource, otherCheck].map(f =>
        exceptionCovers(byFinding, f),
      ),
    ).toEqual([true, false, false, false]);

    const byCheck = exception({
      scope: 'check',
      checkId: PRIVILEGED,
      resource: {
        cluster: 'c1',
        kind: 'Deployment',
        namespace: 'shop',
        name: 'web',
      },
    });
    expect(
      [a, otherContainer, otherResource, otherCheck].map(f =>
        exceptionCovers(byCheck, f),
      ),
    ).toEqual([true, true, false, false]);

    const byItem = exception({ scope: 'item' });
    expect(
      [a, otherContainer, otherResource, otherCheck].map(f =>
        exceptionCovers(byItem, f),
      ),
    ).toEqual([true, true, true, true]);
    expect(
      exceptionCovers(
        byItem,
        finding('e', { itemId: 'workload-network-policies' }),
      ),
    ).toBe(false);
  });

  it('marks covered findings with the narrowest exception and leaves the input untouched', () => {
    const input = [finding('a'), finding('b')];
    const marked = markAcceptedFindings(input, [
      exception({ id: 1, scope: 'item' }),
      exception({ id: 2, scope: 'finding', findingId: 'a' }),
    ]);
    expect(marked.map(f => f.accepted?.exceptionId)).toEqual([2, 1]);
    expect(input[0].accepted).toBeUndefined();
  });

  it('lets every item be attested, since every practice has parts no check sees', () => {
    // Issue 15 widened this from items 1-4, 16 and 19 to the whole catalog.
    expect([...ATTESTABLE_ITEM_IDS].sort()).toEqual(
      ACTION_ITEMS.map(i => i.id).sort(),
    );
    expect(ATTESTABLE_ITEM_IDS.size).toBe(19);
  });
});

describe('plans with decisions', () => {
  const item = (plan: ReturnType<typeof buildPlan>, id: string) =>
    plan.items.find(i => i.itemId === id)!;

  it('keeps accepted findings visible but out of the failing set', () => {
    const findings = [
      finding('a'),
      finding('b', {
        resource: {
          cluster: 'c1',
          kind: 'Deployment',
          namespace: 'shop',
          name: 'api',
        },
      }),
    ];
    const before = buildPlan({ items: FULL, findings });
    expect(item(before, 'workload-admission-policy')).toMatchObject({
      status: 'fail',
      affected: 2,
    });

    const one = buildPlan({
      items: FULL,
      findings,
      exceptions: [exception({ scope: 'finding', findingId: 'a' })],
    });
    const partly = item(one, 'workload-admission-policy');
    expect(partly).toMatchObject({
      status: 'fail',
      affected: 1,
      acceptedFindings: 1,
    });
    expect(partly.findings.map(f => [f.id, f.accepted?.scope])).toEqual(
      expect.arrayContaining([
        ['a', 'finding'],
        ['b', undefined],
      ]),
    );

    const both = buildPlan({
      items: FULL,
      findings,
      exceptions: [
        exception({ id: 1, scope: 'finding', findingId: 'a' }),
        exception({ id: 2, scope: 'finding', findingId: 'b' }),
      ],
    });
    const accepted = item(both, 'workload-admission-policy');
    expect(accepted).toMatchObject({
      status: 'accepted',
      affected: 0,
      priority: 0,
      acceptedFindings: 2,
    });
    expect(accepted.findings).toHaveLength(2);
    // Accepted is not open, and it leaves the score's value: from 0 (one failing item) to null.
    expect(before.score.value).toBe(0);
    // ...while its evidence still counts: coverage does not move.
    expect(both.score.value).toBeNull();
    expect(both.score.coverage).toBe(before.score.coverage);
    expect(both.score.counts.accepted).toBe(1);
    const openWorkload = (p: typeof before) =>
      p.categories.find(c => c.category === 'workload')!.open;
    expect(openWorkload(both)).toBe(openWorkload(before) - 1);
  });

  it('accepts a whole item and shows the exception on it', () => {
    const plan = buildPlan({
      items: FULL,
      findings: [finding('a')],
      exceptions: [exception({ id: 9, scope: 'item' })],
    });
    expect(item(plan, 'workload-admission-policy')).toMatchObject({
      status: 'accepted',
      acceptance: {
        exceptionId: 9,
        scope: 'item',
        expiresAt: '2027-01-31T23:59:59.999Z',
      },
    });
  });

  it('turns an unknown attestable item into attested, never a failing one', () => {
    const unknown = buildPlan({
      items: [],
      findings: [],
      attestations: [attestation()],
    });
    expect(item(unknown, 'cloud-mfa-enforced')).toMatchObject({
      status: 'attested',
      attestation: {
        attestationId: 7,
        evidenceUrl: 'https://wiki.example.com/mfa-review',
      },
    });
    // Attested earns credit like pass: the only scored item now scores 100.
    expect(unknown.score.counts.attested).toBe(1);
    expect(unknown.score.value).toBe(100);

    const failing = buildPlan({
      items: [
        { itemId: 'cloud-mfa-enforced', coverage: 'full', checksRun: [] },
      ],
      findings: [
        finding('m', {
          checkId: 'cloud-mfa-enforced/console-users-without-mfa',
          itemId: 'cloud-mfa-enforced',
          category: 'cloud',
          resource: { kind: 'IAMUser', name: 'bob' },
        }),
      ],
      attestations: [attestation()],
    });
    expect(item(failing, 'cloud-mfa-enforced').status).toBe('fail');

    // Items mostly checked by the engine can be attested too (for the parts no check
    // sees), but a failing check still wins over the statement.
    const unseen = buildPlan({
      items: [],
      findings: [],
      attestations: [attestation({ itemId: 'workload-network-policies' })],
    });
    expect(item(unseen, 'workload-network-policies').status).toBe('attested');
    const stillFailing = buildPlan({
      items: [
        {
          itemId: 'workload-network-policies',
          coverage: 'full',
          checksRun: [],
        },
      ],
      findings: [
        finding('n', {
          checkId: 'workload-network-policies/ingress-not-restricted',
          itemId: 'workload-network-policies',
          category: 'workload',
        }),
      ],
      attestations: [attestation({ itemId: 'workload-network-policies' })],
    });
    expect(item(stillFailing, 'workload-network-policies').status).toBe('fail');
  });

  it('ranks accepted and attested between unknown and pass when statuses merge', () => {
    const score = computeScore([
      { itemId: 'cloud-mfa-enforced', status: 'attested' },
      { itemId: 'cloud-mfa-enforced', status: 'pass' },
      { itemId: 'workload-admission-policy', status: 'accepted' },
      { itemId: 'workload-admission-policy', status: 'attested' },
      { itemId: 'workload-network-policies', status: 'accepted' },
      { itemId: 'workload-network-policies', status: 'unknown' },
    ]);
    expect(score.counts).toMatchObject({
      attested: 1,
      accepted: 1,
      unknown: 1,
      pass: 0,
    });
  });
});
