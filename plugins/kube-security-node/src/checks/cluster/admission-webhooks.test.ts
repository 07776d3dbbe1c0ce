import {
  bareDescriptor,
  loadDescriptor,
  manifests,
  runCheck,
  runOnCloud,
  snapshotWith,
} from '../cloud/__testUtils__/harness';
import { apiServerBad, apiServerGood } from './__testUtils__/load';
import { admissionWebhooksCheck, flagValues } from './admission-webhooks';

function apiServerPod(flags: string[], asArgs = false): string {
  const tokens = ['kube-apiserver', '--advertise-address=10.0.0.10', ...flags];
  const field = asArgs
    ? `command: [kube-apiserver]\n      args: ${JSON.stringify(
        tokens.slice(1),
      )}`
    : `command: ${JSON.stringify(tokens)}`;
  return `
apiVersion: v1
kind: Pod
metadata:
  name: kube-apiserver-cp-1
  namespace: kube-system
  labels: { component: kube-apiserver, tier: control-plane }
spec:
  hostNetwork: true
  containers:
    - name: kube-apiserver
      image: registry.k8s.io/kube-apiserver:v1.30.4
      ${field}
`;
}

const WEBHOOK_CONFIGS = `
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata: { name: kyverno-resource-validating-webhook-cfg }
webhooks: []
---
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata: { name: istio-sidecar-injector }
webhooks: []
`;

describe('cluster-security-features/admission-webhooks', () => {
  it('fails the bad API server fixture and passes the good one, in manifests and on a cluster', () => {
    for (const scope of ['manifests', 'cluster'] as const) {
      const bad = runCheck(
        admissionWebhooksCheck,
        snapshotWith({ objects: apiServerBad(), scope }),
      );
      expect(bad.lines).toEqual([
        'fail Pod:kube-system/kube-apiserver-cp-1 @ spec.containers[0].command',
      ]);
      expect(
        runCheck(
          admissionWebhooksCheck,
          snapshotWith({ objects: apiServerGood(), scope }),
        ),
      ).toMatchObject({ evidence: true, findings: [] });
    }
  });

  it('fails an API server whose flags disable a webhook plugin', () => {
    const objects = manifests(
      apiServerPod([
        '--enable-admission-plugins=NodeRestriction',
        '--disable-admission-plugins=ValidatingAdmissionWebhook,MutatingAdmissionWebhook',
      ]),
    );
    for (const scope of ['manifests', 'cluster'] as const) {
      const outcome = runCheck(
        admissionWebhooksCheck,
        snapshotWith({ objects, scope }),
      );
      expect(outcome.lines).toEqual([
        'fail Pod:kube-system/kube-apiserver-cp-1 @ spec.containers[0].command',
      ]);
      expect(outcome.findings[0].message).toContain(
        '--disable-admission-plugins leaving out ValidatingAdmissionWebhook and MutatingAdmissionWebhook',
      );
    }
  });

  it('fails the legacy --admission-control list that leaves the webhooks out, in args too', () => {
    const objects = manifests(
      apiServerPod(
        [
          '--admission-control',
          'NamespaceLifecycle,ServiceAccount,ValidatingAdmissionWebhook',
        ],
        true,
      ),
    );
    const outcome = runCheck(admissionWebhooksCheck, snapshotWith({ objects }));
    expect(outcome.lines).toEqual([
      'fail Pod:kube-system/kube-apiserver-cp-1 @ spec.containers[0].args',
    ]);
    expect(outcome.findings[0].message).toContain(
      'leaving out MutatingAdmissionWebhook:',
    );
  });

  it('passes an API server that keeps the default plugins', () => {
    const objects = manifests(
      apiServerPod([
        '--enable-admission-plugins=NodeRestriction,PodSecurity',
        '--disable-admission-plugins=DefaultStorageClass',
      ]),
    );
    expect(
      runCheck(admissionWebhooksCheck, snapshotWith({ objects })),
    ).toMatchObject({ evidence: true, findings: [] });
  });

  it('passes managed clusters: EKS, GKE and AKS always enable the plugins', () => {
    for (const name of ['eks-bad', 'gke-bad', 'aks-bad'] as const) {
      expect(
        runOnCloud(admissionWebhooksCheck, loadDescriptor(name)),
      ).toMatchObject({ evidence: true, findings: [] });
    }
  });

  it('passes a live cluster that serves webhook configurations', () => {
    expect(
      runCheck(
        admissionWebhooksCheck,
        snapshotWith({ objects: manifests(WEBHOOK_CONFIGS) }),
      ),
    ).toMatchObject({ evidence: true, findings: [] });
  });

  it('says nothing where nothing shows the API server', () => {
    // Manifests with webhook configurations: a file does not show the cluster serves them.
    expect(
      runCheck(
        admissionWebhooksCheck,
        snapshotWith({
          objects: manifests(WEBHOOK_CONFIGS),
          scope: 'manifests',
        }),
      ),
    ).toMatchObject({ evidence: false, findings: [] });
    // A cluster dump without any webhook configuration (maybe left out of the dump).
    expect(
      runCheck(admissionWebhooksCheck, snapshotWith({ objects: [] })),
    ).toMatchObject({ evidence: false, findings: [] });
    // A descriptor that is not a complete describe output does not show a managed cluster.
    for (const provider of ['eks', 'gke', 'aks'] as const) {
      expect(
        runOnCloud(admissionWebhooksCheck, bareDescriptor(provider)),
      ).toMatchObject({ evidence: false, findings: [] });
    }
  });

  it('reads comma lists from both flag spellings', () => {
    expect(flagValues(['--x=a,b', '--x', 'c'], '--x')).toEqual(['a', 'b', 'c']);
    expect(flagValues(['--xy=a'], '--x')).toBeUndefined();
  });
});
