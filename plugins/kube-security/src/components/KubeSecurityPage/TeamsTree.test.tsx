import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import type { TeamSummary } from '@kube-security/plugin-kube-security-common';
import {
  CLUSTERS,
  makePlan,
  mockKubeSecurityApi,
  MockKubeSecurityApi,
  teamsPage,
  teamSummary,
} from '../../__testUtils__/fixtures';
import { renderWithApi } from '../../__testUtils__/render';
import { OverviewPage } from './OverviewPage';
import { TeamsTable } from './TeamsTable';
import { PARENT_SCORE_DOCS_URL } from './TeamsTree';
import { startOverviewRequests } from './earlyRequests';
import { buildTeamTree, compareTeams, visibleRows } from './teamTree';

const score = (value: number | null) => ({
  value,
  grade: null,
  coverage: 1,
  counts: {} as TeamSummary['score']['counts'],
});

/** acme > engineering > (commerce > (storefront, payments), platform). */
const ORG: TeamSummary[] = [
  teamSummary('storefront', makePlan(), {
    title: 'Storefront',
    parentRef: 'group:default/commerce',
    score: score(17),
  }),
  teamSummary('payments', makePlan(), {
    title: 'Payments',
    parentRef: 'group:default/commerce',
    score: score(84),
  }),
  teamSummary('commerce', makePlan(), {
    title: 'Commerce',
    parentRef: 'group:default/engineering',
    score: score(43),
  }),
  teamSummary('platform', makePlan(), {
    title: 'Platform',
    parentRef: 'group:default/engineering',
    score: score(61),
  }),
  teamSummary('engineering', makePlan(), {
    title: 'Engineering',
    parentRef: 'group:default/acme',
    score: score(57),
  }),
  teamSummary('acme', makePlan(), { title: 'ACME', score: score(57) }),
];

/** What `GET /teams?top=true` answers: the roots and the teams right below them. */
function topOf(teams: TeamSummary[]): TeamSummary[] {
  const refs = new Set(teams.map(t => t.entityRef));
  const isRoot = (t: TeamSummary) => !t.parentRef || !refs.has(t.parentRef);
  const roots = new Set(teams.filter(isRoot).map(t => t.entityRef));
  return teams.filter(t => isRoot(t) || roots.has(t.parentRef ?? ''));
}

/** A promise that stays pending until `open()` is called. */
function gate(): { passed: Promise<void>; open: () => void } {
  let open = () => {};
  const passed = new Promise<void>(resolve => {
    open = resolve;
  });
  return { passed, open };
}

/** `getTeams` answering the top of the tree at once and every team once `rest` passes. */
function topFirst(rest: Promise<void>) {
  return async (q: Parameters<MockKubeSecurityApi['getTeams']>[0]) => {
    if (q.top) return teamsPage(q, topOf(ORG));
    await rest;
    return teamsPage(q, ORG);
  };
}

function renderOverview(api: MockKubeSecurityApi, path = '/kube-security') {
  return renderWithApi(
    <Routes>
      <Route path="/kube-security/*" element={<OverviewPage />} />
    </Routes>,
    api,
    { routeEntries: [path] },
  );
}

function renderTeams(api: MockKubeSecurityApi, path = '/kube-security') {
  return renderWithApi(
    <Routes>
      <Route
        path="/kube-security/*"
        element={<TeamsTable clusters={CLUSTERS} />}
      />
    </Routes>,
    api,
    { routeEntries: [path] },
  );
}

/** The teams table once every team is in (the top of the tree may show first). */
async function findTree(): Promise<HTMLElement> {
  const table = await screen.findByRole('table', { name: 'Teams' });
  await waitFor(() => expect(table).toHaveAttribute('aria-busy', 'false'));
  return table;
}

/** Each visible row's team title, indented two spaces per level. */
function outline(table: HTMLElement): string[] {
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map(row => {
      const depth = Number(row.getAttribute('data-depth'));
      const name = within(row).getAllByRole('cell')[0].textContent;
      return `${'  '.repeat(depth)}${name}`;
    });
}

