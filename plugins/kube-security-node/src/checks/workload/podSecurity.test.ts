import { parseManifestText } from '../../snapshot/parse';
import {
  fixtureObjects,
  flagged,
  passes,
  runOn,
} from './__testUtils__/testing';
import { workloadChecks } from '.';

const ITEM = 'workload-admission-policy';
const checks = workloadChecks.filter(c => c.itemId === ITEM);

describe('workload-admission-policy checks together', () => {
  it('leave platform namespaces alone on a whole cluster and judge them in manifests', () => {
    const objects = fixtureObjects(ITEM, 'platform.yaml');
    // (The whole cluster has no admission policy engine: that one finding is not the agent's.)
    expect(
      flagged(runOn(checks, objects, { scope: 'cluster' })).filter(
        line => !line.startsWith('policy-engine '),
      ),
    ).toEqual([]);
    expect(flagged(runOn(checks, objects))).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^privileged-container fail DaemonSet\/kube-system\/cni-node\/cni /,
        ),
        expect.stringMatching(
          /^host-namespaces fail DaemonSet\/kube-system\/cni-node /,
        ),
      ]),
    );
  });

  it('leave hardened workloads and platform namespaces alone', () => {
    const objects = fixtureObjects(ITEM, 'good.yaml');
    for (const scope of ['manifests', 'cluster'] as const) {
      const run = runOn(checks, objects, { scope });
      expect(flagged(run)).toEqual([]);
      for (const check of checks) {
        expect(run.evidence[check.id]).toBe(true);
      }
      expect(passes(run)).toEqual([
        expect.stringMatching(
          /^policy-engine Admission refuses privileged containers, hostPath volumes and running as root/,
        ),
      ]);
    }
  });

  it('skip the Linux-only controls on Windows pods', () => {
    const { objects } = parseManifestText(`
apiVersion: v1
kind: Pod
metadata: { name: win, namespace: team }
spec:
  os: { name: windows }
  containers:
    - name: iis
      image: mcr.microsoft.com/windows/servercore/iis:latest
`);
    const run = runOn(checks, objects);
    expect(flagged(run)).toEqual([]);
  });
});
