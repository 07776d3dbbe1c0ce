import { parseManifestText } from '../../snapshot/parse';
import { fixtureObjects, flagged, runOn } from './__testUtils__/testing';
import { privilegedContainerCheck } from './privileged-container';

const ITEM = 'workload-admission-policy';
const checks = [privilegedContainerCheck];

describe('workload-admission-policy/privileged-container', () => {
  it('finds privileged containers, init containers included', () => {
    const run = runOn(checks, fixtureObjects(ITEM, 'bad.yaml'));
    expect(flagged(run)).toEqual([
      'privileged-container fail CronJob/legacy/report/setup @ spec.jobTemplate.spec.template.spec.initContainers[0].securityContext.privileged',
      'privileged-container fail Deployment/legacy/web/app @ spec.template.spec.containers[0].securityContext.privileged',
    ]);
  });

  it('names the container and the risk', () => {
    const run = runOn(checks, fixtureObjects(ITEM, 'bad.yaml'));
    const message = (container: string) =>
      run.findings.find(f => f.resource.container === container)?.message;
    expect(message('app')).toMatch(
      /^Container 'app' runs privileged: it has every capability of the host/,
    );
    expect(message('setup')).toMatch(/^Init container 'setup' runs privileged/);
  });

  it('leaves the hardened fixture and platform namespaces alone', () => {
    const run = runOn(checks, fixtureObjects(ITEM, 'good.yaml'));
    expect(flagged(run)).toEqual([]);
    expect(run.evidence[`${ITEM}/privileged-container`]).toBe(true);
  });

  it('judges system namespaces when they are not configured as such', () => {
    const run = runOn(checks, fixtureObjects(ITEM, 'platform.yaml'), {
      scope: 'cluster',
      engine: { systemNamespaces: [] },
    });
    expect(flagged(run)).toContain(
      'privileged-container fail DaemonSet/kube-system/cni-node/cni @ spec.template.spec.containers[0].securityContext.privileged',
    );
  });

  it('judges ephemeral containers and PodTemplate objects too', () => {
    const { objects } = parseManifestText(`
apiVersion: v1
kind: Pod
metadata: { name: p, namespace: team }
spec:
  containers: [{ name: app, image: app:1 }]
  ephemeralContainers:
    - name: debugger
      image: busybox:1
      securityContext: { privileged: true }
---
apiVersion: v1
kind: PodTemplate
metadata: { name: tpl, namespace: team }
template:
  spec:
    containers:
      - name: c
        image: app:1
        securityContext: { privileged: true }
      - name: off
        image: app:1
        securityContext: { privileged: false }
`);
    const run = runOn(checks, objects);
    expect(flagged(run)).toEqual([
      'privileged-container fail Pod/team/p/debugger @ spec.ephemeralContainers[0].securityContext.privileged',
      'privileged-container fail PodTemplate/team/tpl/c @ template.spec.containers[0].securityContext.privileged',
    ]);
    expect(run.findings[0].message).toMatch(/^Ephemeral container 'debugger'/);
  });
});
