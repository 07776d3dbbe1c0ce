import fs from 'fs';
import path from 'path';
import { stringify } from 'yaml';
import { mergeCloudFacts, parseCloudDescriptor } from './cloud';
import type { EksDescriptor, GkeDescriptor } from './types';

const FIXTURES = path.resolve(__dirname, '../checks/__fixtures__/cloud');

function fixture(name: string): any {
  return JSON.parse(
    fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8'),
  );
}

describe('parseCloudDescriptor', () => {
  describe('provider CLI output', () => {
    it('reads `aws eks describe-cluster` output (cluster wrapped in `cluster`)', () => {
      const cluster = fixture('eks-good').cluster;
      const result = parseCloudDescriptor(
        JSON.stringify({ cluster }, null, 2),
        'eks.json',
      );
      expect(result.errors).toEqual([]);
      expect(result.descriptor).toEqual({ provider: 'eks', cluster });
    });

    it('reads `aws eks describe-cluster --query cluster` output (bare cluster)', () => {
      const cluster = fixture('eks-bad').cluster;
      const result = parseCloudDescriptor(JSON.stringify(cluster));
      expect(result.descriptor).toEqual({ provider: 'eks', cluster });
    });

    it('reads `gcloud container clusters describe --format=json` output', () => {
      const cluster = fixture('gke-good').cluster;
      const result = parseCloudDescriptor(JSON.stringify(cluster), 'gke.json');
      expect(result.errors).toEqual([]);
      expect(result.descriptor).toEqual({ provider: 'gke', cluster });
    });

    it("reads gcloud's default YAML output", () => {
      const cluster = fixture('gke-bad').cluster;
      const result = parseCloudDescriptor(stringify(cluster), 'gke.yaml');
      expect(result.errors).toEqual([]);
      expect(result.descriptor).toEqual({ provider: 'gke', cluster });
    });

    it('reads a hand-trimmed gcloud YAML document', () => {
      const text = [
        'createTime: "2024-05-14T10:03:52+00:00"',
        'currentMasterVersion: 1.30.5-gke.1014001',
        'location: europe-west1',
        'name: shop-prod-eu',
        'network: shop-prod-vpc',
        'nodePools:',
        '- name: app-pool',
        '  config:',
        '    serviceAccount: gke-nodes@acme-shop-prod.iam.gserviceaccount.com',
        'selfLink: https://container.googleapis.com/v1/projects/acme-shop-prod/locations/europe-west1/clusters/shop-prod-eu',
        '',
      ].join('\n');
      const { descriptor } = parseCloudDescriptor(text);
      expect(descriptor?.provider).toBe('gke');
      expect((descriptor as GkeDescriptor).cluster.nodePools[0].name).toBe(
        'app-pool',
      );
    });

    it('reads `az aks show -o json` output', () => {
      const cluster = fixture('aks-bad').cluster;
      const result = parseCloudDescriptor(JSON.stringify(cluster), 'aks.json');
      expect(result.errors).toEqual([]);
      expect(result.descriptor).toEqual({ provider: 'aks', cluster });
    });

    it('flattens the ARM REST shape (settings under `properties`) as az prints it', () => {
      const rest = {
        id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c1',
        name: 'c1',
        type: 'Microsoft.ContainerService/ManagedClusters',
        location: 'westeurope',
        properties: {
          enableRBAC: true,
          agentPoolProfiles: [{ name: 'system' }],
        },
      };
      const { descriptor } = parseCloudDescriptor(JSON.stringify(rest));
      expect(descriptor).toEqual({
        provider: 'aks',
        cluster: {
          id: rest.id,
          name: 'c1',
          type: rest.type,
          location: 'westeurope',
          enableRBAC: true,
          agentPoolProfiles: [{ name: 'system' }],
        },
      });
    });

    it('takes the single entry of a one-cluster list (`gcloud … list`, `az aks list`)', () => {
      const cluster = fixture('aks-good').cluster;
      expect(
        parseCloudDescriptor(JSON.stringify([cluster])).descriptor,
      ).toEqual({
        provider: 'aks',
        cluster,
      });
    });
  });

  describe('normalized descriptors', () => {
    it.each([
      'eks-bad',
      'eks-good',
      'gke-bad',
      'gke-good',
      'aks-bad',
      'aks-good',
    ])('reads the %s fixture unchanged', name => {
      const text = fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8');
      const result = parseCloudDescriptor(text, `${name}.json`);
      expect(result.errors).toEqual([]);
      expect(result.descriptor).toEqual(JSON.parse(text));
    });

    it('unwraps raw CLI output pasted under `cluster`, `nodegroups` and `addons`', () => {
      const cluster = fixture('eks-good').cluster;
      const text = JSON.stringify({
        provider: 'eks',
        cluster: { cluster },
        nodegroups: [{ nodegroup: { nodegroupName: 'general' } }],
        addons: [{ addon: { addonName: 'vpc-cni' } }],
      });
      expect(parseCloudDescriptor(text).descriptor).toEqual({
        provider: 'eks',
        cluster,
        nodegroups: [{ nodegroupName: 'general' }],
        addons: [{ addonName: 'vpc-cni' }],
      });
    });

    it('accepts YAML for a normalized descriptor', () => {
      const text =
        'provider: aks\ncluster:\n  name: c1\n  enableRbac: true\naccount:\n  roleAssignments: []\n';
      expect(parseCloudDescriptor(text).descriptor).toEqual({
        provider: 'aks',
        cluster: { name: 'c1', enableRbac: true },
        account: { roleAssignments: [] },
      });
    });

    it('rejects an unknown provider', () => {
      const { descriptor, errors } = parseCloudDescriptor(
        '{"provider": "openshift", "cluster": {}}',
        'ocp.json',
      );
      expect(descriptor).toBeUndefined();
      expect(errors).toEqual([
        {
          file: 'ocp.json',
          message:
            "ocp.json: unknown provider 'openshift' (expected eks, gke or aks)",
        },
      ]);
    });

    it('rejects a provider that contradicts the cluster it holds', () => {
      const cluster = fixture('gke-good').cluster;
      const { errors } = parseCloudDescriptor(
        JSON.stringify({ provider: 'eks', cluster }),
        'x.json',
      );
      expect(errors).toHaveLength(1);
      expect(errors[0].message).toBe(
        'x.json: `provider` says eks but `cluster` looks like a GKE cluster (gcloud container clusters describe)',
      );
    });

    it('rejects EKS-only lists on other providers and non-list values', () => {
      const { errors } = parseCloudDescriptor(
        JSON.stringify({
          provider: 'gke',
          cluster: { name: 'g' },
          nodegroups: [],
        }),
      );
      expect(errors.map(e => e.message)).toEqual([
        'cloud descriptor: `nodegroups` only applies to EKS descriptors',
      ]);
      const second = parseCloudDescriptor(
        JSON.stringify({
          provider: 'eks',
          cluster: { name: 'e' },
          addons: {},
          account: [],
        }),
      );
      expect(second.errors.map(e => e.message)).toEqual([
        'cloud descriptor: `addons` must be a list',
        'cloud descriptor: `account` must be an object',
      ]);
    });
  });

  describe('provider hint', () => {
    it('accepts a matching provider', () => {
      const cluster = fixture('eks-good').cluster;
      const result = parseCloudDescriptor(
        JSON.stringify({ cluster }),
        'prod.json',
        'eks',
      );
      expect(result.descriptor?.provider).toBe('eks');
    });

    it('reports a mismatch naming the file and what was found', () => {
      const cluster = fixture('gke-good').cluster;
      const result = parseCloudDescriptor(
        JSON.stringify(cluster),
        'clusters/prod.json',
        'aks',
      );
      expect(result.descriptor).toBeUndefined();
      expect(result.errors).toEqual([
        {
          file: 'clusters/prod.json',
          message:
            'clusters/prod.json: expected an AKS cluster (az aks show) but found a GKE cluster (gcloud container clusters describe)',
        },
      ]);
    });
  });

  describe('errors', () => {
    it('reports invalid JSON with its line', () => {
      const text =
        '{\n  "cluster": {\n    "name": "payments-prod"\n    "arn": "x"\n  }\n}\n';
      const { descriptor, errors } = parseCloudDescriptor(text, 'broken.json');
      expect(descriptor).toBeUndefined();
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ file: 'broken.json', line: 4 });
      expect(errors[0].message).toMatch(/^broken\.json: invalid JSON: /);
    });

    it('reports truncated JSON on its last line', () => {
      const { errors } = parseCloudDescriptor(
        '{\n  "cluster": {\n',
        'cut.json',
      );
      expect(errors[0]).toMatchObject({ file: 'cut.json', line: 3 });
    });

    it('reports invalid YAML with its line', () => {
      const text = 'name: shop\nnodePools:\n  - name: a\n bad: [\n';
      const { errors } = parseCloudDescriptor(text, 'gke.yaml');
      expect(errors.length).toBeGreaterThan(0);
      expect(errors[0].file).toBe('gke.yaml');
      expect(errors[0].line).toBe(4);
      expect(errors[0].message).toMatch(/^gke\.yaml: invalid YAML: /);
    });

    it('refuses several YAML documents, pointing at the second', () => {
      const text = 'name: a\nnodePools: []\n---\nname: b\nnodePools: []\n';
      const { errors } = parseCloudDescriptor(text, 'list.yaml');
      expect(errors).toEqual([
        {
          file: 'list.yaml',
          line: 3,
          message:
            'list.yaml: holds 2 YAML documents; give one cluster per file',
        },
      ]);
    });

    it('reports an empty file', () => {
      expect(parseCloudDescriptor('  \n', 'empty.json').errors).toEqual([
        { file: 'empty.json', message: 'empty.json: the file is empty' },
      ]);
    });

    it.each([
      ['{"nodegroup": {"nodegroupName": "ng"}}', /aws eks describe-nodegroup/],
      [
        '{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a"}}',
        /Kubernetes Namespace object/,
      ],
      ['[{"name": "a"}, {"name": "b"}]', /list of 2 entries/],
      ['{"foo": 1, "bar": 2}', /top-level keys \(foo, bar\) match no provider/],
      ['"just a string"', /it is a string/],
    ])('explains what %s is instead', (text, pattern) => {
      const { descriptor, errors } = parseCloudDescriptor(text, 'in.json');
      expect(descriptor).toBeUndefined();
      expect(errors).toHaveLength(1);
      expect(errors[0].message).toMatch(pattern);
      expect(errors[0].message).toMatch(
        /expected the output of `aws eks describe-cluster`/,
      );
    });
  });
});

