import {
  EARLY_ANSWER_MAX_AGE_MS,
  overviewRequestsAt,
  forgetOverviewRequests,
  overviewRequests,
  startOverviewRequests,
  TREE_TOP_QUERY,
} from './earlyRequests';
import {
  CLUSTERS,
  mockKubeSecurityApi,
  teamsPage,
} from '../../__testUtils__/fixtures';

const at = (url: string) => {
  const { pathname, search } = new URL(url, 'http://portal.example');
  return { pathname, search };
};

describe('overviewRequestsAt', () => {
  it('asks for the clusters and the top of the tree on the overview itself', () => {
    const both = { clusters: true, treeTop: true };
    expect(overviewRequestsAt(at('/kube-security'), '/kube-security')).toEqual(
      both,
    );
    expect(overviewRequestsAt(at('/kube-security/'), '/kube-security')).toEqual(
      both,
    );
    // The order of the tree does not change what it asks first.
    expect(
      overviewRequestsAt(
        at('/kube-security?sort=name&order=desc&view=tree'),
        '/kube-security',
      ),
    ).toEqual(both);
    expect(
      overviewRequestsAt(at('/portal/security'), '/portal/security'),
    ).toEqual(both);
  });

  it('asks for nothing below or beside the overview', () => {
    const none = { clusters: false, treeTop: false };
    for (const url of [
      '/',
      '/catalog',
      '/kube-security/action-plan',
      '/kube-security/teams/default/payments',
      // A team named like the page is still a team page.
      '/kube-security/teams/default/kube-security',
      '/kube-security',
    ]) {
      expect(overviewRequestsAt(at(url), '/portal/kube-security')).toEqual(
        none,
      );
    }
  });

  it('leaves the tree to the page when the URL filters it or shows the list', () => {
    for (const search of [
      '?view=list',
      '?q=pay',
      '?category=image',
      '?provider=eks',
      '?cluster=aks-shared',
    ]) {
      expect(
        overviewRequestsAt(at(`/kube-security${search}`), '/kube-security'),
      ).toEqual({ clusters: true, treeTop: false });
    }
  });
});

describe('startOverviewRequests and overviewRequests', () => {
  it('hands the answers to the overview until it has mounted, with the answer kept once in', async () => {
    const api = mockKubeSecurityApi();
    startOverviewRequests(api, { treeTop: true });
    expect(api.getClusters).toHaveBeenCalledTimes(1);
    expect(api.getTeams).toHaveBeenCalledWith(TREE_TOP_QUERY);

    const taken = overviewRequests(api);
    await expect(taken.clusters?.promise).resolves.toEqual({
      clusters: CLUSTERS,
    });
    await taken.treeTop?.promise;
    expect(taken.clusters?.value).toEqual({ clusters: CLUSTERS });
    expect(taken.treeTop?.value).toEqual(teamsPage(TREE_TOP_QUERY));

    // A render that React discards finds them again; once the page mounted, they are gone.
    expect(overviewRequests(api)).toEqual(taken);
    forgetOverviewRequests(api);
    expect(overviewRequests(api)).toEqual({
      clusters: undefined,
      treeTop: undefined,
    });
    // Another API instance (another app) has requests of its own.
    expect(overviewRequests(mockKubeSecurityApi()).clusters).toBeUndefined();
  });

  it('does not ask for the top of the tree when the page will not show it', () => {
    const api = mockKubeSecurityApi();
    startOverviewRequests(api, { treeTop: false });
    expect(api.getTeams).not.toHaveBeenCalled();
    expect(overviewRequests(api).treeTop).toBeUndefined();
  });

  it('drops answers older than the maximum age, and keeps a request still under way', async () => {
    const api = mockKubeSecurityApi();
    const settle = async () => {
      const now = jest.spyOn(Date, 'now').mockReturnValue(1_000);
      await new Promise(resolve => setTimeout(resolve, 0));
      now.mockRestore();
    };
    startOverviewRequests(api, { treeTop: false });
    // Not settled yet: kept whenever it is taken.
    expect(
      overviewRequests(api, 1_000 + 10 * EARLY_ANSWER_MAX_AGE_MS).clusters,
    ).toBeDefined();

    startOverviewRequests(api, { treeTop: false });
    await settle();
    expect(
      overviewRequests(api, 1_000 + EARLY_ANSWER_MAX_AGE_MS + 1).clusters,
    ).toBeUndefined();

    startOverviewRequests(api, { treeTop: false });
    await settle();
    expect(
      overviewRequests(api, 1_000 + EARLY_ANSWER_MAX_AGE_MS).clusters?.value,
    ).toEqual({ clusters: CLUSTERS });
  });

  it('passes a failed request on to the page that takes it', async () => {
    const api = mockKubeSecurityApi({
      getClusters: async () => {
        throw new TypeError('Failed to fetch');
      },
    });
    startOverviewRequests(api, { treeTop: false });
    const { clusters } = overviewRequests(api);
    await expect(clusters?.promise).rejects.toThrow('Failed to fetch');
    expect(clusters?.value).toBeUndefined();
    expect(clusters?.settledAt).toEqual(expect.any(Number));
  });
});
