import { parseManifestText } from './parse';

const names = (result: ReturnType<typeof parseManifestText>) =>
  result.objects.map(o => `${o.kind}/${o.metadata.name}`);

describe('parseManifestText', () => {
  it('reads multi-document YAML with the start line of each object', () => {
    const text = `# leading comment
apiVersion: v1
kind: ConfigMap
metadata:
  name: first
---
---
# an empty document above is skipped
apiVersion: apps/v1
kind: Deployment
metadata:
  name: second
  namespace: team
`;
    const result = parseManifestText(text, 'app.yaml');
    expect(names(result)).toEqual(['ConfigMap/first', 'Deployment/second']);
    expect(result.origins).toEqual([
      { file: 'app.yaml', line: 2 },
      { file: 'app.yaml', line: 9 },
    ]);
    expect(result.errors).toEqual([]);
  });

  it('reports a YAML syntax error with file and line and still reads the other documents', () => {
    const text = `apiVersion: v1
kind: ConfigMap
metadata:
  name: before
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: broken
   labels: oops
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: after
`;
    const result = parseManifestText(text, 'mixed.yaml');
    expect(names(result)).toEqual(['ConfigMap/before', 'ConfigMap/after']);
    expect(result.origins.map(o => o.line)).toEqual([1, 12]);
    expect(result.errors.length).toBeGreaterThan(0);
    expect(result.errors[0]).toEqual({
      file: 'mixed.yaml',
      line: 9,
      message: expect.stringMatching(/^YAML syntax error in document 2: /),
    });
    // The message is ours, without the parser's code frame.
    expect(result.errors[0].message).not.toContain('\n');
  });

  it('names the missing field, file and line of an invalid object, and keeps the rest', () => {
    const text = `apiVersion: v1
metadata:
  name: no-kind
---
apiVersion: v1
kind: ConfigMap
metadata:
  labels: { a: b }
---
kind: ConfigMap
metadata: { name: fine }
---
just a string
`;
    const result = parseManifestText(text, 'bad.yaml');
    // A nameless object is still judged, under a name that says where it was.
    expect(names(result)).toEqual([
      'ConfigMap/unnamed-configmap-line-5',
      'ConfigMap/fine',
    ]);
    expect(result.errors).toEqual([
      { file: 'bad.yaml', line: 1, message: 'object has no kind' },
      {
        file: 'bad.yaml',
        line: 5,
        message:
          "ConfigMap has no metadata.name; judged as 'unnamed-configmap-line-5'",
      },
      {
        file: 'bad.yaml',
        line: 13,
        message: 'not a Kubernetes object (expected a mapping)',
      },
    ]);
  });

  it('flattens a List (kubectl get -A -o yaml) with the line of each item', () => {
    const text = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Service
    metadata:
      name: web
      namespace: shop
  - apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
      namespace: shop
metadata:
  resourceVersion: ""
`;
    const result = parseManifestText(text, 'dump.yaml');
    expect(names(result)).toEqual(['Service/web', 'Deployment/web']);
    expect(result.origins.map(o => o.line)).toEqual([4, 9]);
  });

  it('reads kubectl get -A -o json output, including typed lists without item kinds', () => {
    const dump = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: {
            name: 'shop',
            managedFields: [{ manager: 'kubectl' }],
            annotations: {
              'kubectl.kubernetes.io/last-applied-configuration':
                '{"big":"copy"}',
              team: 'shop',
            },
          },
        },
        {
          apiVersion: 'v1',
          kind: 'PodList',
          items: [{ metadata: { name: 'web-1', namespace: 'shop' }, spec: {} }],
        },
      ],
      metadata: { resourceVersion: '' },
    };
    const result = parseManifestText(
      `\n${JSON.stringify(dump, null, 2)}`,
      'dump.json',
    );
    expect(names(result)).toEqual(['Namespace/shop', 'Pod/web-1']);
    expect(result.origins).toEqual([
      { file: 'dump.json', line: 2 },
      { file: 'dump.json', line: 2 },
    ]);
    // Bookkeeping copies are dropped; other annotations stay.
    expect(result.objects[0].metadata).toEqual({
      name: 'shop',
      annotations: { team: 'shop' },
    });
  });

  it('reads a JSON array of objects and an empty List', () => {
    const result = parseManifestText(
      JSON.stringify([
        { kind: 'ConfigMap', metadata: { name: 'a' } },
        { kind: 'ServiceList', apiVersion: 'v1', items: null },
        { kind: 'ConfigMap', metadata: { generateName: 'settings-' } },
      ]),
      'array.json',
    );
    expect(names(result)).toEqual(['ConfigMap/a', 'ConfigMap/settings-']);
    expect(result.errors).toEqual([
      {
        file: 'array.json',
        line: 1,
        message: "[2]: ConfigMap has no metadata.name; judged as 'settings-'",
      },
    ]);
  });

  it('reports broken JSON through the YAML parser, with its line', () => {
    const result = parseManifestText(
      '{\n  "kind": "ConfigMap",\n  "metadata": {\n}\n',
      'broken.json',
    );
    expect(result.objects).toEqual([]);
    expect(result.errors[0]).toMatchObject({
      file: 'broken.json',
      line: expect.any(Number),
    });
  });

  it('keeps only the name, namespace and type of a Secret, wherever it appears', () => {
    const text = `apiVersion: v1
kind: Secret
type: Opaque
metadata:
  name: db-password
  namespace: default
  labels: { team: c2VjcmV0 }
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: '{"data":{"password":"c2VjcmV0"}}'
data:
  password: c2VjcmV0
---
apiVersion: v1
kind: SecretList
items:
  - metadata: { name: listed }
    data: { token: c2VjcmV0 }
---
apiVersion: v1
kind: List
items:
  - { apiVersion: v1, kind: Secret, metadata: { name: nested }, stringData: { a: b } }
  - { apiVersion: v1, kind: ConfigMap, metadata: { name: kept } }
`;
    const result = parseManifestText(text, 'secrets.yaml');
    expect(names(result)).toEqual([
      'Secret/db-password',
      'Secret/listed',
      'Secret/nested',
      'ConfigMap/kept',
    ]);
    expect(result.objects[0]).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'Opaque',
      metadata: { name: 'db-password', namespace: 'default' },
    });
    expect(result.origins.map(o => o.line)).toEqual([1, 16, 22, 23]);
    expect(result.errors).toEqual([]);
    // Neither the data nor anything that could repeat it is kept.
    expect(JSON.stringify(result)).not.toContain('c2VjcmV0');
    expect(JSON.stringify(result)).not.toContain('stringData');
  });

  it('drops a Secret without a usable name silently, and keeps nothing of it', () => {
    const result = parseManifestText(
      `kind: Secret
metadata: { generateName: token- }
data: { token: c2VjcmV0 }
---
kind: Secret
metadata: { name: '' }
stringData: { a: c2VjcmV0 }
`,
      'secrets.yaml',
    );
    expect(result).toEqual({ objects: [], origins: [], errors: [] });
  });

  it('omits the file when none is given and handles empty text', () => {
    expect(parseManifestText('')).toEqual({
      objects: [],
      origins: [],
      errors: [],
    });
    expect(parseManifestText('kind: X\n').errors).toEqual([
      {
        line: 1,
        message: "X has no metadata.name; judged as 'unnamed-x-line-1'",
      },
    ]);
  });

  it('keeps a CRD kind ending in List that is not a list', () => {
    const result = parseManifestText(
      'apiVersion: example.com/v1\nkind: AllowList\nmetadata: { name: ips }\nspec: { cidrs: [] }\n',
    );
    expect(names(result)).toEqual(['AllowList/ips']);
  });

  it('reads YAML the way kubectl does (YAML 1.1 booleans, octals and merge keys)', () => {
    const text = `kind: Pod
metadata: { name: p }
spec:
  containers:
    - &base
      name: a
      securityContext: { privileged: yes }
    - <<: *base
      name: b
  volumes:
    - name: v
      configMap: { name: c, defaultMode: 0644 }
`;
    const [pod] = parseManifestText(text).objects;
    expect(pod.spec.containers).toEqual([
      { name: 'a', securityContext: { privileged: true } },
      { name: 'b', securityContext: { privileged: true } },
    ]);
    expect(pod.spec.volumes[0].configMap.defaultMode).toBe(0o644);
  });
});
