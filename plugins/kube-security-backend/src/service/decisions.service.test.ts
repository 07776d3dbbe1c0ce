import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import type {
  KubeSecurityCollector,
  KubeObject,
} from '@kube-security/plugin-kube-security-node';
import { NotificationStore } from '../database/NotificationStore';
import { applyMigrations } from '../database/migrations';
import { storesFor } from '../database/stores';
import { Notifier } from '../notify/Notifier';
import { clusterSources } from '../scan/ScanService';
import { testServices } from '../__testUtils__/testServices';

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const TEAM = 'group:default/team-a';
const WEB = 'component:default/web';

const catalog: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-a', namespace: 'default' },
    spec: { type: 'team', children: [] },
    relations: [],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'web',
      namespace: 'default',
      annotations: { 'backstage.io/kubernetes-id': 'web' },
    },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
    relations: [{ type: 'ownedBy', targetRef: TEAM }],
  },
];

function deployment(
  name: string,
  privileged: boolean,
  annotations?: Record<string, string>,
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      namespace: 'shop',
      labels: { 'backstage.io/kubernetes-id': 'web' },
      ...(annotations ? { annotations } : {}),
    },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: {
          labels: { app: name, 'backstage.io/kubernetes-id': 'web' },
        },
        spec: {
          containers: [
            {
              name: 'app',
              image:
                'registry.example.com/web@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
              securityContext: { privileged },
            },
          ],
        },
      },
    },
  } as KubeObject;
}

/** A cluster whose objects the test changes between scans. */
function memoryCluster(objects: {
  current: KubeObject[];
}): KubeSecurityCollector {
  return {
    id: 'snapshot',
    listClusters: async () => [{ name: 'c1', provider: 'eks' }],
    collect: async () => ({ objects: objects.current, scope: 'manifests' }),
  };
}

/** Records what would be sent; the Notifier only sees the NotificationService interface. */
function recordingNotifications(): NotificationService & {
  sent: NotificationSendOptions[];
} {
  const sent: NotificationSendOptions[] = [];
  return { sent, send: async options => void sent.push(options) };
}

async function setUp(id: TestDatabaseId) {
  const knex = await databases.init(id);
  await applyMigrations(knex);
  const clock = { now: new Date('2026-11-01T10:00:00Z') };
  const now = () => clock.now;
  const stores = storesFor(knex, { now });
  const store = stores.scans;
  const decisions = stores.decisions;
  const notifications = recordingNotifications();
  const logger = mockServices.logger.mock();
  const notifier = new Notifier({
    notifications,
    ledger: stores.notifications,
    logger,
    now,
    settings: {
      enabled: true,
      gradeDrop: true,
      newCriticalFindings: true,
      expiryReminderDays: 14,
    },
  });
  const services = testServices({
    stores,
    notifier,
    logger,
    loadEntities: async () => catalog,
    now,
  });
  const objects = { current: [deployment('web', false)] };
  const [source] = await clusterSources([memoryCluster(objects)]);
  await store.registerClusters([
    { name: 'c1', provider: 'eks', source: 'snapshot' },
  ]);
  await services.refreshCatalog();
  return {
    clock,
    store,
    stores,
    decisions,
    notifications,
    services,
    objects,
    source,
  };
}

const privilegedItem = 'workload-admission-policy';

