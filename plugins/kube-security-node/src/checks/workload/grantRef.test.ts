import { createHash } from 'crypto';
import type { Finding } from '@kube-security/plugin-kube-security-common';
import { evaluate } from '../..';
import { yamlObjects } from './__testUtils__/rbacFixtures';

/*
 * Issue 16: the finding on a binding and the findings on the workloads it grants rights to
 * name the same binding in a structured field, so the backend can tell they have one fix.
 */

const CLUSTER_ADMIN_FOR_CART = `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: cluster-admin }
rules:
  - { apiGroups: ['*'], resources: ['*'], verbs: ['*'] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: cart-admin }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects:
  - { kind: ServiceAccount, name: cart, namespace: shop }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: cart-edit, namespace: shop }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }
subjects:
  - { kind: ServiceAccount, name: cart, namespace: shop }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: cart, namespace: shop }
spec:
  selector: { matchLabels: { app: cart } }
  template:
    metadata: { labels: { app: cart } }
    spec:
      serviceAccountName: cart
      containers: [{ name: c, image: registry.example.com/cart:1 }]
`;

const UNBOUND_WORKLOAD = `
apiVersion: v1
kind: ServiceAccount
metadata: { name: web, namespace: shop }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      serviceAccountName: web
      containers: [{ name: c, image: registry.example.com/web:1 }]
`;

function rbacFindings(text: string): Finding[] {
  const result = evaluate(
    { cluster: 'prod', scope: 'cluster', objects: yamlObjects(text) },
    {},
  );
  return result.findings.filter(
    f => f.itemId === 'workload-rbac-least-privilege' && f.status !== 'pass',
  );
}

function bySlug(findings: Finding[]) {
  return Object.fromEntries(
    findings.map(f => [
      `${f.checkId.split('/')[1]} ${f.resource.kind}/${f.resource.name}`,
      f.grant,
    ]),
  );
}

/** The id as it was computed before findings had a grant: check, cluster and resource. */
function idWithoutGrant(f: Finding): string {
  const r = f.resource;
  return createHash('sha256')
    .update(
      `${f.checkId}|${r.cluster ?? ''}|${r.kind}|${r.namespace ?? ''}|${
        r.name
      }|${r.container ?? ''}`,
    )
    .digest('hex')
    .slice(0, 24);
}

describe('RBAC findings name the binding that grants', () => {
  it('gives the binding finding and the workload finding the same reference', () => {
    const grants = bySlug(rbacFindings(CLUSTER_ADMIN_FOR_CART));
    const cartAdmin = { kind: 'ClusterRoleBinding', name: 'cart-admin' };
    // The binding itself, the role it grants, and the workload that runs with it.
    expect(
      grants['cluster-admin-binding ClusterRoleBinding/cart-admin'],
    ).toEqual(cartAdmin);
    expect(grants['cluster-secrets-read ClusterRole/cluster-admin']).toEqual(
      cartAdmin,
    );
    // The workload also holds 'edit' in its namespace; the cluster-wide cluster-admin
    // grant is the one that makes it critical, and the one it names.
    expect(grants['builtin-admin-binding Deployment/cart']).toEqual(cartAdmin);
  });

  it('names a RoleBinding with its namespace', () => {
    const text = CLUSTER_ADMIN_FOR_CART.split('---').slice(2).join('---');
    const grants = bySlug(rbacFindings(text));
    expect(grants['builtin-admin-binding Deployment/cart']).toEqual({
      kind: 'RoleBinding',
      name: 'cart-edit',
      namespace: 'shop',
    });
  });

  it('gives no reference to a workload that no binding grants anything', () => {
    const findings = rbacFindings(UNBOUND_WORKLOAD);
    const web = findings.filter(f => f.resource.name === 'web');
    // It is still reported (its token is mounted for nothing), without a grant.
    expect(web.map(f => f.checkId)).toContain(
      'workload-rbac-least-privilege/service-account-token-mount',
    );
    for (const f of web) expect(f).not.toHaveProperty('grant');
  });

  it('keeps the ids of check, cluster and resource alone', () => {
    const findings = rbacFindings(CLUSTER_ADMIN_FOR_CART);
    expect(findings.filter(f => f.grant).length).toBeGreaterThanOrEqual(3);
    for (const f of findings) expect(f.id).toBe(idWithoutGrant(f));
  });
});
