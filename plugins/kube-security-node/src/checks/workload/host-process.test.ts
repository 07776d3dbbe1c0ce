import { parseManifestText } from '../../snapshot/parse';
import { fixtureObjects, flagged, runOn } from './__testUtils__/testing';
import { hostProcessCheck } from './host-process';

const checks = [hostProcessCheck];

describe('workload-admission-policy/host-process', () => {
  it('finds HostProcess containers set on the pod or the container', () => {
    const { objects } = parseManifestText(`
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: agent, namespace: team }
spec:
  template:
    spec:
      os: { name: windows }
      hostNetwork: true
      securityContext:
        windowsOptions: { hostProcess: true, runAsUserName: "NT AUTHORITY\\\\SYSTEM" }
      containers: [{ name: agent, image: example.com/agent:1 }]
---
apiVersion: v1
kind: Pod
metadata: { name: p, namespace: team }
spec:
  containers:
    - name: c
      image: example.com/c:1
      securityContext: { windowsOptions: { hostProcess: true } }
`);
    const run = runOn(checks, objects);
    expect(flagged(run)).toEqual([
      'host-process fail DaemonSet/team/agent/agent @ spec.template.spec.securityContext.windowsOptions.hostProcess',
      'host-process fail Pod/team/p/c @ spec.containers[0].securityContext.windowsOptions.hostProcess',
    ]);
    expect(run.findings[0].message).toMatch(
      /HostProcess container \(set on the pod\)/,
    );
  });

  it('passes ordinary Windows pods and the hardened fixture', () => {
    const { objects } = parseManifestText(`
apiVersion: v1
kind: Pod
metadata: { name: win, namespace: team }
spec:
  os: { name: windows }
  securityContext: { windowsOptions: { hostProcess: false } }
  containers: [{ name: c, image: mcr.microsoft.com/windows/nanoserver:ltsc2022 }]
`);
    expect(flagged(runOn(checks, objects))).toEqual([]);
    expect(
      flagged(
        runOn(checks, fixtureObjects('workload-admission-policy', 'good.yaml')),
      ),
    ).toEqual([]);
  });
});
