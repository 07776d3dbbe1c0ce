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
});
