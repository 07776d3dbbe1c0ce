import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import type {
  Finding,
  PlanItem,
} from '@kube-security/plugin-kube-security-common';
import { AffectedResources } from './AffectedResources';

const finding = (i: number): Finding => ({
  id: `f${i}`,
  checkId: 'privileged-container',
  itemId: 'workload-rbac-least-privilege',
  category: 'workload',
  status: 'fail',
  severity: 'high',
  message: `pod ${i} runs privileged`,
  resource: { cluster: 'c1', kind: 'Pod', namespace: 'shop', name: `pod-${i}` },
});

const item = (findings: Finding[], findingsTotal?: number): PlanItem => ({
  itemId: 'workload-rbac-least-privilege',
  category: 'workload',
  title: 'Scope RBAC',
  status: 'fail',
  severity: 'high',
  priority: 1,
  affected: findingsTotal ?? findings.length,
  exposed: 0,
  findings,
  ...(findingsTotal !== undefined ? { findingsTotal } : {}),
});

describe('AffectedResources', () => {
  it('says when the plan holds only the first page of the affected resources', async () => {
    const page = [finding(1), finding(2)];
    await renderInTestApp(
      <AffectedResources item={item(page, 5000)} findings={page} />,
    );
    expect(
      screen.getByText(
        'The first 2 of 5000 findings are shown; the CSV export on the Security overview lists them all.',
      ),
    ).toBeInTheDocument();
  });

  it('says nothing more when every finding is there', async () => {
    const all = [finding(1), finding(2)];
    await renderInTestApp(
      <AffectedResources item={item(all, 2)} findings={all} />,
    );
    expect(screen.queryByText(/The first \d+ of/)).not.toBeInTheDocument();
  });

  it('says which binding grants what a finding on a workload reports, and who changes it', async () => {
    const onWorkload: Finding = {
      ...finding(1),
      resource: {
        cluster: 'eks-prod',
        kind: 'Deployment',
        namespace: 'shop',
        name: 'cart',
      },
      grant: { kind: 'ClusterRoleBinding', name: 'cart-admin' },
    };
    const onBinding: Finding = {
      ...finding(2),
      resource: {
        cluster: 'eks-prod',
        kind: 'ClusterRoleBinding',
        name: 'cart-admin',
      },
      grant: { kind: 'ClusterRoleBinding', name: 'cart-admin' },
    };
    const inNamespace: Finding = {
      ...finding(3),
      grant: { kind: 'RoleBinding', name: 'cart-edit', namespace: 'shop' },
    };
    const all = [onWorkload, onBinding, inNamespace];
    await renderInTestApp(
      <AffectedResources item={item(all)} findings={all} />,
    );
    expect(screen.getAllByText(/^Granted by/)).toHaveLength(2);
    expect(
      screen.getByText(
        "Granted by ClusterRoleBinding 'cart-admin': a cluster-wide binding, changed by the owner of cluster eks-prod",
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText("Granted by RoleBinding 'shop/cart-edit'"),
    ).toBeInTheDocument();
  });
});
