import { parseManifestText } from '../../snapshot/parse';
import { flagged, runOn } from './__testUtils__/testing';
import { hostProbesCheck } from './host-probes';

const checks = [hostProbesCheck];

describe('workload-admission-policy/host-probes', () => {
  it('finds probes and hooks that name a host, and passes those that do not', () => {
    const { objects } = parseManifestText(`
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: team }
spec:
  template:
    spec:
      initContainers:
        - name: init
          image: app:1
          startupProbe: { tcpSocket: { port: 80, host: 169.254.169.254 } }
      containers:
        - name: probed
          image: app:1
          livenessProbe: { httpGet: { path: /healthz, port: 8080, host: 10.0.0.1 } }
        - name: hooked
          image: app:1
          lifecycle: { preStop: { httpGet: { path: /drain, port: 80, host: example.com } } }
        - name: local
          image: app:1
          readinessProbe: { httpGet: { path: /ready, port: 8080, host: "" } }
          livenessProbe: { tcpSocket: { port: 8080 } }
`);
    expect(flagged(runOn(checks, objects))).toEqual([
      'host-probes fail Deployment/team/web/hooked @ spec.template.spec.containers[1].lifecycle.preStop.httpGet.host',
      'host-probes fail Deployment/team/web/init @ spec.template.spec.initContainers[0].startupProbe.tcpSocket.host',
      'host-probes fail Deployment/team/web/probed @ spec.template.spec.containers[0].livenessProbe.httpGet.host',
    ]);
  });
});
