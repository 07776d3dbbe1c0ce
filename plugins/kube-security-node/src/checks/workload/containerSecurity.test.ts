import { buildIndex } from '../../engine/buildIndex';
import type { CheckContext } from '../../engine/check';
import { resolveEngineOptions } from '../../engine/evaluate';
import { parseManifestText } from '../../snapshot/parse';
import { teamContainerSecurity } from './containerSecurity';

const MANIFEST = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    spec:
      securityContext:
        runAsUser: 1000
        runAsNonRoot: true
        seccompProfile: { type: RuntimeDefault }
      initContainers:
        - name: setup
          image: busybox
          securityContext:
            runAsNonRoot: null
            capabilities: { add: [cap_net_raw], drop: [" all ", cap_net_raw] }
      containers:
        - name: app
          image: nginx
          securityContext:
            runAsUser: 0
            privileged: "true"
            procMount: Unmasked
---
apiVersion: v1
kind: Pod
metadata: { name: win, namespace: shop }
spec:
  os: { name: windows }
  containers:
    - name: svc
      image: mcr.microsoft.com/windows/servercore
`;

function contextOf(text: string, scope: 'manifests' | 'cluster' = 'manifests') {
  const { objects, errors } = parseManifestText(text, 'test.yaml');
  expect(errors).toEqual([]);
  const index = buildIndex({ cluster: 'test', scope, objects });
  return {
    index,
    options: resolveEngineOptions(),
    report: () => {},
  } as CheckContext;
}

describe('teamContainerSecurity', () => {
  it('gives each container its own settings, the pod-level ones where it sets none', () => {
    const ctx = contextOf(MANIFEST);
    const views = teamContainerSecurity(ctx);
    expect(views.map(v => v.ref.container.name)).toEqual([
      'setup',
      'app',
      'svc',
    ]);
    const [setup, app, svc] = views;

    // A null container value leaves the pod's in force.
    expect(setup.runAsNonRoot.value).toBe(true);
    expect(setup.runAsNonRoot.fromPod).toBe(true);
    expect(setup.runAsNonRoot.path).toBe(
      'spec.template.spec.securityContext.runAsNonRoot',
    );
    expect(setup.runAsUser.value).toBe(1000);
    expect(setup.capabilitiesAdded).toEqual(['cap_net_raw']);
    expect(setup.capabilitiesDropped).toEqual(['ALL', 'NET_RAW']);
    expect(setup.podSeccompProfile).toEqual({ type: 'RuntimeDefault' });
    expect(setup.seccompProfile).toBeUndefined();

    // The container's own value wins, zero included.
    expect(app.runAsUser.value).toBe(0);
    expect(app.runAsUser.fromPod).toBe(false);
    expect(app.runAsUser.path).toBe(
      'spec.template.spec.containers[0].securityContext.runAsUser',
    );
    expect(app.privileged).toBe('true');
    expect(app.procMount).toBe('Unmasked');
    expect(app.capabilitiesDropped).toEqual([]);
    expect(app.windows).toBe(false);

    expect(svc.windows).toBe(true);
    expect(svc.runAsUser.value).toBeUndefined();
    expect(svc.runAsUser.path).toBe(
      'spec.containers[0].securityContext.runAsUser',
    );
  });

  it('is built once per scan and follows the team containers', () => {
    const ctx = contextOf(MANIFEST, 'cluster');
    expect(teamContainerSecurity(ctx)).toBe(teamContainerSecurity(ctx));
    const system = {
      ...ctx,
      options: resolveEngineOptions({ systemNamespaces: ['shop'] }),
    } as CheckContext;
    expect(teamContainerSecurity(system)).toEqual([]);
  });
});