describe('decisions over time', () => {
  it.each(databases.eachSupportedId())(
    'tells the owners about a new critical finding once, never on the baseline scan, on %p',
    async id => {
      const { notifications, services, objects, source } = await setUp(id);
      objects.current = [deployment('web', true)];
      await services.scans.scan(source); // the cluster's first scan: its baseline
      expect(
        notifications.sent.filter(n => n.payload.severity === 'critical'),
      ).toEqual([]);

      objects.current = [
        deployment('web', true),
        deployment('web-canary', true),
      ];
      await services.scans.scan(source);
      const critical = notifications.sent.filter(
        n => n.payload.severity === 'critical',
      );
      expect(critical).toEqual([
        {
          recipients: { type: 'entity', entityRef: [TEAM] },
          payload: expect.objectContaining({
            title: 'New critical security finding on web',
            link: '/catalog/default/component/web/kube-security',
            topic: 'kube-security',
          }),
        },
      ]);
      await services.scans.scan(source); // a rescan with the same finding says nothing new
      expect(
        notifications.sent.filter(n => n.payload.severity === 'critical'),
      ).toHaveLength(1);
    },
  );

  it.each(databases.eachSupportedId())(
    'reminds before expiry, then lets the exception lapse so the item fails again, on %p',
    async id => {
      const {
        clock,
        stores,
        decisions,
        notifications,
        services,
        objects,
        source,
      } = await setUp(id);
      objects.current = [deployment('web', true)];
      await services.scans.scan(source);
      const webEntity = catalog[1];
      const failing = await services.plans.entityPlan(webEntity);
      expect(
        failing.plan.items.find(i => i.itemId === privilegedItem)!.status,
      ).toBe('fail');
      const teamBefore = (await stores.aggregates.teamRollup(TEAM))!.summary
        .score.value;

      await services.decisions.createException(
        webEntity,
        {
          scope: 'item',
          itemId: privilegedItem,
          justification: 'Node agent needs it until the eBPF rewrite lands',
          expiresAt: '2026-11-30',
        },
        'user:default/ana',
      );
      await services.recompute.run();
      const accepted = await services.plans.entityPlan(webEntity);
      expect(
        accepted.plan.items.find(i => i.itemId === privilegedItem)!.status,
      ).toBe('accepted');
      expect(
        (await stores.aggregates.teamRollup(TEAM))!.summary.score.value,
      ).not.toBe(teamBefore);

      // 20 days before expiry: nothing yet; 13 days before: one reminder, only once.
      clock.now = new Date('2026-11-10T10:00:00Z');
      expect(await services.decisions.checkDecisions(14)).toEqual({
        expired: 0,
        reminded: 0,
      });
      clock.now = new Date('2026-11-17T10:00:00Z');
      expect(await services.decisions.checkDecisions(14)).toEqual({
        expired: 0,
        reminded: 1,
      });
      expect(await services.decisions.checkDecisions(14)).toEqual({
        expired: 0,
        reminded: 0,
      });
      const reminder = notifications.sent.find(n =>
        n.payload.title.startsWith(
          'Accepted risk on web expires on 2026-11-30',
        ),
      );
      expect(reminder?.recipients).toEqual({
        type: 'entity',
        entityRef: [TEAM],
      });

      // The day after the expiry date the item fails again, and the expiry is on record.
      clock.now = new Date('2026-12-01T00:00:01Z');
      expect(await services.decisions.checkDecisions(14)).toEqual({
        expired: 1,
        reminded: 0,
      });
      const lapsed = await services.plans.entityPlan(webEntity);
      expect(
        lapsed.plan.items.find(i => i.itemId === privilegedItem)!.status,
      ).toBe('fail');
      expect(lapsed.plan.score).toEqual(failing.plan.score);
      expect(
        (await stores.aggregates.teamRollup(TEAM))!.summary.score.value,
      ).toBe(teamBefore);
      const [latest] = (await decisions.auditTrail({ offset: 0, limit: 1 }))
        .events;
      expect(latest).toMatchObject({
        action: 'exception.expire',
        actor: 'system',
        entityRef: WEB,
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'honours a valid accept annotation and reports one that expired, on %p',
    async id => {
      const { decisions, services, objects, source, store } = await setUp(id);
      objects.current = [
        deployment('web', true, {
          'kube-security.io/accept.privileged-container':
            'Vendor agent needs host access; expires=2026-12-31',
        }),
        deployment('web-old', true, {
          'kube-security.io/accept.privileged-container':
            'Old exception nobody renewed; expires=2026-10-01',
        }),
      ];
      await services.scans.scan(source);
      const [exception] = await decisions.activeExceptions();
      expect(exception).toMatchObject({
        entityRef: WEB,
        source: 'annotation',
        scope: 'check',
        checkId: 'workload-admission-policy/privileged-container',
        resource: {
          cluster: 'c1',
          kind: 'Deployment',
          namespace: 'shop',
          name: 'web',
        },
        justification: 'Vendor agent needs host access',
      });
      // Valid through the day the annotation names, like an expiry picked in the UI.
      expect(exception.expiresAt).toBe('2026-12-31T23:59:59.999Z');
      const plan = await services.plans.entityPlan(catalog[1]);
      const item = plan.plan.items.find(i => i.itemId === privilegedItem)!;
      const onWeb = item.findings.find(f => f.resource.name === 'web')!;
      const onOld = item.findings.find(f => f.resource.name === 'web-old')!;
      expect(onWeb.accepted).toMatchObject({
        source: 'annotation',
        exceptionId: exception.id,
      });
      expect(onOld.accepted).toBeUndefined();
      expect(item.status).toBe('fail');

      const [cluster] = await store.listClusters();
      const notes: string[] = JSON.parse(
        (
          await store
            .db('kube_security_scans')
            .where({ id: cluster.lastScan!.id })
            .first()
        ).notes,
      );
      expect(notes.join('\n')).toMatch(
        /web-old[\s\S]*kube-security\.io\/accept\.privileged-container[\s\S]*expired/,
      );

      // Removing the annotation revokes the exception at the next scan.
      objects.current = [deployment('web', true)];
      await services.scans.scan(source);
      expect(await decisions.activeExceptions()).toEqual([]);
    },
  );
});

describe('Notifier', () => {
  it.each(databases.eachSupportedId())(
    'tells a team its grade dropped, once, and never when the switch is off, on %p',
    async id => {
      const knex = await databases.init(id);
      await applyMigrations(knex);
      const ledger = new NotificationStore(
        knex,
        () => new Date('2026-11-01T10:00:00Z'),
      );
      const notifications = recordingNotifications();
      const settings = {
        enabled: true,
        gradeDrop: true,
        newCriticalFindings: true,
        expiryReminderDays: 14,
      };
      const notifier = new Notifier({
        notifications,
        ledger,
        logger: mockServices.logger.mock(),
        settings,
        now: () => new Date('2026-11-01T10:00:00Z'),
      });
      const changes = [
        {
          teamRef: TEAM,
          title: 'Team A',
          before: 'B' as const,
          after: 'D' as const,
          score: 62,
        },
        {
          teamRef: 'group:default/team-b',
          title: 'Team B',
          before: 'C' as const,
          after: 'A' as const,
          score: 95,
        },
        {
          teamRef: 'group:default/team-c',
          title: 'Team C',
          before: null,
          after: 'F' as const,
          score: 10,
        },
      ];
      expect(await notifier.gradeChanges(changes)).toBe(1);
      expect(await notifier.gradeChanges(changes)).toBe(0);
      expect(notifications.sent).toEqual([
        {
          recipients: { type: 'entity', entityRef: [TEAM] },
          payload: expect.objectContaining({
            title: 'Security grade of Team A dropped from B to D',
            link: '/kube-security/teams/default/team-a',
          }),
        },
      ]);

      const off = recordingNotifications();
      const silent = new Notifier({
        notifications: off,
        ledger,
        logger: mockServices.logger.mock(),
        settings: { ...settings, enabled: false },
      });
      expect(
        await silent.gradeChanges([
          { ...changes[0], teamRef: 'group:default/team-d' },
        ]),
      ).toBe(0);
      expect(off.sent).toEqual([]);
    },
  );
});
