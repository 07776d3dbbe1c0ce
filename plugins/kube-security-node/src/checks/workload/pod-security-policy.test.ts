import { parseManifestText } from '../../snapshot/parse';
import { flagged, runOn } from './__testUtils__/testing';
import { podSecurityPolicyCheck } from './pod-security-policy';

const checks = [podSecurityPolicyCheck];
const ID = 'workload-admission-policy/pod-security-policy';

function policy(spec: string, annotations = '{}') {
  return parseManifestText(`
apiVersion: policy/v1beta1
kind: PodSecurityPolicy
metadata:
  name: psp
  annotations: ${annotations}
spec:
${spec}
`).objects;
}

const RESTRICTIVE = `
  privileged: false
  allowPrivilegeEscalation: false
  requiredDropCapabilities: [ALL]
  readOnlyRootFilesystem: true
  volumes: [configMap, emptyDir, projected, secret, downwardAPI, persistentVolumeClaim]
  hostNetwork: false
  hostIPC: false
  hostPID: false
  runAsUser: { rule: MustRunAsNonRoot }
  seLinux: { rule: RunAsAny }
  supplementalGroups: { rule: MustRunAs, ranges: [{ min: 1, max: 65535 }] }
  fsGroup: { rule: MustRunAs, ranges: [{ min: 1, max: 65535 }] }`;
const RUNTIME_DEFAULT =
  "{ seccomp.security.alpha.kubernetes.io/defaultProfileName: 'runtime/default' }";

describe('workload-admission-policy/pod-security-policy', () => {
  it('reports a permissive policy with the controls of everything it allows', () => {
    const run = runOn(
      checks,
      policy(`
  privileged: true
  hostPID: true
  allowedCapabilities: ['*']
  volumes: ['*']
  hostPorts: [{ min: 0, max: 65535 }]
  runAsUser: { rule: RunAsAny }`),
    );
    expect(flagged(run)).toEqual([
      'pod-security-policy fail critical PodSecurityPolicy/-/psp @ spec.privileged',
    ]);
    expect(run.findings[0].standards).toEqual(
      expect.arrayContaining([
        'PSS baseline: Privileged Containers',
        'CIS 5.2.2',
        'CIS 5.2.3',
        'CIS 5.2.6',
        'CIS 5.2.7',
        'CIS 5.2.8',
        'CIS 5.2.9',
        'CIS 5.2.10',
        'CIS 5.2.12',
        'CIS 5.2.13',
        'CIS 5.7.2',
      ]),
    );
    expect(run.findings[0].standards).not.toContain('CIS 5.2.5');
    expect(run.evidence[ID]).toBe(true);
  });

  it('narrows to the one thing a nearly restrictive policy allows', () => {
    const run = runOn(
      checks,
      policy(
        `${RESTRICTIVE.replace('hostNetwork: false', 'hostNetwork: true')}`,
        RUNTIME_DEFAULT,
      ),
    );
    expect(flagged(run)).toEqual([
      'pod-security-policy fail high PodSecurityPolicy/-/psp @ spec.hostNetwork',
    ]);
    expect(run.findings[0].standards).toEqual([
      'PSS baseline: Host Namespaces',
      'CIS 5.2.5',
      'NSA/CISA: Host namespaces and filesystem',
    ]);
  });

  it('treats unset allowPrivilegeEscalation and RunAsAny as allowing them', () => {
    const run = runOn(
      checks,
      policy(
        RESTRICTIVE.replace('  allowPrivilegeEscalation: false\n', '').replace(
          'MustRunAsNonRoot',
          'RunAsAny',
        ),
        RUNTIME_DEFAULT,
      ),
    );
    expect(run.findings[0].message).toBe(
      "PodSecurityPolicy 'psp' admits privilege escalation, root users: pods it covers are not held to the Pod Security Standards",
    );
  });

  it('passes a restrictive policy; without policies concludes only on a whole cluster', () => {
    expect(
      flagged(runOn(checks, policy(RESTRICTIVE, RUNTIME_DEFAULT))),
    ).toEqual([]);
    const none = runOn(checks, []);
    expect(none.evidence[ID]).toBe(false);
    // A whole cluster without the (removed) API has no policy that admits anything.
    const cluster = runOn(checks, [], { scope: 'cluster' });
    expect(cluster.findings).toEqual([]);
    expect(cluster.evidence[ID]).toBe(true);
  });
});
