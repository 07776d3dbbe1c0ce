import { FakeKubernetesApiServer } from './FakeKubernetesApiServer';

describe('FakeKubernetesApiServer', () => {
  let server: FakeKubernetesApiServer;

  beforeEach(async () => {
    server = await FakeKubernetesApiServer.start({
      token: 't0k',
      objects: [
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'a', namespace: 'x' },
        },
        { kind: 'Pod', metadata: { name: 'b', namespace: 'y' } },
        { kind: 'Pod', metadata: { name: 'c', namespace: 'x' } },
        { kind: 'ClusterRole', metadata: { name: 'admin' } },
      ],
    });
  });

  afterEach(async () => {
    await server.stop();
  });

  async function get(path: string, token = 't0k') {
    const response = await fetch(`${server.url}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      body: (await response.json()) as any,
    };
  }

  it('listens on 127.0.0.1 on a random port', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves lists like the API: items without apiVersion and kind', async () => {
    const { status, body } = await get('/api/v1/pods');
    expect(status).toBe(200);
    expect(body.kind).toBe('PodList');
    expect(body.apiVersion).toBe('v1');
    expect(body.items.map((i: any) => i.metadata.name)).toEqual([
      'a',
      'b',
      'c',
    ]);
    expect(body.items[0].kind).toBeUndefined();
    expect(body.items[0].apiVersion).toBeUndefined();
    expect(body.metadata.continue).toBeUndefined();

    const roles = await get('/apis/rbac.authorization.k8s.io/v1/clusterroles');
    expect(roles.body.kind).toBe('ClusterRoleList');
    expect(roles.body.apiVersion).toBe('rbac.authorization.k8s.io/v1');
  });

  it('serves namespaced paths', async () => {
    const { body } = await get('/api/v1/namespaces/x/pods');
    expect(body.items.map((i: any) => i.metadata.name)).toEqual(['a', 'c']);
  });

  it('pages with limit and opaque continue tokens', async () => {
    const first = await get('/api/v1/pods?limit=2');
    expect(first.body.items).toHaveLength(2);
    expect(first.body.metadata.remainingItemCount).toBe(1);
    const token = first.body.metadata.continue;
    expect(token).toEqual(expect.any(String));

    const second = await get(`/api/v1/pods?limit=2&continue=${token}`);
    expect(second.body.items.map((i: any) => i.metadata.name)).toEqual(['c']);
    expect(second.body.metadata.continue).toBeUndefined();
    expect(server.requests.map(r => r.page)).toEqual([1, 2]);

    // A token is only valid for the list it came from.
    const misused = await get(
      `/apis/rbac.authorization.k8s.io/v1/clusterroles?continue=${token}`,
    );
    expect(misused.status).toBe(400);
    expect((await get('/api/v1/pods?continue=garbage')).status).toBe(400);
  });

  it('rejects a wrong or missing token with 401', async () => {
    expect((await get('/api/v1/pods', 'wrong')).status).toBe(401);
    server.setToken('new');
    expect((await get('/api/v1/pods')).status).toBe(401);
    expect((await get('/api/v1/pods', 'new')).status).toBe(200);
  });

  it('answers 404 for resources it does not serve', async () => {
    expect((await get('/apis/example.com/v1/widgets')).status).toBe(404);
    expect((await get('/api/v1/namespaces/x/nodes')).status).toBe(404);
  });

  it('applies faults by kind or path, a limited number of times', async () => {
    server.addFault('Pod', {
      type: 'status',
      status: 429,
      retryAfterSeconds: 2,
      times: 1,
    });
    server.addFault('/apis/rbac.authorization.k8s.io/v1/clusterroles', {
      type: 'status',
      status: 403,
      message: 'no',
    });
    const throttled = await get('/api/v1/namespaces/x/pods');
    expect(throttled.status).toBe(429);
    expect(throttled.retryAfter).toBe('2');
    expect(throttled.body).toMatchObject({
      kind: 'Status',
      code: 429,
      reason: 'TooManyRequests',
    });
    expect((await get('/api/v1/pods')).status).toBe(200);

    const forbidden = await get(
      '/apis/rbac.authorization.k8s.io/v1/clusterroles',
    );
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.message).toBe('no');
    expect(
      (await get('/apis/rbac.authorization.k8s.io/v1/clusterroles')).status,
    ).toBe(403);
  });

  it('fails only after a given page', async () => {
    server.addFault('Pod', { type: 'status', status: 500, afterPage: 1 });
    const first = await get('/api/v1/pods?limit=1');
    expect(first.status).toBe(200);
    const second = await get(
      `/api/v1/pods?limit=1&continue=${first.body.metadata.continue}`,
    );
    expect(second.status).toBe(500);
  });

  it('expires continue tokens with 410 but serves first pages', async () => {
    server.addFault('Pod', { type: 'expire-continue' });
    const first = await get('/api/v1/pods?limit=1');
    expect(first.status).toBe(200);
    const second = await get(
      `/api/v1/pods?limit=1&continue=${first.body.metadata.continue}`,
    );
    expect(second.status).toBe(410);
  });

  it('delays answers and drops connections', async () => {
    server.addFault('Pod', { type: 'delay', ms: 5000 });
    await expect(
      fetch(`${server.url}/api/v1/pods`, {
        headers: { authorization: 'Bearer t0k' },
        signal: AbortSignal.timeout(100),
      }),
    ).rejects.toThrow();

    server.clearFaults();
    server.addFault('Pod', { type: 'reset', times: 1 });
    await expect(get('/api/v1/pods')).rejects.toThrow();
    expect((await get('/api/v1/pods')).status).toBe(200);
  });

  it('logs requests and finds them by kind or path', async () => {
    await get('/api/v1/pods?limit=5');
    await get('/api/v1/namespaces/x/pods');
    await get('/apis/rbac.authorization.k8s.io/v1/clusterroles');
    expect(server.requestsTo('Pod').map(r => r.path)).toEqual([
      '/api/v1/pods',
      '/api/v1/namespaces/x/pods',
    ]);
    expect(server.requestsTo('/api/v1/pods')[0]).toMatchObject({
      method: 'GET',
      query: { limit: '5' },
      status: 200,
      page: 1,
      receivedAt: expect.any(Number),
    });
    server.clearRequests();
    expect(server.requests).toEqual([]);
  });

  it('rejects seeds of unknown kinds unless their resource is declared', async () => {
    expect(() =>
      server.seed([{ kind: 'Widget', metadata: { name: 'w' } }]),
    ).toThrow(/unknown kind Widget/);
    const custom = await FakeKubernetesApiServer.start({
      resources: [
        {
          kind: 'Widget',
          group: 'example.com',
          version: 'v1',
          plural: 'widgets',
          namespaced: true,
        },
      ],
      objects: [{ kind: 'Widget', metadata: { name: 'w', namespace: 'x' } }],
    });
    try {
      const response = await fetch(
        `${custom.url}/apis/example.com/v1/widgets`,
        {
          headers: { authorization: `Bearer ${custom.token}` },
        },
      );
      const body = (await response.json()) as any;
      expect(body.items.map((i: any) => i.metadata.name)).toEqual(['w']);
    } finally {
      await custom.stop();
    }
  });

  it('writes a kubeconfig pointing at itself', () => {
    const config = JSON.parse(server.kubeconfig({ context: 'c1' }));
    expect(config['current-context']).toBe('c1');
    expect(config.clusters[0].cluster.server).toBe(server.url);
    expect(config.users[0].user.token).toBe('t0k');
  });
});
