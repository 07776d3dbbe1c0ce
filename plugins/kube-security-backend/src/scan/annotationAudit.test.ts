import type {
  AuditorService,
  AuditorServiceCreateEventOptions,
} from '@backstage/backend-plugin-api';
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { scanHarness } from '../__testUtils__/scanHarness';

/*
 * Exceptions that annotations declare are created and revoked by scans, not by a person:
 * the auditor hears of each sync that changed something, and of a sync that failed.
 */

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const ANNOTATION = 'kube-security.io/accept.privileged-container';

function recordingAuditor() {
  const events: Array<{
    eventId: string;
    status: string;
    meta: JsonObject;
    error?: string;
  }> = [];
  const auditor: AuditorService = {
    async createEvent(options: AuditorServiceCreateEventOptions) {
      const meta = options.meta ?? {};
      events.push({ eventId: options.eventId, status: 'initiated', meta });
      return {
        async success(params) {
          events.push({
            eventId: options.eventId,
            status: 'succeeded',
            meta: { ...meta, ...params?.meta },
          });
        },
        async fail(params) {
          events.push({
            eventId: options.eventId,
            status: 'failed',
            meta: { ...meta, ...params.meta },
            error: params.error.message,
          });
        },
      };
    },
  };
  return { auditor, events };
}

describe('auditor events for annotation exceptions', () => {
  afterEach(() => jest.restoreAllMocks());

  it.each(databases.eachSupportedId())(
    'reports the exceptions a scan creates or revokes, and a failed sync, on %p',
    async (id: TestDatabaseId) => {
      const { auditor, events } = recordingAuditor();
      const h = await scanHarness(databases, id, { auditor });
      const meta = {
        decisionType: 'exception',
        source: 'annotation',
        cluster: 'eks-prod-eu',
      };
      // The baseline scan created the exception the example's annotation declares.
      const declared = (await h.stores.decisions.activeExceptions()).filter(
        e => e.source === 'annotation',
      );
      expect(declared).toHaveLength(1);
      expect(events).toEqual([
        { eventId: 'decision-sync', status: 'initiated', meta },
        {
          eventId: 'decision-sync',
          status: 'succeeded',
          meta: { ...meta, created: 1, revoked: 0 },
        },
      ]);

      // Nothing changed: nothing to report.
      events.length = 0;
      expect((await h.services.scans.scan(h.source)).status).toBe('ok');
      expect(events).toEqual([]);

      // The annotation is gone: the next scan revokes its exception.
      const file = join(h.dir, 'workloads.yaml');
      writeFileSync(
        file,
        readFileSync(file, 'utf8')
          .split('\n')
          .filter(line => !line.includes(ANNOTATION))
          .join('\n'),
      );
      expect((await h.services.scans.scan(h.source)).status).toBe('ok');
      expect(events[1]).toEqual({
        eventId: 'decision-sync',
        status: 'succeeded',
        meta: { ...meta, created: 0, revoked: 1 },
      });

      // A sync that fails is reported as a failure, with the error.
      events.length = 0;
      jest
        .spyOn(h.stores.decisions, 'syncAnnotationExceptions')
        .mockRejectedValueOnce(new Error('sync broke'));
      expect((await h.services.scans.scan(h.source)).status).toBe('failed');
      expect(events).toEqual([
        { eventId: 'decision-sync', status: 'initiated', meta },
        {
          eventId: 'decision-sync',
          status: 'failed',
          meta,
          error: 'sync broke',
        },
      ]);
    },
    60_000,
  );
});
