import { FakeKubernetesApiServer } from '../testing';
import { KubernetesApiCollector } from './KubernetesApiCollector';

// The first request loads @kubernetes/client-node, which takes seconds under jest.
jest.setTimeout(30_000);

const cronJob = {
  kind: 'CronJob',
  metadata: { name: 'nightly', namespace: 'ops' },
  spec: {
    schedule: '0 2 * * *',
    jobTemplate: {
      spec: {
        template: { spec: { containers: [{ name: 'job', image: 'busybox' }] } },
      },
    },
  },
};

/** Kubernetes before 1.21 serves CronJobs only at batch/v1beta1 (checked against a real 1.20). */
describe('KubernetesApiCollector on an older API server', () => {
  let api: FakeKubernetesApiServer;

  beforeAll(async () => {
    api = await FakeKubernetesApiServer.start({
      resources: [
        {
          kind: 'CronJob',
          group: 'batch',
          version: 'v1beta1',
          plural: 'cronjobs',
          namespaced: true,
        },
      ],
      objects: [cronJob],
    });
  });
  afterAll(() => api.stop());

  it('falls back to batch/v1beta1 for CronJobs and reads them', async () => {
    const collector = new KubernetesApiCollector([
      {
        name: 'old',
        url: api.url,
        serviceAccountToken: api.token,
        skipTLSVerify: true,
      },
    ]);
    const result = await collector.collect('old');
    expect(result.unreadable).toEqual([]);
    const cronJobs = result.objects!.filter(o => o.kind === 'CronJob');
    expect(cronJobs.map(o => [o.apiVersion, o.metadata.name])).toEqual([
      ['batch/v1beta1', 'nightly'],
    ]);
    expect(api.requests.map(r => r.path)).toEqual(
      expect.arrayContaining([
        '/apis/batch/v1/cronjobs',
        '/apis/batch/v1beta1/cronjobs',
      ]),
    );
  });
});
