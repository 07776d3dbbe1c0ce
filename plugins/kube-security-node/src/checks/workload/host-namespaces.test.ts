import { parseManifestText } from '../../snapshot/parse';
import { fixtureObjects, flagged, runOn } from './__testUtils__/testing';
import { hostNamespacesCheck } from './host-namespaces';

const ITEM = 'workload-admission-policy';
const checks = [hostNamespacesCheck];

describe('workload-admission-policy/host-namespaces', () => {
  it('finds pods that share a host namespace', () => {
    const run = runOn(checks, fixtureObjects(ITEM, 'bad.yaml'));
    expect(flagged(run)).toEqual([
      'host-namespaces fail Deployment/legacy/web @ spec.template.spec.hostNetwork',
      'host-namespaces fail Pod/lax/debug @ spec.hostIPC',
    ]);
    const web = run.findings.find(f => f.resource.name === 'web')!;
    expect(web.message).toMatch(/hostNetwork: true, hostPID: true/);
    // Only the CIS controls of the namespaces it shares.
    expect(web.standards).toEqual([
      'PSS baseline: Host Namespaces',
      'CIS 5.2.5',
      'CIS 5.2.3',
      'NSA/CISA: Host namespaces and filesystem',
    ]);
  });

  it('passes false values and the hardened fixture', () => {
    const { objects } = parseManifestText(`
apiVersion: v1
kind: Pod
metadata: { name: p, namespace: team }
spec:
  hostNetwork: false
  hostPID: false
  containers: [{ name: c, image: app:1 }]
`);
    expect(flagged(runOn(checks, objects))).toEqual([]);
    expect(flagged(runOn(checks, fixtureObjects(ITEM, 'good.yaml')))).toEqual(
      [],
    );
  });
});
