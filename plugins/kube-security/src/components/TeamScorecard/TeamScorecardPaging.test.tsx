import type {
  TeamAction,
  TeamScorecardPageQuery,
  TeamScorecardResponse,
} from '@kube-security/plugin-kube-security-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  mockKubeSecurityApi,
  teamScorecard,
} from '../../__testUtils__/fixtures';
import { renderWithApi } from '../../__testUtils__/render';
import { TeamScorecardView } from './TeamScorecardView';

/** A team of 120 entities and 30 top actions (each a different fix), served in pages. */
function largeTeam() {
  const base = teamScorecard();
  const entities = Array.from({ length: 120 }, (_, i) => ({
    ...base.entities[0],
    entityRef: `component:default/svc-${i}`,
    title: `Service ${i}`,
  }));
  const template = base.topActions[0];
  const actions: TeamAction[] = Array.from({ length: 30 }, (_, i) => ({
    ...template,
    entityRef: `component:default/svc-${i}`,
    entityTitle: `Service ${i}`,
    item: {
      ...template.item,
      itemId: `item-${i}` as TeamAction['item']['itemId'],
      title: `Fix number ${i}`,
    },
  }));
  const page = (q: TeamScorecardPageQuery = {}): TeamScorecardResponse => {
    const eo = q.entitiesOffset ?? 0;
    const el = q.entitiesLimit ?? 50;
    const ao = q.topActionsOffset ?? 0;
    const al = q.topActionsLimit ?? 20;
    return {
      ...base,
      entities: entities.slice(eo, eo + el),
      topActions: actions.slice(ao, ao + al),
      entitiesPage: { offset: eo, limit: el, total: entities.length },
      topActionsPage: { offset: ao, limit: al, total: actions.length },
    };
  };
  return { page, entities, actions };
}

const entityRows = () =>
  within(screen.getByRole('table', { name: 'Entities' }))
    .getAllByRole('row')
    .slice(1);

const actionRows = () =>
  within(screen.getByRole('table', { name: 'Top actions' }))
    .getAllByRole('row')
    .slice(1);

describe('TeamScorecardView paging', () => {
  it('loads the next page of entities on "Load more" until all are shown', async () => {
    const team = largeTeam();
    const api = mockKubeSecurityApi({
      getTeamScorecard: async (_team, q) => team.page(q),
    });
    await renderWithApi(<TeamScorecardView scorecard={team.page()} />, api);

    expect(entityRows()).toHaveLength(50);
    expect(screen.getByText('Showing 50 of 120 entities')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(
      await screen.findByText('Showing 100 of 120 entities'),
    ).toBeInTheDocument();
    expect(api.getTeamScorecard).toHaveBeenLastCalledWith(
      { namespace: 'default', name: 'payments' },
      { entitiesOffset: 50, entitiesLimit: 50, topActionsLimit: 0 },
    );
    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await screen.findByText('Service 119');
    expect(
      entityRows().map(r => within(r).getAllByRole('cell')[0].textContent),
    ).toEqual(team.entities.map(e => e.title));
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    expect(screen.queryByText(/Showing \d+ of/)).toBeNull();
  });

  it('"Show all" fetches the top actions past the first page, one row per fix', async () => {
    const team = largeTeam();
    const api = mockKubeSecurityApi({
      getTeamScorecard: async (_team, q) => team.page(q),
    });
    await renderWithApi(<TeamScorecardView scorecard={team.page()} />, api);

    expect(actionRows()).toHaveLength(5);
    await userEvent.click(
      screen.getByRole('button', { name: 'Show all actions' }),
    );
    await screen.findByText('Fix number 29');
    expect(api.getTeamScorecard).toHaveBeenLastCalledWith(
      { namespace: 'default', name: 'payments' },
      { entitiesLimit: 0, topActionsOffset: 20, topActionsLimit: 100 },
    );
    expect(
      actionRows().map(r => within(r).getAllByRole('cell')[2].textContent),
    ).toEqual(team.actions.map(a => a.item.title));
    await userEvent.click(screen.getByRole('button', { name: 'Show fewer' }));
    expect(actionRows()).toHaveLength(5);
    // Everything is loaded now: the button counts the fixes again.
    expect(
      screen.getByRole('button', { name: 'Show all 30 actions' }),
    ).toBeInTheDocument();
  });
});
