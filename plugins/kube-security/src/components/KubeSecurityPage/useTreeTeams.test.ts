import { act, renderHook, waitFor } from '@testing-library/react';
import type {
  TeamSummary,
  TeamsResponse,
} from '@kube-security/plugin-kube-security-common';
import { EarlyRequest } from './earlyRequests';
import { useTreeTeams } from './useTreeTeams';

function team(name: string): TeamSummary {
  return { entityRef: `group:default/${name}`, name } as TeamSummary;
}

function page(teams: TeamSummary[]): TeamsResponse {
  return { teams, total: teams.length, offset: 0, limit: 500 };
}

describe('useTreeTeams', () => {
  it('does not render again for an early top of the tree that its first render showed', async () => {
    const top = page([team('org'), team('dept-a')]);
    const early: EarlyRequest<TeamsResponse> = {
      promise: Promise.resolve(top),
      value: top,
      settledAt: Date.now(),
    };
    let everyTeamIn = () => {};
    const everyTeam = new Promise<void>(resolve => {
      everyTeamIn = resolve;
    });
    const all = page([team('org'), team('dept-a'), team('team-1')]);
    const getTeams = jest.fn(async () => {
      await everyTeam;
      return all;
    });
    const api = { getTeams };
    let renders = 0;
    const { result } = renderHook(() => {
      renders += 1;
      return useTreeTeams(
        api,
        { offset: 0, limit: 500 },
        {
          enabled: true,
          filtered: false,
          early,
        },
      );
    });
    expect(result.current.value).toEqual({ teams: top.teams, complete: false });
    // The effect takes the early answer: the state it would set is the one shown.
    await act(async () => {
      await new Promise(resolve => setTimeout(resolve, 0));
    });
    expect(getTeams).toHaveBeenCalledTimes(1);
    expect(renders).toBe(1);
    expect(result.current.loading).toBe(true);

    everyTeamIn();
    await waitFor(() =>
      expect(result.current.value).toEqual({
        teams: all.teams,
        complete: true,
      }),
    );
    expect(result.current.loading).toBe(false);
  });
});
