import { KubeSecurityClient } from './KubeSecurityClient';

function clientWith(response: () => Response) {
  const fetch = jest.fn(async (_url: string, _init?: RequestInit) =>
    response(),
  );
  const client = new KubeSecurityClient({
    discoveryApi: {
      getBaseUrl: async (id: string) => `http://backend/api/${id}`,
    },
    fetchApi: { fetch: fetch as unknown as typeof globalThis.fetch },
  });
  return { client, fetch };
}

function jsonResponse(body: unknown, status = 200): Response {
  return {
    ok: status < 400,
    status,
    statusText: status === 403 ? 'Forbidden' : 'OK',
    headers: { get: () => 'application/json' },
    json: async () => body,
    text: async () => JSON.stringify(body),
    blob: async () => new Blob([JSON.stringify(body)]),
  } as unknown as Response;
}

describe('KubeSecurityClient', () => {
  it('asks for an entity plan with kind and namespace in lower case', async () => {
    const { client, fetch } = clientWith(() => jsonResponse({ mapped: true }));
    await client.getEntityPlan({
      kind: 'Component',
      namespace: 'Default',
      name: 'payments api',
    });
    expect(fetch).toHaveBeenCalledWith(
      'http://backend/api/kube-security/entities/component/default/payments%20api/plan',
      undefined,
    );
  });

  it('sends the teams query, leaving out empty filters', async () => {
    const { client, fetch } = clientWith(() => jsonResponse({ teams: [] }));
    await client.getTeams({
      offset: 50,
      limit: 25,
      sort: 'open',
      order: 'desc',
      q: '  pay ',
      category: 'workload',
    });
    const url = new URL(fetch.mock.calls[0][0]);
    expect(url.pathname).toBe('/api/kube-security/teams');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      offset: '50',
      limit: '25',
      sort: 'open',
      order: 'desc',
      q: 'pay',
      category: 'workload',
    });
  });

  it('posts a scan trigger for the named cluster', async () => {
    const { client, fetch } = clientWith(() =>
      jsonResponse({ cluster: 'eks/prod', scheduled: true }, 202),
    );
    await expect(client.triggerScan('eks/prod')).resolves.toEqual({
      cluster: 'eks/prod',
      scheduled: true,
    });
    expect(fetch).toHaveBeenCalledWith(
      'http://backend/api/kube-security/clusters/eks%2Fprod/scan',
      { method: 'POST' },
    );
  });

  it('returns downloads as blobs', async () => {
    const { client, fetch } = clientWith(() => jsonResponse('a,b'));
    await expect(client.exportCsv()).resolves.toBeInstanceOf(Blob);
    await client.getTeamPlanPdf({ namespace: 'default', name: 'payments' });
    expect(fetch.mock.calls.map(c => c[0])).toEqual([
      'http://backend/api/kube-security/export.csv',
      'http://backend/api/kube-security/teams/default/payments/plan.pdf',
    ]);
  });

  it('throws a ResponseError that carries the status', async () => {
    const { client } = clientWith(() =>
      jsonResponse(
        { error: { name: 'NotAllowedError', message: 'denied' } },
        403,
      ),
    );
    await expect(client.getClusters()).rejects.toMatchObject({
      name: 'ResponseError',
      response: { status: 403 },
    });
  });
});
