import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import {
  httpError,
  mockKubeSecurityApi,
  MockKubeSecurityApi,
  teamScorecard,
} from '../../__testUtils__/fixtures';
import { renderWithApi } from '../../__testUtils__/render';
import { EntityTeamSecurityScorecardCard } from './EntityTeamSecurityScorecardCard';

const paymentsGroup: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'payments', title: 'Payments' },
  spec: { type: 'team', children: ['payments-core', 'payments-risk'] },
};

function renderCard(api: MockKubeSecurityApi) {
  return renderWithApi(
    <EntityProvider entity={paymentsGroup}>
      <EntityTeamSecurityScorecardCard />
    </EntityProvider>,
    api,
  );
}

describe('EntityTeamSecurityScorecardCard', () => {
  it("shows the group's score, grade, trend and its three most important actions", async () => {
    const scorecard = teamScorecard();
    const api = mockKubeSecurityApi({
      getTeamScorecard: async () => scorecard,
    });
    await renderCard(api);

    expect(
      await screen.findByText(`Score ${scorecard.team.score.value} of 100`),
    ).toBeInTheDocument();
    expect(api.getTeamScorecard).toHaveBeenCalledWith({
      namespace: 'default',
      name: 'payments',
    });
    expect(
      screen.getByRole('img', { name: `Grade ${scorecard.team.score.grade}` }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('img', {
        name: `Score up ${scorecard.team.trend} in 7 days`,
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Rolled up from 2 child teams.'),
    ).toBeInTheDocument();

    const rows = within(
      screen.getByRole('list', { name: 'Top actions' }),
    ).getAllByRole('listitem');
    expect(rows.map(r => r.textContent)).toEqual(
      scorecard.topActions
        .slice(0, 3)
        .map((a, i) => expect.stringContaining(`${i + 1}. ${a.item.title}`)),
    );
    expect(
      within(rows[0]).getByRole('link', { name: 'Payments API' }),
    ).toHaveAttribute('href', '/catalog/default/component/payments-api');
  });

  it('links to the full team view', async () => {
    await renderCard(mockKubeSecurityApi());
    expect(
      await screen.findByRole('link', { name: /View full scorecard/ }),
    ).toHaveAttribute('href', '/kube-security/teams/default/payments');
  });

  it('shows a bar per category with its score', async () => {
    const scorecard = teamScorecard();
    await renderCard(
      mockKubeSecurityApi({ getTeamScorecard: async () => scorecard }),
    );
    await screen.findByText(`Score ${scorecard.team.score.value} of 100`);
    for (const category of scorecard.categories) {
      const bar = screen.getByRole('progressbar', {
        name: new RegExp(`^${category.category} security score$`, 'i'),
      });
      expect(bar).toHaveAttribute('aria-valuenow', String(category.score ?? 0));
    }
  });

  it("says so when none of the team's entities has findings", async () => {
    await renderCard(
      mockKubeSecurityApi({
        getTeamScorecard: async () => {
          throw httpError(404, 'No team group:default/payments');
        },
      }),
    );
    expect(
      await screen.findByText(
        /No findings belong to the entities of Payments yet/,
      ),
    ).toBeInTheDocument();
  });

  it('says what to configure when there are no clusters', async () => {
    await renderCard(
      mockKubeSecurityApi({ getClusters: async () => ({ clusters: [] }) }),
    );
    expect(
      await screen.findByText(
        /No clusters are configured yet, so there is no score for Payments/,
      ),
    ).toBeInTheDocument();
  });

  it('shows the permission warning on 403', async () => {
    await renderCard(
      mockKubeSecurityApi({
        getTeamScorecard: async () => {
          throw httpError(403, 'Forbidden');
        },
      }),
    );
    expect(
      await screen.findByText(/You are not allowed to see security findings/),
    ).toBeInTheDocument();
  });
});
