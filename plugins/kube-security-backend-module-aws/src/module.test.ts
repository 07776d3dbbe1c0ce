import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// The acceptance test runs the real backend plugin with this module.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import kubeSecurityPlugin from '@kube-security/plugin-kube-security-backend';
import type {
  ClustersResponse,
  EntityPlanResponse,
} from '@kube-security/plugin-kube-security-common';
import request from 'supertest';
import { FakeAwsServer } from './__testUtils__/FakeAwsServer';
import { ACCOUNT, REGION, exampleState } from './__testUtils__/scenario';
import kubeSecurityModuleAws from './index';

const user = mockCredentials.user.header();

type JsonObject = NonNullable<ConstructorParameters<typeof ConfigReader>[0]>;
type Entity = NonNullable<
  NonNullable<Parameters<typeof catalogServiceMock.factory>[0]>['entities']
>[number];

/** The cluster's Resource and its owner, with the relations the catalog would add. */
const catalog: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'platform', namespace: 'default' },
    spec: { type: 'team', children: [] },
    relations: [],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'payments-prod',
      namespace: 'default',
      annotations: {
        'kube-security.io/cluster': 'payments',
        'kube-security.io/provider': 'eks',
      },
    },
    spec: { type: 'kubernetes-cluster', owner: 'platform' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/platform' }],
  },
];

/** Credentials for the SDK's default chain, taken from the environment. */
const ENV = {
  AWS_ACCESS_KEY_ID: FakeAwsServer.ACCESS_KEY_ID,
  AWS_SECRET_ACCESS_KEY: FakeAwsServer.SECRET_ACCESS_KEY,
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_CONFIG_FILE: '/nonexistent/aws-config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
};
const saved: Record<string, string | undefined> = {};

beforeAll(() => {
  for (const [key, value] of Object.entries(ENV)) {
    saved[key] = process.env[key];
    process.env[key] = value;
  }
});

afterAll(() => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

function backend(kubeSecurity: JsonObject) {
  return startTestBackend({
    features: [
      kubeSecurityPlugin,
      kubeSecurityModuleAws,
      catalogServiceMock.factory({ entities: catalog }),
      mockServices.rootConfig.factory({ data: { kubeSecurity } }),
      mockServices.scheduler.factory({
        includeInitialDelayedTasksOnStartup: true,
      }),
    ],
  });
}

describe('kube-security backend module aws', () => {
  let fake: FakeAwsServer;

  beforeEach(async () => {
    fake = await FakeAwsServer.start(exampleState());
  });

  afterEach(async () => {
    await fake.stop();
  });

  it('shows a public EKS endpoint and missing audit logs as failing items with the EKS steps', async () => {
    const started = await backend({
      aws: {
        accounts: [
          {
            accountId: ACCOUNT,
            region: REGION,
            endpoint: fake.url,
            clusters: [{ name: 'payments', eksClusterName: 'payments-prod' }],
          },
        ],
      },
    });
    const { server } = started;
    try {
      const clusters = (
        await request(server)
          .get('/api/kube-security/clusters')
          .set('Authorization', user)
      ).body as ClustersResponse;
      expect(clusters.clusters).toEqual([
        expect.objectContaining({
          name: 'payments',
          provider: 'eks',
          source: 'aws',
          stale: false,
          lastScan: expect.objectContaining({ status: 'ok' }),
        }),
      ]);

      const response = await request(server)
        .get('/api/kube-security/entities/resource/default/payments-prod/plan')
        .set('Authorization', user);
      expect(response.status).toBe(200);
      const body = response.body as EntityPlanResponse;
      expect(body.mapped).toBe(true);
      expect(body.provider).toBe('eks');
      expect(body.plan.provider).toBe('eks');

      const item = (id: string) => body.plan.items.find(i => i.itemId === id);
      expect(item('cluster-private-access')).toMatchObject({
        status: 'fail',
        findings: expect.arrayContaining([
          expect.objectContaining({
            checkId: 'cluster-private-access/public-endpoint',
            status: 'fail',
            evidencePath: 'cluster.resourcesVpcConfig.publicAccessCidrs',
          }),
        ]),
      });
      expect(item('cluster-audit-logging')).toMatchObject({
        status: 'fail',
        findings: [
          expect.objectContaining({
            checkId: 'cluster-audit-logging/control-plane-audit-logs',
            status: 'fail',
            resource: expect.objectContaining({ name: 'payments-prod' }),
          }),
        ],
      });
      // Account facts reach the plan too.
      expect(item('cloud-mfa-enforced')?.status).toBe('fail');

      // The SDK found the credentials through its default chain (the environment).
      expect(fake.calls('eks:DescribeCluster')).toHaveLength(1);
      expect(new Set(fake.requests.map(r => r.accessKeyId))).toEqual(
        new Set([FakeAwsServer.ACCESS_KEY_ID]),
      );
    } finally {
      await started.stop();
    }
  }, 60_000);

  it('records a denied fact as a partial scan naming the permission', async () => {
    fake.fail('iam:ListUsers', 'denied');
    const started = await backend({
      aws: {
        accounts: [
          {
            region: REGION,
            endpoint: fake.url,
            clusters: [{ name: 'payments', eksClusterName: 'payments-prod' }],
          },
        ],
      },
    });
    const { server } = started;
    try {
      const clusters = (
        await request(server)
          .get('/api/kube-security/clusters')
          .set('Authorization', user)
      ).body as ClustersResponse;
      expect(clusters.clusters[0].lastScan).toMatchObject({
        status: 'partial',
        unreadableKinds: ['aws:iam:ListUsers'],
      });
      const plan = (
        await request(server)
          .get(
            '/api/kube-security/entities/resource/default/payments-prod/plan',
          )
          .set('Authorization', user)
      ).body as EntityPlanResponse;
      // Without the IAM users the MFA item has no evidence: never a pass.
      expect(
        plan.plan.items.find(i => i.itemId === 'cloud-mfa-enforced')?.status,
      ).toBe('unknown');
    } finally {
      await started.stop();
    }
  }, 60_000);

  it('adds nothing without kubeSecurity.aws', async () => {
    const started = await backend({});
    const { server } = started;
    try {
      const clusters = (
        await request(server)
          .get('/api/kube-security/clusters')
          .set('Authorization', user)
      ).body as ClustersResponse;
      expect(clusters.clusters).toEqual([]);
      expect(fake.requests).toEqual([]);
    } finally {
      await started.stop();
    }
  }, 60_000);

  it('refuses to start with an invalid account, naming the key', async () => {
    await expect(
      backend({
        aws: {
          accounts: [
            {
              region: 'eu-west-1',
              clusters: [{ name: 'payments', eksClusterName: 'bad name' }],
            },
          ],
        },
      }),
    ).rejects.toThrow(
      /kubeSecurity\.aws\.accounts\[0\]\.clusters\[0\]\.eksClusterName/,
    );
  }, 60_000);
});
