import { parseManifestText } from '../../snapshot/parse';
import {
  fixtureObjects,
  flagged,
  passes,
  runOn,
} from './__testUtils__/testing';
import { policyEngineCheck } from './policy-engine';

const ITEM = 'workload-admission-policy';
const ID = `${ITEM}/policy-engine`;
const checks = [policyEngineCheck];

function objects(text: string) {
  const parsed = parseManifestText(text);
  if (parsed.errors.length) throw new Error(JSON.stringify(parsed.errors));
  return parsed.objects;
}

function messageOf(run: ReturnType<typeof runOn>): string {
  expect(run.findings).toHaveLength(1);
  return run.findings[0].message;
}

const SHOP = `
apiVersion: v1
kind: Namespace
metadata: { name: shop }
`;

/** A Kyverno ClusterPolicy rule with the given validate block (YAML, indented for it). */
function kyverno(name: string, validate: string, spec = '') {
  return `
---
apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: { name: ${name} }
spec:
${spec}
  rules:
    - name: ${name}
      match:
        any:
          - resources: { kinds: [Pod] }
      validate:
${validate}
`;
}

const ENFORCE_PSS_RESTRICTED = kyverno(
  'pss-restricted',
  `        failureAction: Enforce
        podSecurity: { level: restricted, version: latest }`,
);