describe('mergeCloudFacts', () => {
  const base: EksDescriptor = {
    provider: 'eks',
    cluster: { name: 'c' },
    nodegroups: [
      { nodegroupName: 'a', nodeRole: 'old' },
      { nodegroupName: 'b', nodeRole: 'r' },
    ],
    account: { iamUsers: [{ userName: 'x' }], cloudTrails: [] },
  };

  it('replaces entries with the same identity, appends new ones, unwraps CLI wrappers', () => {
    const merged = mergeCloudFacts(base, {
      nodegroups: [
        { nodegroup: { nodegroupName: 'a', nodeRole: 'new' } },
        { nodegroupName: 'c' },
      ],
      addons: [{ addon: { addonName: 'vpc-cni' } }],
      accessEntries: [{ principalArn: 'arn:aws:iam::1:role/admin' }],
    });
    expect(merged.nodegroups).toEqual([
      { nodegroupName: 'a', nodeRole: 'new' },
      { nodegroupName: 'b', nodeRole: 'r' },
      { nodegroupName: 'c' },
    ]);
    expect(merged.addons).toEqual([{ addonName: 'vpc-cni' }]);
    expect(merged.accessEntries).toEqual([
      { principalArn: 'arn:aws:iam::1:role/admin' },
    ]);
  });

  it('merges account fields and leaves the input untouched', () => {
    const merged = mergeCloudFacts(base, {
      account: { cloudTrails: [{ name: 't' }] },
    });
    expect(merged.account).toEqual({
      iamUsers: [{ userName: 'x' }],
      cloudTrails: [{ name: 't' }],
    });
    expect(base.account?.cloudTrails).toEqual([]);
    expect(base.nodegroups).toHaveLength(2);
  });

  it('merges another descriptor of the same provider, cluster fields included', () => {
    const other: EksDescriptor = {
      provider: 'eks',
      cluster: { name: 'c', logging: { clusterLogging: [] } },
      addons: [{ addonName: 'coredns' }],
    };
    const merged = mergeCloudFacts(base, other);
    expect(merged.cluster).toEqual({
      name: 'c',
      logging: { clusterLogging: [] },
    });
    expect(merged.addons).toEqual([{ addonName: 'coredns' }]);
    expect(merged.nodegroups).toEqual(base.nodegroups);
    expect(() =>
      mergeCloudFacts(base, { provider: 'aks', cluster: {} }),
    ).toThrow('cannot merge aks facts into the eks descriptor');
  });

  it('refuses EKS-only facts on other providers', () => {
    const gke: GkeDescriptor = { provider: 'gke', cluster: { name: 'g' } };
    expect(() => mergeCloudFacts(gke, { nodegroups: [] })).toThrow(
      'nodegroups only apply to EKS descriptors, not gke',
    );
    expect(
      mergeCloudFacts(gke, { account: { iamPolicy: { bindings: [] } } })
        .account,
    ).toEqual({
      iamPolicy: { bindings: [] },
    });
  });
});
