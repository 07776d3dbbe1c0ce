import type {
  Finding,
  FindingStatus,
  Severity,
} from '@kube-security/plugin-kube-security-common';
import type { Check, RawFinding } from './check';
import { evaluate } from '..';

const STATUSES: FindingStatus[] = ['fail', 'warn', 'pass'];
const SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** The order the engine promises within one check, written out field by field. */
function reference(a: Finding, b: Finding): number {
  const text = (x: unknown, y: unknown) => {
    const p = String(x ?? '');
    const q = String(y ?? '');
    if (p === q) return 0;
    return p < q ? -1 : 1;
  };
  return (
    STATUSES.indexOf(a.status) - STATUSES.indexOf(b.status) ||
    SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
    text(a.resource.namespace, b.resource.namespace) ||
    text(a.resource.kind, b.resource.kind) ||
    text(a.resource.name, b.resource.name) ||
    text(a.resource.container, b.resource.container) ||
    text(a.evidencePath, b.evidencePath) ||
    text(a.id, b.id)
  );
}

/** A seeded generator, so that a failure can be replayed. */
function random(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
}

function pick<T>(next: (n: number) => number, values: readonly T[]): T {
  return values[next(values.length)];
}

/**
 * The resources of the findings: every combination of a few kinds, namespaces, names and
 * containers (prefixes of each other among them), half of them shared frozen objects as
 * the checks' helpers pass them.
 */
function resources(next: (n: number) => number): RawFinding['resource'][] {
  const all: RawFinding['resource'][] = [];
  for (const kind of ['Deployment', 'CronJob'])
    for (const namespace of [undefined, 'a', 'a-b', 'ab'])
      for (const name of ['w', 'w0', 'w0-x', 'w1'])
        for (const container of [undefined, 'x', 'x-'])
          all.push(
            next(2) === 0
              ? Object.freeze({ kind, namespace, name, container })
              : { kind, namespace, name, container },
          );
  return all;
}

/** Raw findings on distinct resources of `pool`, in a shuffled order, with every rank. */
function reports(
  next: (n: number) => number,
  pool: RawFinding['resource'][],
): RawFinding[] {
  const out: RawFinding[] = [];
  for (const resource of pool) {
    if (next(3) === 0) continue;
    out.push({
      status: pick(next, STATUSES),
      severity: pick(next, SEVERITIES),
      message: `m${next(3)}`,
      resource,
      evidencePath: pick(next, [undefined, 'spec.a', 'spec.b', 'spec']),
    });
  }
  for (let i = out.length - 1; i > 0; i--) {
    const j = next(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function check(id: string, raws: RawFinding[]): Check {
  return {
    id,
    itemId: id.split('/')[0] as Check['itemId'],
    run(ctx) {
      for (const raw of raws) ctx.report(raw);
      return true;
    },
  };
}

const snapshot = { cluster: 'c', scope: 'cluster' as const, objects: [] };

describe('the order of findings', () => {
  it('is status, severity, resource, evidence path and id within each check, whatever the reporting order', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const next = random(seed);
      const pool = resources(next);
      const checks = [
        check('workload-admission-policy/one', reports(next, pool)),
        check('workload-admission-policy/two', reports(next, pool)),
      ];
      const { findings } = evaluate(snapshot, {}, checks);
      for (const id of ['one', 'two']) {
        const ofCheck = findings.filter(
          f => f.checkId === `workload-admission-policy/${id}`,
        );
        expect(ofCheck.length).toBeGreaterThan(0);
        expect(ofCheck).toEqual([...ofCheck].sort(reference));
      }
      // The same findings reported in another order come out the same.
      const reversed = checks.map(c => {
        const raws: RawFinding[] = [];
        c.run({
          index: undefined as any,
          options: {} as any,
          report: r => raws.push(r),
        });
        return check(c.id, raws.reverse());
      });
      expect(evaluate(snapshot, {}, reversed).findings).toEqual(findings);
    }
  });

  it('orders a resource field that is not text as its text', () => {
    const raws: RawFinding[] = [10, 9, '1', 'x'].map(name => ({
      message: 'm',
      resource: { kind: 'Deployment', namespace: 'a', name: name as any },
    }));
    const { findings } = evaluate(snapshot, {}, [
      check('workload-admission-policy/one', raws),
    ]);
    expect(findings.map(f => String(f.resource.name))).toEqual([
      '1',
      '10',
      '9',
      'x',
    ]);
  });
});
