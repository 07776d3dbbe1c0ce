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

const STATUS_TEXTS: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
};

function jsonResponse(body: unknown, status = 200): Response {
  return {
    ok: status < 400,
    status,
    statusText: STATUS_TEXTS[status] ?? 'OK',
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

  it('asks for the top of the team tree only when told to', async () => {
    const { client, fetch } = clientWith(() => jsonResponse({ teams: [] }));
    await client.getTeams({ offset: 0, limit: 500, top: true });
    await client.getTeams({ offset: 0, limit: 500, top: false });
    const params = fetch.mock.calls.map(([url]) =>
      Object.fromEntries(new URL(url).searchParams),
    );
    expect(params).toEqual([
      { offset: '0', limit: '500', top: 'true' },
      { offset: '0', limit: '500' },
    ]);
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

  it('asks for the PDFs with the chosen provider, grouping and ticked items', async () => {
    const { client, fetch } = clientWith(() => jsonResponse('%PDF'));
    await client.getActionPlanPdf({ provider: 'aks', done: [] });
    await client.getActionPlanPdf({
      provider: 'gke',
      done: ['cloud-mfa-enforced', 'image-pipeline-checks'],
    });
    await client.getTeamPlanPdf(
      { namespace: 'default', name: 'payments' },
      { provider: 'eks', groupBy: 'category' },
    );
    await client.getEntityPlanPdf(
      { kind: 'Component', namespace: 'default', name: 'web' },
      { groupBy: 'category' },
    );
    expect(fetch.mock.calls.map(c => c[0])).toEqual([
      'http://backend/api/kube-security/action-plan.pdf?provider=aks',
      'http://backend/api/kube-security/action-plan.pdf?provider=gke&done=cloud-mfa-enforced%2Cimage-pipeline-checks',
      'http://backend/api/kube-security/teams/default/payments/plan.pdf?provider=eks&groupBy=category',
      'http://backend/api/kube-security/entities/component/default/web/plan.pdf?groupBy=category',
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

  describe('decisions', () => {
    const entity = { kind: 'Component', namespace: 'Default', name: 'pay api' };

    it('reads the decisions of an entity under its lower-cased path', async () => {
      const { client, fetch } = clientWith(() =>
        jsonResponse({ exceptions: [], attestations: [] }),
      );
      await client.getEntityDecisions(entity);
      expect(fetch).toHaveBeenCalledWith(
        'http://backend/api/kube-security/entities/component/default/pay%20api/decisions',
        undefined,
      );
    });

    it('posts a new exception as JSON and returns the stored one', async () => {
      const stored = { id: 7, scope: 'finding' };
      const { client, fetch } = clientWith(() => jsonResponse(stored, 201));
      const request = {
        scope: 'finding' as const,
        itemId: 'workload-admission-policy' as const,
        findingId: 'f-1',
        justification: 'Envoy needs NET_ADMIN until the CNI migration',
        expiresAt: '2030-01-31',
      };
      await expect(client.createException(entity, request)).resolves.toEqual(
        stored,
      );
      const [url, init] = fetch.mock.calls[0];
      expect(url).toBe(
        'http://backend/api/kube-security/entities/component/default/pay%20api/exceptions',
      );
      expect(init?.method).toBe('POST');
      expect(init?.headers).toEqual({ 'Content-Type': 'application/json' });
      expect(JSON.parse(String(init?.body))).toEqual(request);
    });

    it('posts a new attestation as JSON', async () => {
      const { client, fetch } = clientWith(() => jsonResponse({ id: 3 }, 201));
      const request = {
        itemId: 'cloud-mfa-enforced' as const,
        statement: 'MFA is enforced by the identity provider',
        evidenceUrl: 'https://wiki.example.com/mfa',
        expiresAt: '2030-06-30',
      };
      await client.createAttestation(entity, request);
      const [url, init] = fetch.mock.calls[0];
      expect(url).toBe(
        'http://backend/api/kube-security/entities/component/default/pay%20api/attestations',
      );
      expect(init?.method).toBe('POST');
      expect(JSON.parse(String(init?.body))).toEqual(request);
    });

    it('revokes exceptions and attestations by id with the reason', async () => {
      const { client, fetch } = clientWith(() => jsonResponse({ id: 1 }));
      await client.revokeException(12, 'The container was removed');
      await client.revokeAttestation(4, 'The SIEM contract ended');
      expect(
        fetch.mock.calls.map(([url, init]) => [
          url,
          init?.method,
          JSON.parse(String(init?.body)),
        ]),
      ).toEqual([
        [
          'http://backend/api/kube-security/exceptions/12/revoke',
          'POST',
          { reason: 'The container was removed' },
        ],
        [
          'http://backend/api/kube-security/attestations/4/revoke',
          'POST',
          { reason: 'The SIEM contract ended' },
        ],
      ]);
    });

    it('pages exceptions and the audit trail, with or without an entity', async () => {
      const { client, fetch } = clientWith(() => jsonResponse({ total: 0 }));
      await client.listExceptions({ offset: 0, limit: 25 });
      await client.getAuditTrail({
        offset: 10,
        limit: 10,
        entityRef: 'component:default/payments-api',
      });
      const [exceptions, audit] = fetch.mock.calls.map(c => new URL(c[0]));
      expect(exceptions.pathname).toBe('/api/kube-security/exceptions');
      expect(Object.fromEntries(exceptions.searchParams)).toEqual({
        offset: '0',
        limit: '25',
      });
      expect(audit.pathname).toBe('/api/kube-security/audit');
      expect(Object.fromEntries(audit.searchParams)).toEqual({
        offset: '10',
        limit: '10',
        entityRef: 'component:default/payments-api',
      });
    });

    it("keeps the server's validation message on a 400", async () => {
      const message =
        'Invalid exception: justification: must be at least 10 characters';
      const { client } = clientWith(() =>
        // As Backstage's error middleware sends it.
        jsonResponse(
          {
            error: { name: 'InputError', message },
            request: { method: 'POST', url: '/exceptions' },
            response: { statusCode: 400 },
          },
          400,
        ),
      );
      await expect(
        client.createException(entity, {
          scope: 'item',
          itemId: 'workload-admission-policy',
          justification: 'short',
          expiresAt: '2030-01-31',
        }),
      ).rejects.toMatchObject({
        name: 'ResponseError',
        response: { status: 400 },
        cause: { name: 'InputError', message },
      });
    });
  });
});
