import { Route, Routes } from 'react-router-dom';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CATEGORY_TITLES } from '@kube-security/plugin-kube-security-common';
import {
  CLUSTERS,
  httpError,
  mockKubeSecurityApi,
  MockKubeSecurityApi,
  teamScorecard,
  TEAMS,
  teamsPage,
  UNOWNED,
} from '../../__testUtils__/fixtures';
import { renderWithApi } from '../../__testUtils__/render';
import { KubeSecurityPage } from './KubeSecurityPage';

function renderPage(api: MockKubeSecurityApi, path = '/kube-security') {
  // These tests read the teams as the flat list (TeamsTree.test.tsx tests the tree).
  const listPath =
    path === '/kube-security' || path.startsWith('/kube-security?')
      ? `${path}${path.includes('?') ? '&' : '?'}view=list`
      : path;
  return renderWithApi(
    <Routes>
      <Route path="/kube-security/*" element={<KubeSecurityPage />} />
    </Routes>,
    api,
    { routeEntries: [listPath] },
  );
}

async function teamsTable() {
  return screen.findByRole('table', { name: 'Teams' });
}

function teamRows(table: HTMLElement) {
  return within(table).getAllByRole('row').slice(1);
}

describe('KubeSecurityPage overview', () => {
  it('lists the teams with score, trend, open items per category and top item', async () => {
    const api = mockKubeSecurityApi();
    await renderPage(api);
    const rows = teamRows(await teamsTable());
    expect(rows).toHaveLength(TEAMS.length);

    const payments = TEAMS[0];
    const row = rows[0];
    expect(within(row).getByRole('link', { name: 'Payments' })).toHaveAttribute(
      'href',
      '/kube-security/teams/default/payments',
    );
    expect(
      within(row).getByRole('img', { name: `Grade ${payments.score.grade}` }),
    ).toBeInTheDocument();
    expect(
      within(row).getByRole('img', { name: 'Score up 6 in 7 days' }),
    ).toBeInTheDocument();
    expect(within(row).getByText(payments.topItem!.title)).toBeInTheDocument();
    const cells = within(row)
      .getAllByRole('cell')
      .map(c => c.textContent);
    expect(cells.slice(4, 8)).toEqual([
      String(payments.openByCategory.cloud),
      String(payments.openByCategory.cluster),
      String(payments.openByCategory.workload),
      String(payments.openByCategory.image),
    ]);
    expect(
      within(rows[1]).getByRole('img', { name: 'Score down 3 in 7 days' }),
    ).toBeInTheDocument();
    expect(within(rows[1]).getByText('in commerce')).toBeInTheDocument();

    expect(api.getTeams).toHaveBeenCalledWith({
      offset: 0,
      limit: 25,
      sort: 'score',
      order: 'asc',
    });
  });

  it('sorts on the server: a new column first, then the other direction', async () => {
    const api = mockKubeSecurityApi();
    await renderPage(api);
    await teamsTable();

    await userEvent.click(screen.getByRole('button', { name: 'Open items' }));
    await waitFor(() =>
      expect(api.getTeams).toHaveBeenLastCalledWith(
        expect.objectContaining({ sort: 'open', order: 'desc', offset: 0 }),
      ),
    );
    await userEvent.click(screen.getByRole('button', { name: /Open items/ }));
    await waitFor(() =>
      expect(api.getTeams).toHaveBeenLastCalledWith(
        expect.objectContaining({ sort: 'open', order: 'asc' }),
      ),
    );
  });

  it('pages on the server', async () => {
    const many = Array.from({ length: 60 }, (_, i) => ({
      ...TEAMS[i % TEAMS.length],
      entityRef: `group:default/team-${i}`,
      name: `team-${i}`,
      title: `Team ${i}`,
    }));
    const api = mockKubeSecurityApi({
      getTeams: async q => teamsPage(q, many),
    });
    await renderPage(api);
    expect(teamRows(await teamsTable())).toHaveLength(25);
    expect(
      within(screen.getByRole('region', { name: 'Teams' })).getByText(
        '1-25 of 60',
      ),
    ).toBeInTheDocument();

    const teams = screen.getByRole('region', { name: 'Teams' });
    await userEvent.click(
      within(teams).getByRole('button', { name: 'Next page' }),
    );
    await waitFor(() =>
      expect(api.getTeams).toHaveBeenLastCalledWith(
        expect.objectContaining({ offset: 25, limit: 25 }),
      ),
    );
    expect(await screen.findByText('Team 25')).toBeInTheDocument();
    expect(
      within(screen.getByRole('region', { name: 'Teams' })).getByText(
        '26-50 of 60',
      ),
    ).toBeInTheDocument();
  });

  it('searches and filters on the server, back on the first page', async () => {
    const many = Array.from({ length: 30 }, (_, i) => ({
      ...TEAMS[i % TEAMS.length],
      entityRef: `group:default/team-${i}`,
      name: `team-${i}`,
    }));
    const api = mockKubeSecurityApi({
      getTeams: async q => teamsPage(q, many),
    });
    await renderPage(api, '/kube-security?page=1');
    await teamsTable();
    expect(api.getTeams).toHaveBeenLastCalledWith(
      expect.objectContaining({ offset: 25 }),
    );

    await userEvent.type(screen.getByLabelText('Search teams'), 'pay');
    await waitFor(() =>
      expect(api.getTeams).toHaveBeenLastCalledWith(
        expect.objectContaining({ q: 'pay', offset: 0 }),
      ),
    );
    // Debounced: one request for the whole word, not one per key.
    expect(
      api.getTeams.mock.calls.filter(([q]) => q.q !== undefined),
    ).toHaveLength(1);

    await userEvent.click(screen.getByRole('button', { name: /Category/ }));
    await userEvent.click(
      screen.getByRole('option', { name: CATEGORY_TITLES.workload }),
    );
    await waitFor(() =>
      expect(api.getTeams).toHaveBeenLastCalledWith(
        expect.objectContaining({ q: 'pay', category: 'workload' }),
      ),
    );

    await userEvent.click(screen.getByRole('button', { name: /Cluster/ }));
    await userEvent.click(screen.getByRole('option', { name: 'gke-staging' }));
    await waitFor(() =>
      expect(api.getTeams).toHaveBeenLastCalledWith(
        expect.objectContaining({
          cluster: 'gke-staging',
          category: 'workload',
        }),
      ),
    );
  });

  it('offers to clear filters that match no team', async () => {
    const api = mockKubeSecurityApi({
      getTeams: async q => teamsPage(q, q.provider ? [] : TEAMS),
    });
    await renderPage(api, '/kube-security?provider=aks');
    expect(
      await screen.findByText('No team matches these filters.'),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Clear filters' }),
    );
    expect(teamRows(await teamsTable())).toHaveLength(TEAMS.length);
  });

  it('says there are no teams yet when nothing has an owner', async () => {
    await renderPage(
      mockKubeSecurityApi({ getTeams: async q => teamsPage(q, []) }),
    );
    expect(await screen.findByText('No teams yet')).toBeInTheDocument();
  });

  it('makes a stale cluster stand out with its reason, and scans it on demand', async () => {
    const api = mockKubeSecurityApi();
    await renderPage(api);
    const stale = CLUSTERS.find(c => c.stale)!;
    const card = await screen.findByRole('group', {
      name: `Cluster ${stale.name}`,
    });
    expect(card).toHaveAttribute('data-stale', 'true');
    expect(within(card).getByText('Stale')).toBeInTheDocument();
    expect(within(card).getByText(stale.staleReason!)).toBeInTheDocument();
    const fresh = screen.getByRole('group', {
      name: `Cluster ${CLUSTERS[0].name}`,
    });
    expect(within(fresh).getByText('Up to date')).toBeInTheDocument();

    await userEvent.click(
      within(card).getByRole('button', {
        name: 'Scan now',
        description: stale.name,
      }),
    );
    await waitFor(() =>
      expect(api.triggerScan).toHaveBeenCalledWith(stale.name),
    );
    // The cluster list is reloaded to show the running scan.
    await waitFor(() =>
      expect(api.getClusters.mock.calls.length).toBeGreaterThanOrEqual(2),
    );
  });

  it('shows the unowned findings near the top, above the teams and the active exceptions', async () => {
    const api = mockKubeSecurityApi();
    await renderPage(api);
    await screen.findByRole('region', { name: 'Teams' });
    const sections = await screen.findAllByRole('region');
    const names = sections.map(
      s => s.getAttribute('aria-label') ?? s.getAttribute('aria-labelledby'),
    );
    expect(names).toEqual(
      expect.arrayContaining(['Active exceptions', 'Unowned findings']),
    );
    // Issue 16: unowned findings come right after the headline and the clusters.
    expect(names.indexOf('Unowned findings')).toBeLessThan(
      names.indexOf('ks-teams-title'),
    );
    expect(names.indexOf('ks-teams-title')).toBeLessThan(
      names.indexOf('Active exceptions'),
    );
    expect(await screen.findByText('No accepted risks')).toBeVisible();
    expect(api.listExceptions).toHaveBeenCalledWith({ offset: 0, limit: 10 });
  });

  it('shows the unowned findings, paged', async () => {
    const api = mockKubeSecurityApi();
    await renderPage(api);
    const table = await screen.findByRole('table', {
      name: 'Unowned findings',
    });
    expect(
      screen.getByText(`Unowned findings (${UNOWNED.length})`),
    ).toBeInTheDocument();
    expect(within(table).getAllByRole('row')).toHaveLength(UNOWNED.length + 1);
    // The name once, its container (named differently) under it.
    expect(within(table).getByText('node-debugger')).toBeInTheDocument();
    expect(within(table).getByText('container debug')).toBeInTheDocument();
    expect(api.getUnowned).toHaveBeenCalledWith({ offset: 0, limit: 10 });
  });

  it('exports the CSV through the client', async () => {
    Object.assign(URL, {
      createObjectURL: jest.fn(() => 'blob:csv'),
      revokeObjectURL: jest.fn(),
    });
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});
    const api = mockKubeSecurityApi();
    await renderPage(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Export CSV' }),
    );
    await waitFor(() => expect(click).toHaveBeenCalled());
    expect(api.exportCsv).toHaveBeenCalledTimes(1);
    click.mockRestore();
  });

  it('says what to configure when there are no clusters', async () => {
    const api = mockKubeSecurityApi({
      getClusters: async () => ({ clusters: [] }),
    });
    await renderPage(api);
    expect(
      await screen.findByText('No clusters are configured yet'),
    ).toBeInTheDocument();
    expect(api.getTeams).not.toHaveBeenCalled();
  });

  it('shows the error when the backend is down', async () => {
    await renderPage(
      mockKubeSecurityApi({
        getClusters: async () => {
          throw new TypeError('Failed to fetch');
        },
      }),
    );
    expect(
      await screen.findByText(/Could not load security findings/),
    ).toBeInTheDocument();
  });

  it('shows the permission warning on 403', async () => {
    await renderPage(
      mockKubeSecurityApi({
        getClusters: async () => {
          throw httpError(403, 'Forbidden');
        },
      }),
    );
    expect(
      await screen.findByText(/You are not allowed to see security findings/),
    ).toBeInTheDocument();
  });
});

