import { parseManifestText } from '../../snapshot/parse';
import { fixtureObjects, flagged, runOn } from './__testUtils__/testing';
import { hostPathCheck, isCriticalHostPath } from './host-path';

const ITEM = 'workload-admission-policy';
const checks = [hostPathCheck];

describe('workload-admission-policy/host-path', () => {
  it('finds hostPath volumes, critical for the runtime socket', () => {
    const run = runOn(checks, fixtureObjects(ITEM, 'bad.yaml'));
    expect(flagged(run)).toEqual([
      'host-path fail critical Deployment/legacy/web @ spec.template.spec.volumes[1].hostPath.path',
      'host-path fail high StatefulSet/legacy/cache @ spec.template.spec.volumes[0].hostPath.path',
    ]);
    expect(run.findings.find(f => f.resource.name === 'web')?.message).toMatch(
      /\/var\/run\/docker\.sock/,
    );
  });

  it('reports a read-only mount of a harmless path as low, without the NSA/CISA topic', () => {
    const { objects } = parseManifestText(`
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: reader, namespace: team }
spec:
  template:
    spec:
      containers:
        - name: c
          image: app:1
          volumeMounts: [{ name: logs, mountPath: /logs, readOnly: true }]
      volumes:
        - { name: logs, hostPath: { path: /var/log/app } }
`);
    const run = runOn(checks, objects);
    expect(flagged(run)).toEqual([
      'host-path fail low DaemonSet/team/reader @ spec.template.spec.volumes[0].hostPath.path',
    ]);
    expect(run.findings[0].standards).toEqual([
      'PSS baseline: HostPath Volumes',
      'PSS restricted: Volume Types',
      'CIS 5.2.12',
    ]);
    expect(run.findings[0].message).toMatch(/read-only/);
  });

  it('keeps a read-only runtime socket critical', () => {
    const { objects } = parseManifestText(`
apiVersion: v1
kind: Pod
metadata: { name: p, namespace: team }
spec:
  containers:
    - name: c
      image: app:1
      volumeMounts: [{ name: sock, mountPath: /sock, readOnly: true }]
  volumes:
    - { name: sock, hostPath: { path: /run/containerd/containerd.sock } }
`);
    expect(flagged(runOn(checks, objects))).toEqual([
      'host-path fail critical Pod/team/p @ spec.volumes[0].hostPath.path',
    ]);
  });

  it('passes the hardened fixture (platform namespaces are left alone)', () => {
    expect(flagged(runOn(checks, fixtureObjects(ITEM, 'good.yaml')))).toEqual(
      [],
    );
  });

  it.each([
    ['/var/run/docker.sock', true],
    ['/run/containerd/containerd.sock', true],
    ['/', true],
    ['//', true],
    ['/etc/', true],
    ['/etc/kubernetes', true],
    ['/var/lib/kubelet/pods', true],
    ['/var/log', false],
    ['/etcetera', false],
    ['/data/cache', false],
    // a parent of a sensitive path exposes it
    ['/var', true],
    ['/var/lib', true],
    ['/run', true],
    ['/var/run/', true],
    ['/run/dbus', true],
    ['/run/systemd', true],
    ['/var/run/cri-dockerd.sock', true],
    // a sibling under /run or /var/run does not
    ['/run/log/journal', false],
    ['/var/run/scope/plugins', false],
    ['/run/systemd/journal', false],
    ['/run/xtables.lock', false],
    ['/variable', false],
  ])('classifies host path %s as critical: %s', (path, critical) => {
    expect(isCriticalHostPath(path)).toBe(critical);
  });
});
