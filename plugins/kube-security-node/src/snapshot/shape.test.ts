import { parseManifestText } from './parse';

describe('fields of the wrong type', () => {
  it('are reported with the file, line, object and field, and dropped; the rest is kept', () => {
    const text = `apiVersion: v1
kind: ConfigMap
metadata: {name: fine}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels: [a, b]
spec:
  template:
    spec:
      containers:
        - name: app
          image: {registry: ghcr.io}
          ports: 8080
          securityContext: {privileged: true}
        - just a string
`;
    const result = parseManifestText(text, 'deploy.yaml');
    expect(result.errors).toEqual([
      {
        file: 'deploy.yaml',
        line: 5,
        message:
          'Deployment shop/web: metadata.labels is a list, expected a mapping; spec.template.spec.containers[0].image is a mapping, expected a string; spec.template.spec.containers[0].ports is a number, expected a list (and 1 more); these fields are ignored',
      },
    ]);
    const [configMap, deployment] = result.objects as any[];
    expect(configMap.metadata.name).toBe('fine');
    expect(deployment.metadata.labels).toBeUndefined();
    const containers = deployment.spec.template.spec.containers;
    expect(containers).toEqual([
      { name: 'app', securityContext: { privileged: true } },
    ]);
  });

  it('turns bare numbers and booleans into strings where a string is expected', () => {
    const text = `apiVersion: v1
kind: Pod
metadata: {name: p, labels: {version: 2, canary: yes}}
spec:
  containers: [{name: 1, image: "nginx:1"}]
`;
    const result = parseManifestText(text, 'pod.yaml');
    expect(result.errors).toEqual([]);
    const pod = result.objects[0] as any;
    expect(pod.metadata.labels).toEqual({ version: '2', canary: 'true' });
    expect(pod.spec.containers[0].name).toBe('1');
  });

  it('never touches a prototype through a __proto__ key', () => {
    const text = JSON.stringify({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x', labels: { ['__proto__']: 5 } },
      data: { ['__proto__']: { polluted: true } },
    });
    const result = parseManifestText(text, 'x.json');
    expect(({} as any).polluted).toBeUndefined();
    expect(result.errors[0].message).toMatch(/data.__proto__ is a mapping/);
  });
});

describe('cluster-scoped kinds', () => {
  it('lose a namespace written on them, as the API server ignores it', () => {
    const text = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: reader, namespace: default}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader, namespace: default}
`;
    const [clusterRole, role] = parseManifestText(text, 'r.yaml').objects;
    expect(clusterRole.metadata.namespace).toBeUndefined();
    expect(role.metadata.namespace).toBe('default');
  });
});
