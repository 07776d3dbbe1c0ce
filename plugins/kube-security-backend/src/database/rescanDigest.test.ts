import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import type { Finding } from '@kube-security/plugin-kube-security-common';
import { createHash } from 'crypto';
import {
  oneClusterStore,
  privilegedFinding,
} from '../__testUtils__/oneClusterStore';
import { rowWrites } from '../__testUtils__/rowWrites';
import { ScanResult } from './ScanStore';

/*
 * Issue 17 item 2: an identical rescan is decided from digests (one of the whole list,
 * one per finding) instead of the stored rows. Whatever column a finding's change
 * touches, the rescan still sees it and rewrites that row; and rows changed or deleted
 * by anything but a scan are not mistaken for the scan's.
 */
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const TIMEOUT = 60_000;

const finding = (i: number) => privilegedFinding(i);

const base = Array.from({ length: 30 }, (_, i) => finding(i));
const ownerOfBase = (f: Finding) => `component:default/${f.resource.name}`;

function scan(
  findings: Finding[],
  ownerOf: (f: Finding) => string | undefined = ownerOfBase,
): ScanResult {
  return {
    cluster: 'c1',
    status: 'ok',
    findings,
    coverage: [
      { itemId: 'workload-admission-policy', coverage: 'full', checksRun: [] },
    ],
    workloads: [],
    ownerOf,
    unreadable: [],
    notes: [],
    objectCount: findings.length,
  };
}

async function setUp(id: TestDatabaseId) {
  const knex = await databases.init(id);
  const { stores, writeScan: write } = await oneClusterStore(knex);
  const stored = async (findingId: string) =>
    (await stores.findings.findingById(findingId))!;
  return { knex, stores, write, stored };
}

/**
 * One finding changed in one field, what the stored finding must then show, and whether
 * the change can move its entity's plan (then the entity is listed for the recompute).
 */
const CHANGES: Array<{
  what: string;
  plan: boolean;
  change: (f: Finding) => Finding;
  check: (stored: Finding & { entityRef?: string }) => void;
}> = [
  {
    what: 'message',
    plan: false,
    change: f => ({ ...f, message: 'now worse' }),
    check: s => expect(s.message).toBe('now worse'),
  },
  {
    what: 'severity',
    plan: true,
    change: f => ({ ...f, severity: 'critical' }),
    check: s => expect(s.severity).toBe('critical'),
  },
  {
    what: 'status',
    plan: true,
    change: f => ({ ...f, status: 'warn' }),
    check: s => expect(s.status).toBe('warn'),
  },
  {
    what: 'a label value',
    plan: false,
    change: f => ({ ...f, labels: { app: 'renamed' } }),
    check: s => expect(s.labels).toEqual({ app: 'renamed' }),
  },
  {
    what: 'internet exposure',
    plan: true,
    change: f => ({ ...f, exposure: { internet: true, dataStore: false } }),
    check: s =>
      expect(s.exposure).toEqual({ internet: true, dataStore: false }),
  },
  {
    what: 'data store exposure',
    plan: true,
    change: f => ({ ...f, exposure: { internet: false, dataStore: true } }),
    check: s =>
      expect(s.exposure).toEqual({ internet: false, dataStore: true }),
  },
  {
    what: 'evidence path',
    plan: false,
    change: f => ({ ...f, evidencePath: 'spec.hostNetwork' }),
    check: s => expect(s.evidencePath).toBe('spec.hostNetwork'),
  },
  {
    what: 'standards',
    plan: false,
    change: f => ({ ...f, standards: ['cis-5.2.1', 'nsa-pods'] }),
    check: s => expect(s.standards).toEqual(['cis-5.2.1', 'nsa-pods']),
  },
  {
    what: 'granting binding',
    plan: true,
    change: f => ({ ...f, grant: { kind: 'ClusterRoleBinding', name: 'ops' } }),
    check: s =>
      expect(s.grant).toEqual({ kind: 'ClusterRoleBinding', name: 'ops' }),
  },
];

