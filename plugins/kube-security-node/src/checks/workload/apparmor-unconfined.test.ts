import { parseManifestText } from '../../snapshot/parse';
import { flagged, runOn } from './__testUtils__/testing';
import { appArmorCheck } from './apparmor-unconfined';

const checks = [appArmorCheck];

describe('workload-admission-policy/apparmor-unconfined', () => {
  it('finds Unconfined profiles in fields and annotations', () => {
    const { objects } = parseManifestText(`
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: team }
spec:
  template:
    metadata:
      annotations:
        container.apparmor.security.beta.kubernetes.io/annotated: unconfined
        container.apparmor.security.beta.kubernetes.io/fine: runtime/default
        container.apparmor.security.beta.kubernetes.io/ghost: unconfined
    spec:
      containers:
        - { name: annotated, image: app:1 }
        - { name: fine, image: app:1 }
        - name: field
          image: app:1
          securityContext: { appArmorProfile: { type: Unconfined } }
`);
    const run = runOn(checks, objects);
    expect(flagged(run)).toEqual([
      "apparmor-unconfined fail Deployment/team/web @ spec.template.metadata.annotations['container.apparmor.security.beta.kubernetes.io/ghost']",
      "apparmor-unconfined fail Deployment/team/web/annotated @ spec.template.metadata.annotations['container.apparmor.security.beta.kubernetes.io/annotated']",
      'apparmor-unconfined fail Deployment/team/web/field @ spec.template.spec.containers[2].securityContext.appArmorProfile.type',
    ]);
  });

  it('lets a container override an Unconfined pod profile, and accepts Localhost', () => {
    const { objects } = parseManifestText(`
apiVersion: v1
kind: Pod
metadata:
  name: p
  namespace: team
  annotations:
    container.apparmor.security.beta.kubernetes.io/c: localhost/k8s-apparmor-example
spec:
  securityContext: { appArmorProfile: { type: Unconfined } }
  containers:
    - name: c
      image: app:1
      securityContext: { appArmorProfile: { type: RuntimeDefault } }
`);
    expect(flagged(runOn(checks, objects))).toEqual([]);
  });
});