describe('KubeSecurityPage team view', () => {
  it('shows the scorecard of the team in the URL: score, children, top actions, history', async () => {
    const scorecard = teamScorecard();
    const api = mockKubeSecurityApi({
      getTeamScorecard: async () => scorecard,
    });
    await renderPage(api, '/kube-security/teams/default/payments');

    expect(
      await screen.findByText(`Score ${scorecard.team.score.value} of 100`),
    ).toBeInTheDocument();
    expect(api.getTeamScorecard).toHaveBeenCalledWith({
      namespace: 'default',
      name: 'payments',
    });

    const children = screen.getByRole('list', { name: 'Child teams' });
    expect(
      within(children)
        .getAllByRole('link')
        .map(l => [l.textContent, l.getAttribute('href')]),
    ).toEqual(
      scorecard.children.map(c => [
        c.title,
        `/kube-security/teams/default/${c.name}`,
      ]),
    );

    const actions = within(screen.getByRole('table', { name: 'Top actions' }))
      .getAllByRole('row')
      .slice(1);
    expect(actions).toHaveLength(Math.min(5, scorecard.topActions.length));
    expect(
      within(actions[0]).getByText(scorecard.topActions[0].item.title),
    ).toBeInTheDocument();

    expect(
      screen.getByRole('img', {
        name: /Score history over 5 days: 61 on .*, 70 on /,
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Download PDF' }),
    ).toBeInTheDocument();
  });

  it('draws no chart for a team without history', async () => {
    const api = mockKubeSecurityApi({
      getTeamScorecard: async () => teamScorecard({ history: [] }),
    });
    await renderPage(api, '/kube-security/teams/default/payments');
    expect(await screen.findByText(/No score history yet/)).toBeInTheDocument();
    expect(screen.queryByTestId('score-history-chart')).not.toBeInTheDocument();
  });

  it('downloads the team PDF', async () => {
    Object.assign(URL, {
      createObjectURL: jest.fn(() => 'blob:pdf'),
      revokeObjectURL: jest.fn(),
    });
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});
    const api = mockKubeSecurityApi();
    await renderPage(api, '/kube-security/teams/default/payments');
    await userEvent.click(
      await screen.findByRole('button', { name: 'Download PDF' }),
    );
    await waitFor(() => expect(click).toHaveBeenCalled());
    expect(api.getTeamPlanPdf).toHaveBeenCalledWith(
      { namespace: 'default', name: 'payments' },
      {},
    );

    // The other layouts: grouped by category, with one provider's steps.
    await userEvent.click(
      screen.getByRole('button', { name: 'More PDF layouts' }),
    );
    await userEvent.click(
      screen.getByRole('menuitem', { name: 'By category, open items first' }),
    );
    await userEvent.click(screen.getByRole('menuitem', { name: 'Amazon EKS' }));
    await waitFor(() =>
      expect(api.getTeamPlanPdf).toHaveBeenLastCalledWith(
        { namespace: 'default', name: 'payments' },
        { provider: 'eks', groupBy: 'category' },
      ),
    );
    click.mockRestore();
  });

  it('explains an empty team', async () => {
    const empty = teamScorecard();
    const api = mockKubeSecurityApi({
      getTeamScorecard: async () => ({
        ...empty,
        team: { ...empty.team, entityCount: 0 },
        topActions: [],
        entities: [],
      }),
    });
    await renderPage(api, '/kube-security/teams/default/payments');
    expect(
      await screen.findByText('No security findings for Payments yet'),
    ).toBeInTheDocument();
  });

  it('says a team that does not exist is not found, not that it has no findings', async () => {
    const api = mockKubeSecurityApi({
      getTeamScorecard: async () => {
        throw httpError(404, 'No team group:default/nobody');
      },
    });
    await renderPage(api, '/kube-security/teams/default/nobody');
    expect(
      await screen.findByText('Team not found: group:default/nobody'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/No security findings/)).not.toBeInTheDocument();
  });
});
