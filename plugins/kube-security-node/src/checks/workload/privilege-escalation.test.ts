import { parseManifestText } from '../../snapshot/parse';
import { fixtureObjects, flagged, runOn } from './__testUtils__/testing';
import { privilegeEscalationCheck } from './privilege-escalation';

const ITEM = 'workload-admission-policy';
const checks = [privilegeEscalationCheck];
const c = 'spec.template.spec.containers';

describe('workload-admission-policy/privilege-escalation', () => {
  it('finds containers that allow privilege escalation, explicitly or by default', () => {
    const run = runOn(checks, fixtureObjects(ITEM, 'bad.yaml'));
    expect(flagged(run)).toEqual([
      'privilege-escalation fail CronJob/legacy/report/setup @ spec.jobTemplate.spec.template.spec.initContainers[0].securityContext.allowPrivilegeEscalation',
      `privilege-escalation fail Deployment/legacy/web/app @ ${c}[0].securityContext.allowPrivilegeEscalation`,
      `privilege-escalation fail Deployment/legacy/web/sidecar @ ${c}[1].securityContext.allowPrivilegeEscalation`,
    ]);
    const message = (container: string) =>
      run.findings.find(f => f.resource.container === container)?.message;
    expect(message('app')).toMatch(/sets allowPrivilegeEscalation: true/);
    expect(message('sidecar')).toMatch(
      /does not set allowPrivilegeEscalation: false/,
    );
  });

  it('passes the hardened fixture', () => {
    const run = runOn(checks, fixtureObjects(ITEM, 'good.yaml'));
    expect(flagged(run)).toEqual([]);
  });

  it('exempts Windows pods, as the Pod Security Standards do', () => {
    const { objects } = parseManifestText(`
apiVersion: v1
kind: Pod
metadata: { name: win, namespace: team }
spec:
  os: { name: windows }
  containers: [{ name: iis, image: mcr.microsoft.com/windows/servercore/iis:latest }]
`);
    expect(flagged(runOn(checks, objects))).toEqual([]);
  });
});