describe('rescans decided by digests', () => {
  it.each(databases.eachSupportedId())(
    'see a change in any one column of one finding, on %p',
    async (id: TestDatabaseId) => {
      const { knex, write, stored } = await setUp(id);
      await write(scan(base));
      let previous = base;
      for (const [n, { what, plan, change, check }] of CHANGES.entries()) {
        const next = previous.map(f => (f.id === 'f7' ? change(f) : f));
        const writes = rowWrites(knex);
        const summary = await write(scan(next));
        writes.stop();
        expect({ what, ...summary }).toMatchObject({
          what,
          inserted: 0,
          updated: 1,
          resolved: 0,
          changedEntityRefs: plan ? ['component:default/app-7'] : [],
        });
        expect(writes.rows('kube_security_findings')).toBe(1);
        const f7 = await stored('f7');
        check(f7);
        expect(f7.lastSeenAt).toBe(
          new Date(Date.UTC(2026, 10, 1, 2 + 2 * n)).toISOString(),
        );
        // And the same list again writes no finding.
        expect(await write(scan(next))).toMatchObject({
          updated: 0,
          inserted: 0,
        });
        previous = next;
      }
    },
    TIMEOUT,
  );

  it.each(databases.eachSupportedId())(
    'change nothing for the same content in another shape (key order, a field not stored), on %p',
    async (id: TestDatabaseId) => {
      const { knex, write } = await setUp(id);
      await write(scan(base));
      // What a caller gets back from the store: the same content, keys in another order
      // and the owner as a field; the digests differ, the rows must not be rewritten.
      const reshaped = base.map(
        (f): Finding =>
          ({
            ...(Object.fromEntries(Object.entries(f).reverse()) as Finding),
            entityRef: ownerOfBase(f),
          } as Finding & { entityRef?: string }),
      );
      const writes = rowWrites(knex);
      const summary = await write(scan(reshaped));
      writes.stop();
      expect(summary).toMatchObject({
        inserted: 0,
        updated: 0,
        resolved: 0,
        changedEntityRefs: [],
      });
      // Only the digests are brought up to date; the next such scan writes no finding.
      expect(writes.rows('kube_security_findings')).toBeLessThanOrEqual(
        base.length,
      );
      const again = rowWrites(knex);
      expect(await write(scan(reshaped))).toMatchObject({
        updated: 0,
        changedEntityRefs: [],
      });
      again.stop();
      expect(again.rows('kube_security_findings')).toBe(0);
    },
    TIMEOUT,
  );

  it.each(databases.eachSupportedId())(
    'see a changed owner, and the same findings in another order change nothing, on %p',
    async (id: TestDatabaseId) => {
      const { write, stored } = await setUp(id);
      await write(scan(base));
      const moved = await write(
        scan(base, f =>
          f.id === 'f3' ? 'component:default/other' : ownerOfBase(f),
        ),
      );
      expect(moved).toMatchObject({
        updated: 1,
        changedEntityRefs: [
          'component:default/app-3',
          'component:default/other',
        ],
      });
      expect((await stored('f3')).entityRef).toBe('component:default/other');

      // Reversed: the list digest differs, every finding's own digest does not.
      const reversed = await write(
        scan([...base].reverse(), f =>
          f.id === 'f3' ? 'component:default/other' : ownerOfBase(f),
        ),
      );
      expect(reversed).toMatchObject({ written: 30, updated: 0, inserted: 0 });
    },
    TIMEOUT,
  );

  it.each(databases.eachSupportedId())(
    'do not trust the list digest once a remap or a deletion changed the rows, on %p',
    async (id: TestDatabaseId) => {
      const { knex, stores, write, stored } = await setUp(id);
      await write(scan(base));

      // A catalog remap moves f5 to another owner; the scan's mapping still says app-5.
      await stores.scans.remap(
        () => undefined,
        f => (f.id === 'f5' ? 'component:default/other' : f.entityRef),
      );
      expect((await stored('f5')).entityRef).toBe('component:default/other');
      const back = await write(scan(base));
      expect(back).toMatchObject({ updated: 1, inserted: 0 });
      expect((await stored('f5')).entityRef).toBe('component:default/app-5');

      // A row deleted behind the store's back is written again by the same list.
      await knex('kube_security_findings').where({ id: 'f9' }).delete();
      const again = await write(scan(base));
      expect(again).toMatchObject({ inserted: 1, updated: 0 });
      expect(again.newFindingIds).toEqual(['f9']);

      // Twice the same id: written once, and the next identical list still sees one row.
      const twice = [...base, base[0]];
      expect(await write(scan(twice))).toMatchObject({
        written: 30,
        inserted: 0,
        updated: 0,
      });
      expect(await write(scan(twice))).toMatchObject({
        written: 30,
        inserted: 0,
        updated: 0,
      });
    },
    TIMEOUT,
  );

  it.each(databases.eachSupportedId())(
    "replace digests of the previous format without rewriting the rows' content, on %p",
    async (id: TestDatabaseId) => {
      const { knex, write, stored } = await setUp(id);
      await write(scan(base));
      // Rows and list as the previous format left them (JSON of the finding with its owner).
      const previous = (f: Finding) =>
        `s2:${createHash('sha256')
          .update(JSON.stringify([ownerOfBase(f), f]))
          .digest('base64url')}`.slice(0, 40);
      for (const f of base) {
        await knex('kube_security_findings')
          .where({ id: f.id })
          .update({ content_hash: previous(f) });
      }
      await knex('kube_security_clusters')
        .where({ name: 'c1' })
        .update({ findings_digest: 'l3:an-earlier-list-digest' });

      // One finding changed since: that row is rewritten, the others get their new digest.
      const next = base.map(f =>
        f.id === 'f4'
          ? { ...f, message: 'now worse', status: 'warn' as const }
          : f,
      );
      const writes = rowWrites(knex);
      const summary = await write(scan(next));
      writes.stop();
      expect(summary).toMatchObject({
        inserted: 0,
        updated: 1,
        resolved: 0,
        changedEntityRefs: ['component:default/app-4'],
      });
      expect((await stored('f4')).message).toBe('now worse');
      expect(writes.rows('kube_security_findings')).toBe(base.length);
      const digests = await knex('kube_security_findings').select(
        'content_hash',
      );
      expect(digests.every(d => d.content_hash.startsWith('s3:'))).toBe(true);

      // And the same list again reads no finding row and writes none.
      const again = rowWrites(knex);
      expect(await write(scan(next))).toMatchObject({
        updated: 0,
        inserted: 0,
      });
      again.stop();
      expect(again.rows('kube_security_findings')).toBe(0);
    },
    TIMEOUT,
  );
});
