import type { Snapshot } from '../snapshot/types';
import type { Check } from './check';
import { UNREADABLE_FILE_KIND, evaluate } from '..';

function snapshot(extra: Partial<Snapshot> = {}): Snapshot {
  return { cluster: 'prod-eu', scope: 'cluster', objects: [], ...extra };
}

function check(id: string, reads?: string[]): Check {
  return {
    id,
    itemId: id.split('/')[0] as Check['itemId'],
    reads,
    run(ctx) {
      ctx.report({
        message: `seen by ${id}`,
        resource: { kind: 'Deployment', namespace: 'team', name: 'api' },
      });
      return true;
    },
  };
}

function throwing(id: string): Check {
  return {
    id,
    itemId: id.split('/')[0] as Check['itemId'],
    run() {
      throw new Error(`${id} broke`);
    },
  };
}

describe('evaluate without all the evidence', () => {
  it('lists the checks that threw, with their item and error', () => {
    const result = evaluate(snapshot(), {}, [
      check('workload-admission-policy/privileged-container', ['Pod']),
      throwing('workload-admission-policy/host-path'),
      throwing('workload-rbac-least-privilege/wildcard-permissions'),
    ]);
    expect(result.failedChecks).toEqual([
      {
        checkId: 'workload-admission-policy/host-path',
        itemId: 'workload-admission-policy',
        error: 'workload-admission-policy/host-path broke',
      },
      {
        checkId: 'workload-rbac-least-privilege/wildcard-permissions',
        itemId: 'workload-rbac-least-privilege',
        error: 'workload-rbac-least-privilege/wildcard-permissions broke',
      },
    ]);
    const coverage = new Map(result.items.map(i => [i.itemId, i.coverage]));
    expect(coverage.get('workload-admission-policy')).toBe('partial');
    expect(coverage.get('workload-rbac-least-privilege')).toBe('none');
  });

  it('lists no failed check when every check ran', () => {
    const result = evaluate(snapshot(), {}, [
      check('workload-admission-policy/privileged-container', ['Pod']),
    ]);
    expect(result.failedChecks).toEqual([]);
  });

  it('makes every item that reads Kubernetes objects partial when a file could not be read', () => {
    const checks = [
      check('workload-admission-policy/privileged-container', ['Pod']),
      // Declares no kinds, but its evidence is Kubernetes objects.
      check('workload-network-policies/ingress-not-restricted'),
      // Reads the cloud descriptor only: a manifest file does not hide it.
      check('cloud-mfa-enforced/iam-users-mfa'),
    ];
    const whole = evaluate(snapshot(), {}, checks);
    const unreadable = evaluate(
      snapshot({ unreadableKinds: [UNREADABLE_FILE_KIND] }),
      {},
      checks,
    );
    const coverage = (r: typeof whole) =>
      Object.fromEntries(r.items.map(i => [i.itemId, i.coverage]));
    expect(coverage(whole)).toMatchObject({
      'workload-admission-policy': 'full',
      'workload-network-policies': 'full',
      'cloud-mfa-enforced': 'full',
    });
    expect(coverage(unreadable)).toMatchObject({
      'workload-admission-policy': 'partial',
      'workload-network-policies': 'partial',
      'cloud-mfa-enforced': 'full',
    });
    expect(unreadable.notes.join('\n')).toMatch(
      /files could not be read, so these items are incomplete: .*Admission/i,
    );
  });
});
