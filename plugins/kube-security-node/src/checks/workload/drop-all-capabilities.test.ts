import { parseManifestText } from '../../snapshot/parse';
import { fixtureObjects, flagged, runOn } from './__testUtils__/testing';
import { dropAllCapabilitiesCheck } from './drop-all-capabilities';

const checks = [dropAllCapabilitiesCheck];

describe('workload-admission-policy/drop-all-capabilities', () => {
  it('finds containers that do not drop ALL', () => {
    const { objects } = parseManifestText(`
apiVersion: v1
kind: Pod
metadata: { name: p, namespace: team }
spec:
  initContainers:
    - { name: init, image: app:1 }
  containers:
    - name: raw-dropped
      image: app:1
      securityContext: { capabilities: { drop: [NET_RAW] } }
    - name: lower
      image: app:1
      securityContext: { capabilities: { drop: [all] } }
`);
    const run = runOn(checks, objects);
    expect(flagged(run)).toEqual([
      'drop-all-capabilities fail Pod/team/p/init @ spec.initContainers[0].securityContext.capabilities.drop',
      'drop-all-capabilities fail Pod/team/p/lower @ spec.containers[1].securityContext.capabilities.drop[0]',
      'drop-all-capabilities fail Pod/team/p/raw-dropped @ spec.containers[0].securityContext.capabilities.drop',
    ]);
    const standards = (container: string) =>
      run.findings.find(f => f.resource.container === container)?.standards;
    expect(standards('init')).toContain('CIS 5.2.8');
    expect(standards('raw-dropped')).not.toContain('CIS 5.2.8');
    expect(standards('raw-dropped')).toContain('PSS restricted: Capabilities');
  });

  it('holds ALL to its exact spelling for the restricted level only', () => {
    const { objects } = parseManifestText(`
apiVersion: v1
kind: Pod
metadata: { name: p, namespace: team }
spec:
  initContainers:
    - name: prefixed
      image: app:1
      securityContext: { capabilities: { drop: [NET_RAW, CAP_ALL] } }
  containers:
    - name: mixed
      image: app:1
      securityContext: { capabilities: { drop: [All] } }
    - name: both
      image: app:1
      securityContext: { capabilities: { drop: [all, ALL] } }
`);
    const run = runOn(checks, objects);
    expect(flagged(run)).toEqual([
      'drop-all-capabilities fail Pod/team/p/mixed @ spec.containers[0].securityContext.capabilities.drop[0]',
      'drop-all-capabilities fail Pod/team/p/prefixed @ spec.initContainers[0].securityContext.capabilities.drop[1]',
    ]);
    for (const finding of run.findings) {
      // the runtime drops every capability: only admission's exact comparison is broken
      expect(finding.standards).toEqual(['PSS restricted: Capabilities']);
      expect(finding.message).toMatch(/exact name ALL/);
    }
    expect(run.findings).toHaveLength(2);
  });

  it('passes the hardened fixture and Windows pods', () => {
    expect(
      flagged(
        runOn(checks, fixtureObjects('workload-admission-policy', 'good.yaml')),
      ),
    ).toEqual([]);
    const { objects } = parseManifestText(`
apiVersion: v1
kind: Pod
metadata: { name: win, namespace: team }
spec:
  os: { name: windows }
  containers: [{ name: c, image: mcr.microsoft.com/windows/nanoserver:ltsc2022 }]
`);
    expect(flagged(runOn(checks, objects))).toEqual([]);
  });
});
