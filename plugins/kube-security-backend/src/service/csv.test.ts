import { PassThrough, Writable } from 'stream';
import type { StoredFinding } from '../database/FindingStore';
import { CsvOwnersOf, writeFindingsCsv } from './csv';

function finding(i: number, over: Partial<StoredFinding> = {}): StoredFinding {
  return {
    id: `f${i}`,
    checkId: 'privileged-container',
    itemId: 'workload-rbac-least-privilege',
    category: 'workload',
    status: 'fail',
    severity: 'high',
    message: 'runs privileged',
    resource: {
      cluster: 'c1',
      kind: 'Deployment',
      namespace: 'ns',
      name: `app-${i}`,
    },
    firstSeenAt: '2026-12-01T00:00:00.000Z',
    lastSeenAt: '2026-12-01T00:00:00.000Z',
    entityRef: 'component:default/app',
    ...over,
  };
}

/** Pages of findings that count how many were pulled and whether the reader stopped. */
function countedPages(pageCount: number, perPage: number) {
  const state = { pulled: 0, finished: false };
  async function* pages(): AsyncGenerator<StoredFinding[]> {
    try {
      for (let p = 0; p < pageCount; p++) {
        state.pulled++;
        yield Array.from({ length: perPage }, (_, i) =>
          finding(p * perPage + i),
        );
      }
    } finally {
      state.finished = true;
    }
  }
  return { state, pages: pages() };
}

async function collect(
  pages: AsyncIterable<StoredFinding[]>,
  ownersOf?: CsvOwnersOf,
): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', c => chunks.push(c));
  await writeFindingsCsv(pages, [], out, ownersOf);
  out.end();
  return Buffer.concat(chunks).toString('utf8');
}

const tick = () => new Promise(resolve => setTimeout(resolve, 5));

describe('writeFindingsCsv', () => {
  it('escapes cells a spreadsheet would read as a formula', async () => {
    async function* pages() {
      yield [
        finding(1, {
          message: '=HYPERLINK("https://evil.example","x")',
          resource: {
            cluster: '+cmd',
            kind: 'Deployment',
            namespace: '-2+3',
            name: '@SUM(A1)',
            container: '\tTAB',
          },
          evidencePath: '\rCR',
        }),
      ];
    }
    const text = await collect(pages());
    const row = text.split('\n')[1];
    expect(row).toContain(`"'=HYPERLINK(""https://evil.example"",""x"")"`);
    expect(row).toContain(`'+cmd`);
    expect(row).toContain(`'-2+3`);
    expect(row).toContain(`'@SUM(A1)`);
    expect(row).toContain(`'\tTAB`);
    expect(text).toContain(`'\rCR`);
    // Ordinary values are not touched.
    expect(row).toContain(',Deployment,');
    expect(row).toContain(',component:default/app,'.slice(1));
    expect(row.startsWith('component:default/app,')).toBe(true);
  });

  it("gives each finding its entity's owners and teams", async () => {
    async function* pages() {
      yield [
        finding(1),
        finding(2, { entityRef: undefined }),
        finding(3, { entityRef: 'component:default/other' }),
      ];
    }
    const text = await collect(pages(), ref =>
      ref === 'component:default/app'
        ? {
            owners: ['group:default/payments', 'user:default/ann'],
            teams: ['Payments, "core"'],
          }
        : undefined,
    );
    const [header, owned, unowned, unknown] = text.trim().split('\n');
    expect(header.startsWith('entity,owner,team,cluster,')).toBe(true);
    expect(owned).toContain(
      'component:default/app,group:default/payments; user:default/ann,"Payments, ""core""",c1,',
    );
    expect(unowned.startsWith('(unowned),,,c1,')).toBe(true);
    expect(unknown.startsWith('component:default/other,,,c1,')).toBe(true);
  });

  it('escapes an owner or team a spreadsheet would read as a formula', async () => {
    async function* pages() {
      yield [finding(1)];
    }
    const text = await collect(pages(), () => ({
      owners: ['=cmd|x'],
      teams: ['@team'],
    }));
    const row = text.trim().split('\n')[1];
    expect(row).toContain(`,'=cmd|x,'@team,`);
  });

  it('writes the header and every row of every page', async () => {
    const { pages, state } = countedPages(3, 4);
    const text = await collect(pages);
    const lines = text.trim().split('\n');
    expect(lines[0].split(',')[0]).toBe('entity');
    expect(lines).toHaveLength(1 + 12);
    expect(state.finished).toBe(true);
  });

  it('reads the next page only when the client has taken the previous one', async () => {
    const { pages, state } = countedPages(50, 20);
    const pending: Array<() => void> = [];
    let bytes = 0;
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk, _enc, done) {
        bytes += chunk.length;
        pending.push(done);
      },
    });
    const run = writeFindingsCsv(pages, [], slow);
    for (let i = 0; i < 10; i++) await tick();
    // The client took nothing yet: at most a page beyond what fills its buffer was read.
    expect(state.pulled).toBeLessThanOrEqual(2);
    // Let it drain: every page arrives.
    const release = setInterval(() => pending.splice(0).forEach(d => d()), 1);
    await run;
    clearInterval(release);
    pending.splice(0).forEach(d => d());
    expect(state.pulled).toBe(50);
    expect(bytes).toBeGreaterThan(50 * 20 * 50);
  });

  it('stops reading when the client goes away', async () => {
    const { pages, state } = countedPages(1000, 20);
    const stalled = new Writable({
      highWaterMark: 1024,
      write(_chunk, _enc, _done) {
        // never completes: the client stopped reading
      },
    });
    const run = writeFindingsCsv(pages, [], stalled);
    for (let i = 0; i < 5; i++) await tick();
    stalled.destroy();
    await expect(run).resolves.toBeUndefined();
    expect(state.finished).toBe(true);
    expect(state.pulled).toBeLessThanOrEqual(3);
  });
});