describe('workload-admission-policy/policy-engine', () => {
  it('passes a cluster where Kyverno, Gatekeeper, a ValidatingAdmissionPolicy and Pod Security labels together refuse all three', () => {
    const run = runOn(checks, fixtureObjects(ITEM, 'enforcement-good.yaml'), {
      scope: 'cluster',
    });
    expect(flagged(run)).toEqual([]);
    expect(run.evidence[ID]).toBe(true);
    expect(passes(run)).toEqual([
      "policy-engine Admission refuses privileged containers, hostPath volumes and running as root in every application namespace (2): Gatekeeper K8sPSPPrivilegedContainer 'psp-privileged-container', Kyverno ClusterPolicy 'require-run-as-nonroot', Pod Security 'baseline' labels, ValidatingAdmissionPolicy 'no-host-path' (binding 'no-host-path')",
    ]);
  });

  it('fails a cluster whose policies only audit or warn, although engines are installed', () => {
    const run = runOn(checks, fixtureObjects(ITEM, 'enforcement-bad.yaml'), {
      scope: 'cluster',
    });
    expect(flagged(run)).toEqual(['policy-engine fail Cluster/-/test']);
    expect(messageOf(run)).toBe(
      "Nothing refuses privileged containers, hostPath volumes and running as root at admission in the application namespaces: 'shop' admits privileged containers, hostPath volumes and running as root (privileged containers, hostPath volumes and running as root only audited or warned). Kyverno is installed (CustomResourceDefinition 'clusterpolicies.kyverno.io'), but its policies do not refuse them.",
    );
  });

  it('no longer passes a cluster because an engine is merely installed', () => {
    const run = runOn(
      checks,
      objects(`${SHOP}
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata: { name: gatekeeper-validating-webhook-configuration }
webhooks: [{ name: validation.gatekeeper.sh }]
`),
      { scope: 'cluster' },
    );
    expect(flagged(run)).toEqual(['policy-engine fail Cluster/-/test']);
    expect(messageOf(run)).toContain(
      "Gatekeeper is installed (ValidatingWebhookConfiguration 'gatekeeper-validating-webhook-configuration'), but its policies do not refuse them.",
    );
  });

  it('warns when only some concerns are refused, or only in some namespaces', () => {
    const baselineOnly = runOn(
      checks,
      objects(`
apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels: { pod-security.kubernetes.io/enforce: baseline }
`),
      { scope: 'cluster' },
    );
    expect(flagged(baselineOnly)).toEqual([
      'policy-engine warn medium Cluster/-/test',
    ]);
    expect(messageOf(baselineOnly)).toBe(
      "Admission refuses only part of privileged containers, hostPath volumes and running as root: 'shop' admits running as root.",
    );

    // A restricted Kyverno policy that leaves one team namespace out.
    const excluded = runOn(
      checks,
      objects(`${SHOP}
---
apiVersion: v1
kind: Namespace
metadata: { name: legacy }
${kyverno(
  'pss-restricted',
  `        failureAction: Enforce
        podSecurity: { level: restricted }`,
).replace(
  'resources: { kinds: [Pod] }',
  'resources: { kinds: [Pod] }\n      exclude:\n        any:\n          - resources: { namespaces: [leg*] }',
)}`),
      { scope: 'cluster' },
    );
    expect(flagged(excluded)).toEqual([
      'policy-engine warn medium Cluster/-/test',
    ]);
    expect(messageOf(excluded)).toContain(
      "'legacy' admits privileged containers, hostPath volumes and running as root.",
    );
  });

  it('reads the Kyverno failure action per rule, per policy and per namespace override', () => {
    const policyWide = runOn(
      checks,
      objects(
        SHOP +
          kyverno(
            'pss',
            '        podSecurity: { level: restricted }',
            '  validationFailureAction: Enforce',
          ),
      ),
      { scope: 'cluster' },
    );
    expect(flagged(policyWide)).toEqual([]);

    const auditedRule = runOn(
      checks,
      objects(
        SHOP +
          kyverno(
            'pss',
            '        failureAction: Audit\n        podSecurity: { level: restricted }',
            '  validationFailureAction: Enforce',
          ),
      ),
      { scope: 'cluster' },
    );
    expect(flagged(auditedRule)).toEqual(['policy-engine fail Cluster/-/test']);

    const overridden = runOn(
      checks,
      objects(
        SHOP +
          kyverno(
            'pss',
            '        podSecurity: { level: restricted }',
            '  validationFailureAction: Enforce\n  validationFailureActionOverrides:\n    - { action: Audit, namespaces: [shop] }',
          ),
      ),
      { scope: 'cluster' },
    );
    expect(flagged(overridden)).toEqual(['policy-engine fail Cluster/-/test']);
  });

  it('takes a Pod Security control that a Kyverno podSecurity rule excludes as not refused', () => {
    const run = runOn(
      checks,
      objects(
        SHOP +
          kyverno(
            'pss',
            `        failureAction: Enforce
        podSecurity:
          level: restricted
          exclude:
            - controlName: HostPath Volumes`,
          ),
      ),
      { scope: 'cluster' },
    );
    expect(messageOf(run)).toBe(
      "Admission refuses only part of privileged containers, hostPath volumes and running as root: 'shop' admits hostPath volumes.",
    );
  });

  it('recognises the Gatekeeper library constraints by kind and parameters', () => {
    const constraints = `${SHOP}
---
apiVersion: constraints.gatekeeper.sh/v1beta1
kind: K8sPSPPrivilegedContainer
metadata: { name: no-privileged }
spec: { enforcementAction: deny }
---
apiVersion: constraints.gatekeeper.sh/v1beta1
kind: K8sPSPVolumeTypes
metadata: { name: volume-types }
spec:
  parameters: { volumes: [configMap, emptyDir, persistentVolumeClaim, secret, projected] }
---
apiVersion: constraints.gatekeeper.sh/v1beta1
kind: K8sPSPAllowedUsers
metadata: { name: users }
spec:
  parameters:
    runAsUser: { rule: MustRunAsNonRoot }
`;
    expect(
      flagged(runOn(checks, objects(constraints), { scope: 'cluster' })),
    ).toEqual([]);
    // RunAsAny admits root; a volume list with hostPath admits it; warn only reports.
    const loose = constraints
      .replace('rule: MustRunAsNonRoot', 'rule: RunAsAny')
      .replace('configMap, emptyDir', 'hostPath, emptyDir')
      .replace('enforcementAction: deny', 'enforcementAction: warn');
    expect(
      messageOf(runOn(checks, objects(loose), { scope: 'cluster' })),
    ).toContain(
      "'shop' admits privileged containers, hostPath volumes and running as root (privileged containers only audited or warned)",
    );
  });

  it('needs a Deny binding for a ValidatingAdmissionPolicy, within its namespace selector', () => {
    const policy = (actions: string, selector = '') => `${SHOP}
---
apiVersion: v1
kind: Namespace
metadata: { name: web, labels: { tier: web } }
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: { name: pod-rules }
spec:
  matchConstraints:
    resourceRules:
      - { apiGroups: [''], apiVersions: [v1], operations: [CREATE], resources: [pods] }
  validations:
    - expression: "object.spec.containers.all(c, !has(c.securityContext) || !has(c.securityContext.privileged) || c.securityContext.privileged == false)"
    - expression: "!has(object.spec.volumes) || object.spec.volumes.all(v, !has(v.hostPath))"
    - expression: "has(object.spec.securityContext.runAsNonRoot) && object.spec.securityContext.runAsNonRoot"
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: { name: pod-rules }
spec:
  policyName: pod-rules
  validationActions: [${actions}]
${selector}`;
    expect(
      flagged(runOn(checks, objects(policy('Deny')), { scope: 'cluster' })),
    ).toEqual([]);
    expect(
      flagged(runOn(checks, objects(policy('Audit')), { scope: 'cluster' })),
    ).toEqual(['policy-engine fail Cluster/-/test']);
    const webOnly = runOn(
      checks,
      objects(
        policy(
          'Deny',
          '  matchResources:\n    namespaceSelector: { matchLabels: { tier: web } }',
        ),
      ),
      { scope: 'cluster' },
    );
    expect(messageOf(webOnly)).toBe(
      "Admission refuses only part of privileged containers, hostPath volumes and running as root: 'shop' admits privileged containers, hostPath volumes and running as root.",
    );
  });

  it('judges a new namespace when the cluster has no application namespace yet', () => {
    const run = runOn(
      checks,
      objects(ENFORCE_PSS_RESTRICTED.replace('---', '')),
      {
        scope: 'cluster',
      },
    );
    expect(passes(run)).toEqual([
      expect.stringContaining('in any new namespace'),
    ]);
    const empty = runOn(checks, [], { scope: 'cluster' });
    expect(messageOf(empty)).toContain('a new namespace admits');
  });

  it('concludes from manifests only when their policies refuse everything', () => {
    const run = runOn(
      checks,
      objects(ENFORCE_PSS_RESTRICTED.replace('---', '')),
    );
    expect(passes(run)).toEqual([
      expect.stringContaining('policy-engine Admission refuses'),
    ]);
    const partial = runOn(checks, fixtureObjects(ITEM, 'enforcement-bad.yaml'));
    expect(partial.findings).toEqual([]);
    expect(partial.evidence[ID]).toBe(false);
    const none = runOn(checks, fixtureObjects(ITEM, 'bad.yaml'));
    expect(none.evidence[ID]).toBe(false);
  });

  it('has no evidence on a cluster whose policy kinds could not be read, unless labels already refuse something', () => {
    const blind = runOn(checks, objects(SHOP), {
      scope: 'cluster',
      unreadableKinds: [
        'ClusterPolicy',
        'Policy',
        'ValidatingAdmissionPolicy',
        'ValidatingAdmissionPolicyBinding',
      ],
    });
    expect(blind).toMatchObject({ evidence: { [ID]: false }, findings: [] });
  });
});
