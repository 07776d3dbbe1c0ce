import { parseManifestText } from '../../snapshot/parse';
import { fixtureObjects, flagged, runOn } from './__testUtils__/testing';
import { dangerousCapabilitiesCheck } from './dangerous-capabilities';

const ITEM = 'workload-admission-policy';
const checks = [dangerousCapabilitiesCheck];
const c = 'spec.template.spec.containers';

function pod(add: string) {
  return parseManifestText(`
apiVersion: v1
kind: Pod
metadata: { name: p, namespace: team }
spec:
  containers:
    - name: c
      image: app:1
      securityContext:
        capabilities: { drop: [ALL], add: ${add} }
`).objects;
}

describe('workload-admission-policy/dangerous-capabilities', () => {
  it('finds added capabilities, whatever their spelling', () => {
    const run = runOn(checks, fixtureObjects(ITEM, 'bad.yaml'));
    expect(flagged(run)).toEqual([
      `dangerous-capabilities fail high Deployment/legacy/web/sidecar @ ${c}[1].securityContext.capabilities.add[1]`,
      `dangerous-capabilities fail medium StatefulSet/legacy/cache/cache @ ${c}[0].securityContext.capabilities.add[0]`,
    ]);
    expect(
      run.findings.find(f => f.resource.container === 'sidecar')?.message,
    ).toBe(
      "Container 'sidecar' adds capabilities NET_RAW, SYS_ADMIN: SYS_ADMIN is close to full root on the node",
    );
  });

  it('reports any capability beyond the default set against the baseline standard', () => {
    const run = runOn(checks, pod('[cap_sys_time]'));
    expect(flagged(run)).toEqual([
      'dangerous-capabilities fail medium Pod/team/p/c @ spec.containers[0].securityContext.capabilities.add[0]',
    ]);
    expect(run.findings[0].standards).toEqual([
      'PSS baseline: Capabilities',
      'PSS restricted: Capabilities',
      'CIS 5.2.9',
    ]);
  });

  it('reports a default-set capability only against the restricted standard, as low', () => {
    const run = runOn(checks, pod('[NET_BIND_SERVICE, CHOWN]'));
    expect(flagged(run)).toEqual([
      'dangerous-capabilities fail low Pod/team/p/c @ spec.containers[0].securityContext.capabilities.add[1]',
    ]);
    expect(run.findings[0].standards).toEqual([
      'PSS restricted: Capabilities',
      'CIS 5.2.9',
    ]);
  });

  it('names NET_RAW for the CIS control about it', () => {
    const run = runOn(checks, pod('["CAP_NET_RAW"]'));
    expect(run.findings[0].standards).toContain('CIS 5.2.8');
    expect(run.findings[0].standards).not.toContain(
      'NSA/CISA: Privileged containers',
    );
  });

  it('counts SYS_ADMIN and ALL as privileged for the NSA/CISA guide', () => {
    for (const add of ['[SYS_ADMIN]', '[all]']) {
      const run = runOn(checks, pod(add));
      expect(run.findings[0].standards).toContain(
        'NSA/CISA: Privileged containers',
      );
    }
  });

  it('allows adding back NET_BIND_SERVICE', () => {
    expect(flagged(runOn(checks, pod('[NET_BIND_SERVICE]')))).toEqual([]);
    expect(flagged(runOn(checks, fixtureObjects(ITEM, 'good.yaml')))).toEqual(
      [],
    );
  });
});

describe('workload-admission-policy/dangerous-capabilities: exact names', () => {
  it('takes a default-set capability spelt otherwise as beyond the baseline, as admission does', () => {
    const { objects } = parseManifestText(`
apiVersion: v1
kind: Pod
metadata: { name: p, namespace: team }
spec:
  containers:
    - name: lower
      image: app:1
      securityContext: { capabilities: { add: [chown] } }
    - name: prefixed
      image: app:1
      securityContext: { capabilities: { add: [CAP_KILL] } }
    - name: exact
      image: app:1
      securityContext: { capabilities: { add: [KILL, NET_BIND_SERVICE] } }
`);
    const run = runOn(checks, objects);
    const standardsOf = (container: string) =>
      run.findings.find(f => f.resource.container === container)?.standards;
    expect(standardsOf('lower')).toContain('PSS baseline: Capabilities');
    expect(standardsOf('prefixed')).toContain('PSS baseline: Capabilities');
    expect(standardsOf('exact')).not.toContain('PSS baseline: Capabilities');
  });
});
