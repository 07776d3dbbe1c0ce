import { Entity } from '@backstage/catalog-model';
import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import {
  CheckRunResult,
  TechInsightsScorecardCard,
} from './TechInsightsScorecardCard';

const cart: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'cart-service', namespace: 'default' },
  spec: { type: 'service', owner: 'storefront' },
};

const RESULTS: CheckRunResult[] = [
  {
    check: {
      id: 'kubeSecurityNoCriticalFindings',
      name: 'No critical Kubernetes findings',
      description: 'No open critical finding',
    },
    result: false,
  },
  {
    check: {
      id: 'kubeSecurityNoExpiredExceptions',
      name: 'No lapsed Kubernetes risk acceptances',
      description: 'No exception ran out while its risk is open',
    },
    result: true,
  },
];

async function renderCard(answer: () => Promise<Response>) {
  const fetch = jest.fn(answer);
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [fetchApiRef, { fetch }],
        [
          discoveryApiRef,
          mockApis.discovery({ baseUrl: 'http://backstage:7007' }),
        ],
      ]}
    >
      <EntityProvider entity={cart}>
        <TechInsightsScorecardCard />
      </EntityProvider>
    </TestApiProvider>,
  );
  return fetch;
}

describe('TechInsightsScorecardCard', () => {
  it("runs the entity's checks and shows each one's name, description and verdict", async () => {
    const fetch = await renderCard(
      async () => new Response(JSON.stringify(RESULTS), { status: 200 }),
    );
    const list = await screen.findByRole('list', { name: 'Checks' });
    expect(fetch).toHaveBeenCalledWith(
      'http://backstage:7007/api/tech-insights/checks/run/default/component/cart-service',
      expect.objectContaining({ method: 'POST' }),
    );
    const rows = within(list).getAllByRole('listitem');
    expect(rows.map(r => r.textContent)).toEqual([
      'FailedNo critical Kubernetes findingsNo open critical finding',
      'PassedNo lapsed Kubernetes risk acceptancesNo exception ran out while its risk is open',
    ]);
    expect(within(rows[0]).getByTitle('Failed')).toBeInTheDocument();
    expect(within(rows[1]).getByTitle('Passed')).toBeInTheDocument();
    expect(screen.getByText('1 of 2 checks pass')).toBeInTheDocument();
  });

  it('says so when no check ran', async () => {
    await renderCard(async () => new Response('[]', { status: 200 }));
    expect(await screen.findByText('No checks ran')).toBeInTheDocument();
  });

  it('shows the error when Tech Insights fails', async () => {
    await renderCard(
      async () =>
        new Response('{}', { status: 503, statusText: 'Service Unavailable' }),
    );
    expect(
      (
        await screen.findAllByText(
          /Tech Insights answered 503 Service Unavailable when running the checks of component:default\/cart-service/,
        )
      ).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByRole('list', { name: 'Checks' })).toBeNull();
  });
});