describe('TeamsTable as a tree', () => {
  it('nests departments and teams by the group hierarchy, worst score first among siblings', async () => {
    const api = mockKubeSecurityApi({ getTeams: async q => teamsPage(q, ORG) });
    await renderTeams(api);
    const table = await findTree();
    expect(outline(table)).toEqual([
      'ACME',
      '  Engineering',
      '    Commerce',
      '      Storefront',
      '      Payments',
      '    Platform',
    ]);
    // Every team, read in the backend's largest pages; no "Last scan" on every row.
    expect(api.getTeams).toHaveBeenCalledWith(
      expect.objectContaining({ offset: 0, limit: 500 }),
    );
    expect(
      within(table).queryByRole('columnheader', { name: 'Last scan' }),
    ).not.toBeInTheDocument();
    // How a parent's score is formed, with a link to the scoring docs.
    expect(screen.getByText(/not an average of its/)).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /How scores are formed/ }),
    ).toHaveAttribute('href', PARENT_SCORE_DOCS_URL);

    // Sorting orders siblings: best first, in the browser (no reload).
    const calls = api.getTeams.mock.calls.length;
    await userEvent.click(screen.getByRole('button', { name: /^Score/ }));
    await waitFor(() =>
      expect(outline(screen.getByRole('table', { name: 'Teams' }))).toEqual([
        'ACME',
        '  Engineering',
        '    Platform',
        '    Commerce',
        '      Payments',
        '      Storefront',
      ]),
    );
    expect(api.getTeams).toHaveBeenCalledTimes(calls);
  });

  it('opens and closes a department with the mouse or the keyboard', async () => {
    const api = mockKubeSecurityApi({ getTeams: async q => teamsPage(q, ORG) });
    await renderTeams(api);
    const table = await findTree();
    const toggle = within(table).getByRole('button', {
      name: 'Collapse Commerce',
    });
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await userEvent.click(toggle);
    expect(outline(table)).toEqual([
      'ACME',
      '  Engineering',
      '    Commerce',
      '    Platform',
    ]);
    const expand = within(table).getByRole('button', {
      name: 'Expand Commerce',
    });
    expect(expand).toHaveAttribute('aria-expanded', 'false');

    // Keyboard: the toggle is a button in the tab order; Enter opens it.
    expand.focus();
    expect(expand).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    expect(outline(table)).toContain('      Storefront');

    await userEvent.click(screen.getByRole('button', { name: 'Collapse all' }));
    expect(outline(table)).toEqual(['ACME']);
    await userEvent.click(screen.getByRole('button', { name: 'Expand all' }));
    expect(outline(table)).toHaveLength(ORG.length);
  });

  it('reads every page of a large organisation and opens only its top level', async () => {
    const many = Array.from({ length: 520 }, (_, i) =>
      teamSummary(`team-${String(i).padStart(3, '0')}`, makePlan(), {
        parentRef: i === 0 ? undefined : 'group:default/team-000',
        score: score(i % 100),
      }),
    );
    const api = mockKubeSecurityApi({
      getTeams: async q => teamsPage(q, many),
    });
    await renderTeams(api);
    const table = await findTree();
    // The top of the tree first, then every page.
    expect(
      api.getTeams.mock.calls.map(([q]) => [q.offset, q.limit, !!q.top]),
    ).toEqual([
      [0, 500, true],
      [0, 500, false],
      [500, 500, false],
    ]);
    expect(outline(table)).toEqual(['team-000']);
    expect(
      within(table).getByRole('button', { name: 'Expand team-000' }),
    ).toHaveAttribute('aria-expanded', 'false');
  });

  it('shows the top of the tree while the other teams load, and keeps what the reader opened', async () => {
    const rest = gate();
    const api = mockKubeSecurityApi({ getTeams: topFirst(rest.passed) });
    await renderTeams(api);
    const table = await screen.findByRole('table', { name: 'Teams' });
    expect(table).toHaveAttribute('aria-busy', 'true');
    expect(outline(table)).toEqual(['ACME']);
    expect(
      screen.getByRole('progressbar', { name: 'Loading teams' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Expand all' })).toBeDisabled();
    await userEvent.click(
      within(table).getByRole('button', { name: 'Expand ACME' }),
    );
    expect(outline(table)).toEqual(['ACME', '  Engineering']);

    rest.open();
    await waitFor(() => expect(table).toHaveAttribute('aria-busy', 'false'));
    // The reader opened ACME only: so it stays, though a small tree opens fully.
    expect(outline(table)).toEqual(['ACME', '  Engineering']);
    expect(
      within(table).getByRole('button', { name: 'Expand Engineering' }),
    ).toHaveAttribute('aria-expanded', 'false');
    expect(
      screen.queryByRole('progressbar', { name: 'Loading teams' }),
    ).not.toBeInTheDocument();
  });

  it('asks for the top of the tree while the page waits for the clusters', async () => {
    const clusters = gate();
    const api = mockKubeSecurityApi({
      getClusters: async () => {
        await clusters.passed;
        return { clusters: CLUSTERS };
      },
      getTeams: async q => teamsPage(q, q.top ? topOf(ORG) : ORG),
    });
    await renderOverview(api);
    await waitFor(() =>
      expect(api.getTeams).toHaveBeenCalledWith(
        expect.objectContaining({ top: true }),
      ),
    );
    expect(
      screen.queryByRole('table', { name: 'Teams' }),
    ).not.toBeInTheDocument();
    clusters.open();
    expect(outline(await findTree())).toHaveLength(ORG.length);
    // The page's request served the table: the tree was not read twice.
    expect(api.getTeams.mock.calls.filter(([q]) => q.top)).toHaveLength(1);
  });

  it('shows the clusters and the top of the tree asked for before the page mounted, without asking again', async () => {
    const everyTeam = gate();
    const api = mockKubeSecurityApi({ getTeams: topFirst(everyTeam.passed) });
    // As the page extension does when the app opens on the overview (alpha.tsx).
    startOverviewRequests(api, { treeTop: true });
    await new Promise(resolve => setTimeout(resolve, 0));
    await renderOverview(api);
    // In the page's first render: no wait for a request of its own.
    const table = screen.getByRole('table', { name: 'Teams' });
    expect(table).toHaveAttribute('aria-busy', 'true');
    expect(outline(table)).toEqual(['ACME']);
    expect(api.getClusters).toHaveBeenCalledTimes(1);
    expect(api.getTeams.mock.calls.filter(([q]) => q.top)).toHaveLength(1);
    everyTeam.open();
    expect(outline(await findTree())).toHaveLength(ORG.length);
    expect(api.getTeams.mock.calls.filter(([q]) => q.top)).toHaveLength(1);
    expect(api.getClusters).toHaveBeenCalledTimes(1);
  });

  it('does not show an early top of the tree when the URL filters the tree', async () => {
    const api = mockKubeSecurityApi({
      getTeams: async q =>
        teamsPage(
          q,
          q.top ? topOf(ORG) : ORG.filter(t => t.title === 'Payments'),
        ),
    });
    startOverviewRequests(api, { treeTop: true });
    await new Promise(resolve => setTimeout(resolve, 0));
    await renderOverview(api, '/kube-security?q=pay');
    expect(outline(await findTree())).toEqual(['Payments']);
    expect(api.getTeams).toHaveBeenLastCalledWith(
      expect.objectContaining({ q: 'pay', offset: 0, limit: 500 }),
    );
    expect(api.getTeams.mock.calls.filter(([q]) => q.top)).toHaveLength(1);
  });

  it('reads every matching team at once when filtered, since any team may be a root', async () => {
    const api = mockKubeSecurityApi({ getTeams: async q => teamsPage(q, ORG) });
    await renderTeams(api, '/kube-security?q=merce');
    await findTree();
    expect(api.getTeams).toHaveBeenCalledWith(
      expect.objectContaining({ q: 'merce', offset: 0, limit: 500 }),
    );
    expect(api.getTeams.mock.calls.filter(([q]) => q.top)).toEqual([]);
  });

  it('still shows the tree when the backend refuses the top of the tree', async () => {
    const api = mockKubeSecurityApi({
      getTeams: async q => {
        if (q.top) throw new Error('unknown query parameter top');
        return teamsPage(q, ORG);
      },
    });
    await renderTeams(api);
    const table = await findTree();
    expect(outline(table)).toHaveLength(ORG.length);
    expect(screen.queryByText(/Could not load teams/)).not.toBeInTheDocument();
  });

  it('switches to the flat list, paged by the backend, and back', async () => {
    const api = mockKubeSecurityApi({ getTeams: async q => teamsPage(q, ORG) });
    await renderTeams(api);
    await screen.findByRole('table', { name: 'Teams' });
    expect(screen.getByRole('button', { name: 'Tree' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await userEvent.click(screen.getByRole('button', { name: 'List' }));
    await waitFor(() =>
      expect(api.getTeams).toHaveBeenLastCalledWith(
        expect.objectContaining({ offset: 0, limit: 25 }),
      ),
    );
    const table = screen.getByRole('table', { name: 'Teams' });
    await waitFor(() =>
      expect(within(table).getAllByText('in commerce')).toHaveLength(2),
    );
    expect(
      within(table).queryByRole('button', { name: /^(Expand|Collapse)/ }),
    ).not.toBeInTheDocument();
  });

  it('says that scores and top items count the selected category only', async () => {
    const api = mockKubeSecurityApi({ getTeams: async q => teamsPage(q, ORG) });
    await renderTeams(api, '/kube-security?category=image');
    await screen.findByRole('table', { name: 'Teams' });
    expect(
      screen.getByText(
        'Scores and most important items count Image security items only.',
      ),
    ).toBeInTheDocument();
    expect(api.getTeams).toHaveBeenCalledWith(
      expect.objectContaining({ category: 'image' }),
    );
  });
});

describe('buildTeamTree', () => {
  const team = (name: string, parent?: string) =>
    teamSummary(name, makePlan(), {
      parentRef: parent && `group:default/${parent}`,
    });
  const names = (teams: TeamSummary[]) =>
    visibleRows(
      buildTeamTree(teams, compareTeams('name', 'asc')),
      new Set(teams.map(t => t.entityRef)),
    ).map(r => `${r.depth}:${r.team.name}`);

  it('makes a team whose parent is filtered out a root', () => {
    expect(names([team('b', 'missing'), team('a')])).toEqual(['0:a', '0:b']);
  });

  it('loses no team to a cycle of parents', () => {
    expect(names([team('x', 'y'), team('y', 'x'), team('z', 'x')])).toEqual([
      '0:x',
      '1:y',
      '1:z',
    ]);
  });
});
