import { parseManifestText } from '../../snapshot/parse';
import { fixtureObjects, flagged, runOn } from './__testUtils__/testing';
import { hostPortsCheck } from './host-ports';

const checks = [hostPortsCheck];

describe('workload-admission-policy/host-ports', () => {
  it('finds containers that bind node ports', () => {
    const { objects } = parseManifestText(`
apiVersion: v1
kind: ReplicationController
metadata: { name: rc, namespace: team }
spec:
  template:
    spec:
      containers:
        - name: web
          image: app:1
          ports:
            - { containerPort: 8080 }
            - { containerPort: 8443, hostPort: 443 }
        - name: zero
          image: app:1
          ports: [{ containerPort: 80, hostPort: 0 }]
`);
    const run = runOn(checks, objects);
    expect(flagged(run)).toEqual([
      'host-ports fail ReplicationController/team/rc/web @ spec.template.spec.containers[0].ports[1].hostPort',
    ]);
    expect(run.findings[0].message).toMatch(/binds port 443 on the node/);
  });

  it('passes the hardened fixture', () => {
    expect(
      flagged(
        runOn(checks, fixtureObjects('workload-admission-policy', 'good.yaml')),
      ),
    ).toEqual([]);
  });
});
