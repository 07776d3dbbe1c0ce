import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { TeamAction } from '@kube-security/plugin-kube-security-common';
import { TopActions } from './TopActions';

const routes = {
  mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
};

const action = (share?: TeamAction['item']['share']): TeamAction => ({
  entityRef: 'component:default/payments-api',
  entityTitle: 'Payments API',
  item: {
    itemId: 'workload-admission-policy',
    category: 'workload',
    title: 'Block privileged and host-level pod settings at admission',
    status: 'fail',
    severity: 'high',
    priority: 120,
    affected: 9,
    exposed: 0,
    findings: [],
    ...(share ? { share } : {}),
  },
});

describe('TopActions', () => {
  it('shows the share of resources that pass next to the reach', async () => {
    await renderInTestApp(
      <TopActions
        actions={[
          action({
            unit: 'workloads',
            passing: 41,
            total: 50,
            earned: 41,
            weight: 52.25,
          }),
        ]}
      />,
      routes,
    );
    expect(
      screen.getByText('9 resources · 41 of 50 workloads pass'),
    ).toBeInTheDocument();
  });

  it('shows only the reach when the item has no share', async () => {
    await renderInTestApp(<TopActions actions={[action()]} compact />, routes);
    expect(screen.getByText('9 resources')).toBeInTheDocument();
    expect(screen.queryByText(/workloads pass/)).not.toBeInTheDocument();
  });
});
