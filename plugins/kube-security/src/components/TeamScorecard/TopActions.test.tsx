import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
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

  const on = (
    entity: string,
    itemId: string,
    over: Partial<TeamAction['item']> = {},
  ): TeamAction => {
    const base = action();
    return {
      entityRef: `component:default/${entity}`,
      entityTitle: entity,
      item: { ...base.item, itemId: itemId as never, title: itemId, ...over },
    };
  };

  it('lists a fix once, naming every entity it applies to', async () => {
    await renderInTestApp(
      <TopActions
        actions={[
          on('shop', 'fix-a', { affected: 2 }),
          on('cart', 'fix-b', { affected: 1 }),
          on('web', 'fix-a', { affected: 3 }),
        ]}
      />,
      routes,
    );
    const rows = within(screen.getByRole('table', { name: 'Top actions' }))
      .getAllByRole('row')
      .slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('fix-a');
    expect(within(rows[0]).getByRole('link', { name: 'shop' })).toBeVisible();
    expect(within(rows[0]).getByRole('link', { name: 'web' })).toBeVisible();
    expect(rows[0]).toHaveTextContent('5 resources');
    expect(rows[1]).toHaveTextContent('fix-b');
  });

  it('shows the first actions and all of them on request', async () => {
    const actions = Array.from({ length: 7 }, (_, i) =>
      on(`app-${i}`, `fix-${i}`),
    );
    await renderInTestApp(<TopActions actions={actions} limit={5} />, routes);
    const table = screen.getByRole('table', { name: 'Top actions' });
    expect(within(table).getAllByRole('row')).toHaveLength(1 + 5);
    await userEvent.click(
      screen.getByRole('button', { name: 'Show all 7 actions' }),
    );
    expect(within(table).getAllByRole('row')).toHaveLength(1 + 7);
    await userEvent.click(screen.getByRole('button', { name: 'Show fewer' }));
    expect(within(table).getAllByRole('row')).toHaveLength(1 + 5);
  });

  it('offers no "show all" when every action is shown', async () => {
    await renderInTestApp(<TopActions actions={[action()]} />, routes);
    expect(screen.queryByRole('button', { name: /Show all/ })).toBeNull();
  });

  it('names the cluster owner who fixes a binding, and every entity it affects', async () => {
    const merged: TeamAction = {
      ...on('eks-prod', 'workload-rbac-least-privilege', { affected: 3 }),
      entityRef: 'resource:default/eks-prod',
      affectedEntities: [
        { entityRef: 'component:default/cart', title: 'Cart' },
        { entityRef: 'resource:default/eks-prod', title: 'EKS prod' },
      ],
      fixBy: [
        {
          cluster: 'eks-prod',
          entityRef: 'resource:default/eks-prod',
          ownerRefs: ['group:default/platform'],
          grants: [{ kind: 'ClusterRoleBinding', name: 'cart-admin' }],
        },
      ],
    };
    for (const compact of [false, true]) {
      const { unmount } = await renderInTestApp(
        <TopActions actions={[merged, on('web', 'fix-b')]} compact={compact} />,
        routes,
      );
      const fixBy = screen.getAllByTestId('fix-by');
      // Only the action behind a binding says who fixes it.
      expect(fixBy).toHaveLength(1);
      expect(fixBy[0]).toHaveTextContent(
        "Fix by: platform (eks-prod: ClusterRoleBinding 'cart-admin')",
      );
      expect(
        within(fixBy[0]).getByRole('link', { name: 'platform' }),
      ).toHaveAttribute('href', '/catalog/default/group/platform');
      expect(screen.getByRole('link', { name: 'Cart' })).toBeVisible();
      expect(screen.getByRole('link', { name: 'EKS prod' })).toBeVisible();
      expect(screen.getByText('3 resources')).toBeInTheDocument();
      unmount();
    }
  });

  it('shows since when the oldest finding of a fix is open, over its entities', async () => {
    const twoDaysAgo = new Date(Date.now() - 2 * 86400_000).toISOString();
    const fiveDaysAgo = new Date(Date.now() - 5 * 86400_000).toISOString();
    await renderInTestApp(
      <TopActions
        actions={[
          on('shop', 'fix-a', { oldestFindingAt: twoDaysAgo }),
          on('web', 'fix-a', { oldestFindingAt: fiveDaysAgo }),
          on('cart', 'fix-b'),
        ]}
      />,
      routes,
    );
    const rows = within(screen.getByRole('table', { name: 'Top actions' }))
      .getAllByRole('row')
      .slice(1);
    expect(rows[0]).toHaveTextContent('5 days ago');
    expect(rows[0]).not.toHaveTextContent('2 days ago');
    expect(rows[1].lastElementChild).toHaveTextContent('—');
  });
});
