import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import { applyMigrations } from '../database/migrations';
import { NotificationStore } from '../database/NotificationStore';
import { Notifier } from './Notifier';

/*
 * Issue 13, point 4: a notification is claimed, sent, then confirmed. A failed send is
 * retried; a claim that was never confirmed (the replica died while sending) is retried
 * after the lease runs out, and two replicas never send the same notification twice.
 */

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const MINUTE = 60_000;

/** A notifications service that fails the first `failures` sends. */
function flakyNotifications(failures: number): NotificationService & {
  sent: NotificationSendOptions[];
  attempts: number;
} {
  const service = {
    sent: [] as NotificationSendOptions[],
    attempts: 0,
    async send(options: NotificationSendOptions) {
      service.attempts++;
      if (service.attempts <= failures) {
        throw new Error('notifications backend answered 503');
      }
      service.sent.push(options);
    },
  };
  return service;
}

const CRITICAL = {
  findingId: 'f1',
  entityRef: 'component:default/web',
  entityTitle: 'Web',
  ownerRefs: ['group:default/team-a'],
  message: 'privileged container',
  cluster: 'c1',
};

async function setUp(id: TestDatabaseId) {
  const knex = await databases.init(id);
  await applyMigrations(knex);
  const clock = { now: new Date('2026-12-05T12:00:00Z') };
  const now = () => clock.now;
  const outbox = new NotificationStore(knex, now);
  const notifier = (notifications: NotificationService) =>
    new Notifier({
      notifications,
      ledger: outbox,
      logger: mockServices.logger.mock(),
      now,
      settings: {
        enabled: true,
        gradeDrop: true,
        newCriticalFindings: true,
        expiryReminderDays: 14,
      },
    });
  return { knex, clock, outbox, notifier };
}

describe('notification delivery', () => {
  it.each(databases.eachSupportedId())(
    'retries a send that failed, and confirms it once delivered, on %p',
    async (id: TestDatabaseId) => {
      const { notifier } = await setUp(id);
      const notifications = flakyNotifications(2);
      const n = notifier(notifications);
      expect(await n.newCriticalFindings([CRITICAL])).toBe(0);
      expect(notifications.sent).toEqual([]);
      // The next pass (the next scan, or the retry task) tries again.
      expect(await n.retryPending()).toBe(0);
      expect(await n.retryPending()).toBe(1);
      expect(notifications.sent).toHaveLength(1);
      expect(notifications.sent[0]).toMatchObject({
        recipients: { type: 'entity', entityRef: ['group:default/team-a'] },
        payload: { title: 'New critical security finding on Web' },
      });
      // Delivered: never again, whoever asks.
      expect(await n.retryPending()).toBe(0);
      expect(await n.newCriticalFindings([CRITICAL])).toBe(0);
      expect(notifications.attempts).toBe(3);
    },
  );

  it.each(databases.eachSupportedId())(
    'retries a claim never confirmed once its lease has run out, on %p',
    async (id: TestDatabaseId) => {
      const { clock, notifier } = await setUp(id);
      // A replica claims the notification and dies while sending it.
      const dying: NotificationService = {
        send: () => new Promise(() => {}),
      };
      void notifier(dying).newCriticalFindings([CRITICAL]);
      await new Promise(resolve => setTimeout(resolve, 200));

      const notifications = flakyNotifications(0);
      const survivor = notifier(notifications);
      clock.now = new Date(clock.now.getTime() + MINUTE);
      expect(await survivor.retryPending()).toBe(0);
      clock.now = new Date(clock.now.getTime() + 30 * MINUTE);
      expect(await survivor.retryPending()).toBe(1);
      expect(notifications.sent).toHaveLength(1);
    },
  );

  it.each(databases.eachSupportedId())(
    'sends once when two replicas retry at the same time, on %p',
    async (id: TestDatabaseId) => {
      const { notifier } = await setUp(id);
      await notifier(flakyNotifications(1)).newCriticalFindings([CRITICAL]);
      const notifications = flakyNotifications(0);
      const [a, b] = [notifier(notifications), notifier(notifications)];
      const sent = await Promise.all([a.retryPending(), b.retryPending()]);
      expect(sent[0] + sent[1]).toBe(1);
      expect(notifications.sent).toHaveLength(1);
    },
  );
});
