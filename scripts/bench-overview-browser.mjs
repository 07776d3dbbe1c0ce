// Browser benchmark of the Kube Security overview (issue 17 item 5): the real demo backend
// (packages/backend, serving the production build of packages/app) with the store
// benchmark's synthetic organisation in its catalog (1,000 teams and 20,000 Components,
// plugins/kube-security-backend/bench/orgCatalog.ts), opened in Debian's Chromium through
// playwright-core. For the overview and, as the reference, the stock Backstage catalog page
// (/catalog), measured alternately in the same run, it prints the time from navigation to
// the first rendered row and the page's JS heap after it settled, with their ratios (and,
// for the overview, when its tree had every team, since it shows the top of the tree first).
//
//   node scripts/bench-overview-browser.mjs [--teams 1000] [--components 20000]
//        [--runs 5] [--port 7300] [--profile both|kept|private] [--json]
//        [--trace overview-trace.json]
//
// --profile says which browser the pages open in; each is measured on its own, one after the
// other, with the same backend:
//   kept     a browser profile on disk, as a returning user's browser: the HTTP cache and
//            V8's code cache (the compiled scripts, which Chromium keeps for scripts run
//            twice) both serve the later visits;
//   private  an off-the-record context, as a private window (what the runs recorded before
//            2026-12-06 12:00 used): the HTTP cache serves the later visits, but every visit
//            compiles the scripts again, since such a context keeps no code cache;
//   both     (the default) kept, then private.
//
// --trace writes a Chrome performance trace of one more overview visit after the first
// profile's measured runs (open it in DevTools' Performance panel or https://ui.perfetto.dev; summarise it with
// `node scripts/trace-critical-path.mjs <file>`): the main thread, the network and V8's
// samples from navigation to the page settling.
//
// Needs `yarn workspace app build` first (packages/app/dist); ports 3000/7007 stay free
// for the e2e test. Nothing is asserted: the figures go to docs/benchmarks.md.
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  openSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The browser profiles --profile chooses between, and which it measures in turn. */
const PROFILES = {
  kept: ['kept'],
  private: ['private'],
  both: ['kept', 'private'],
};

/** What each profile is, for the printed figures. */
const PROFILE_TITLES = {
  kept: 'kept browser profile (HTTP and V8 code cache, a returning user)',
  private:
    'private context (HTTP cache only, every visit compiles the scripts)',
};

function parseArgs(argv) {
  const args = {
    teams: 1000,
    components: 20000,
    runs: 5,
    port: 7300,
    json: false,
    trace: undefined,
    profile: 'both',
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--json') {
      args.json = true;
      continue;
    }
    if (flag === '--trace') {
      const file = argv[++i];
      if (!file || file.startsWith('--')) {
        throw new Error('--trace needs the file to write the trace to');
      }
      args.trace = resolve(file);
      continue;
    }
    if (flag === '--profile') {
      const profile = argv[++i];
      if (!PROFILES[profile]) {
        throw new Error(
          `--profile takes ${Object.keys(PROFILES).join(', ')}, not ${
            profile ?? 'nothing'
          }`,
        );
      }
      args.profile = profile;
      continue;
    }
    const key = flag.replace(/^--/, '');
    const value = Number(argv[++i]);
    if (!(key in args) || !Number.isInteger(value) || value < 1) {
      throw new Error(
        `bad option ${flag} ${argv[i] ?? ''} (see the header of this script)`,
      );
    }
    args[key] = value;
  }
  return args;
}

const args = parseArgs(process.argv.slice(2));
const BASE = `http://localhost:${args.port}`;
const log = message => process.stderr.write(`${message}\n`);
const load = () =>
  loadavg()
    .map(l => l.toFixed(1))
    .join(' ');

const dist = join(ROOT, 'packages', 'app', 'dist', 'index.html');
if (!existsSync(dist)) {
  log(
    'bench: packages/app/dist is missing; run `yarn workspace app build` first',
  );
  process.exit(2);
}
log(`bench: app build from ${statSync(dist).mtime.toISOString()}`);

// 1. The catalog: the synthetic organisation, and one small example cluster so that the
//    overview has a cluster to show (its findings belong to no synthetic team).
const work = mkdtempSync(join(tmpdir(), 'ks-browser-bench-'));
const orgFile = join(work, 'org.yaml');
const generated = spawnSync(
  process.execPath,
  [
    '--require',
    '@backstage/cli/config/nodeTransform.cjs',
    'bench/orgCatalog.ts',
    String(args.teams),
    String(args.components),
    orgFile,
  ],
  { cwd: join(ROOT, 'plugins', 'kube-security-backend'), encoding: 'utf8' },
);
if (generated.status !== 0) throw new Error(generated.stderr);
log(`bench: catalog of ${generated.stdout.trim()}`);
const override = join(work, 'app-config.bench.yaml');
writeFileSync(
  override,
  JSON.stringify({
    app: { baseUrl: BASE },
    backend: {
      baseUrl: BASE,
      listen: { port: args.port },
      cors: { origin: BASE },
    },
    catalog: {
      rules: [
        {
          allow: [
            'Component',
            'Group',
            'Resource',
            'User',
            'System',
            'Location',
          ],
        },
      ],
      locations: [{ type: 'file', target: orgFile }],
    },
    kubeSecurity: {
      snapshots: [
        {
          name: 'aks-shared',
          provider: 'aks',
          directory: '../../examples/clusters/aks-shared',
        },
      ],
    },
  }),
);

// 2. The real backend, in a process group of its own so that stopping it stops its children.
const backendLog = join(work, 'backend.log');
// Started as `backstage-cli package start` starts it, without its file watcher: other work
// in the checkout would restart it mid-run.
const backend = spawn(
  process.execPath,
  [
    '--enable-source-maps',
    '--require',
    '@backstage/cli-node/config/nodeTransform.cjs',
    'src/index',
    '--config',
    '../../app-config.yaml',
    '--config',
    override,
  ],
  {
    cwd: join(ROOT, 'packages', 'backend'),
    detached: true,
    stdio: ['ignore', openSync(backendLog, 'w'), openSync(backendLog, 'a')],
    env: { ...process.env, NODE_ENV: 'development' },
  },
);
const stop = () => {
  try {
    process.kill(-backend.pid, 'SIGTERM');
  } catch {
    // already gone
  }
};
process.on('exit', stop);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stop();
    process.exit(1);
  });
}

async function guestToken() {
  const res = await fetch(`${BASE}/api/auth/guest/refresh`);
  if (!res.ok) throw new Error(`guest sign-in answered ${res.status}`);
  return (await res.json()).backstageIdentity.token;
}

async function get(path, token) {
  const res = await fetch(`${BASE}${path}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  return res.ok ? res.json() : undefined;
}

/**
 * Waits until the catalog holds every Group and Component, and Kube Security has a roll-up
 * of every Group (its catalog mapping follows the catalog a little later).
 */
async function waitForBackend() {
  const started = Date.now();
  const deadline = started + 30 * 60_000;
  let last = '';
  for (;;) {
    if (backend.exitCode !== null) {
      throw new Error(`the backend exited; see ${backendLog}`);
    }
    try {
      const token = await guestToken();
      const count = async kind =>
        (
          await get(
            `/api/catalog/entities/by-query?filter=kind=${kind}&limit=1`,
            token,
          )
        )?.totalItems ?? 0;
      const groups = await count('group');
      const components = await count('component');
      const teams =
        (await get('/api/kube-security/teams?limit=1', token))?.total ?? 0;
      const state = `${groups} groups and ${components} components in the catalog, ${teams} teams in Kube Security`;
      if (state !== last) {
        log(`bench: ${state} (${Math.round((Date.now() - started) / 1000)} s)`);
      }
      last = state;
      if (
        groups >= args.teams &&
        components >= args.components &&
        teams >= groups
      ) {
        return;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error(
        `the backend was not ready in 30 minutes; see ${backendLog}`,
      );
    }
    await new Promise(r => setTimeout(r, 3000));
  }
}

/** What DevTools' Performance panel records, with V8's samples for the JavaScript. */
const TRACE_CATEGORIES = [
  '-*',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'disabled-by-default-devtools.screenshot',
  'toplevel',
  'blink.user_timing',
  'loading',
  'latencyInfo',
  'netlog',
  'v8',
  'v8.execute',
  'disabled-by-default-v8.compile',
  'disabled-by-default-v8.cpu_profiler',
];

const PAGES = [
  {
    name: 'Kube Security overview',
    path: '/kube-security',
    row: 'table[aria-label="Teams"] tbody tr',
    // The tree shows its top first; it is no longer busy once every team is in.
    done: 'table[aria-label="Teams"][aria-busy="false"] tbody tr',
    // The request of its first rows.
    api: '/api/kube-security/teams?',
  },
  {
    // The demo app mounts the stock catalog page at / (app-config.yaml).
    name: 'Backstage catalog page',
    path: '/',
    row: 'table tbody tr a[href*="/catalog/default/"]',
    api: '/api/catalog/entities',
  },
];

/**
 * Opens a page in a fresh tab (the guest session is kept by the context) and returns the
 * time from navigation start to the first row in the DOM, and the JS heap once the page
 * has settled (after a forced garbage collection).
 */
async function measure(context, target, trace) {
  const page = await context.newPage();
  try {
    if (trace) {
      await context.browser().startTracing(page, {
        path: trace,
        screenshots: true,
        categories: TRACE_CATEGORIES,
      });
    }
    await page.addInitScript(
      ({ row, done }) => {
        const seen = () => {
          // The marks show in a trace (--trace).
          if (!window.__firstRowAt && document.querySelector(row)) {
            window.__firstRowAt = performance.now();
            performance.mark('bench:first-row');
          }
          if (done && !window.__doneAt && document.querySelector(done)) {
            window.__doneAt = performance.now();
            performance.mark('bench:every-team');
          }
        };
        new MutationObserver(seen).observe(document, {
          childList: true,
          subtree: true,
          attributes: true,
          attributeFilter: ['aria-busy'],
        });
      },
      { row: target.row, done: target.done },
    );
    await page.goto(`${BASE}${target.path}`, { waitUntil: 'commit' });
    try {
      await page.waitForFunction(
        () => window.__firstRowAt !== undefined,
        undefined,
        { timeout: 60_000, polling: 50 },
      );
    } catch (error) {
      const shot = join(work, `no-row-${target.path.replace(/\W/g, '')}.png`);
      await page.screenshot({ path: shot, fullPage: true });
      const text = (await page.locator('body').innerText()).slice(0, 500);
      throw new Error(
        `no row matching ${
          target.row
        } on ${page.url()} (screenshot ${shot}): ${text}`,
        { cause: error },
      );
    }
    const firstRowMs = await page.evaluate(() => window.__firstRowAt);
    await page.waitForLoadState('networkidle').catch(() => undefined);
    await page.waitForTimeout(1000);
    const doneMs = target.done
      ? await page.evaluate(() => window.__doneAt)
      : undefined;
    // When the page asked for its rows and had the answer: the app's start-up before it.
    // ...and the scripts it had loaded by then (the app's bundles, the route's chunks).
    const request = await page.evaluate(api => {
      const entries = performance.getEntriesByType('resource');
      const rows = entries.find(e => e.name.includes(api));
      if (!rows) return undefined;
      const scripts = entries.filter(
        e => e.initiatorType === 'script' || e.name.endsWith('.js'),
      );
      const before = scripts.filter(e => e.responseEnd <= rows.startTime);
      return {
        sentMs: rows.startTime,
        answeredMs: rows.responseEnd,
        scriptsBefore: before.length,
        scriptKbBefore:
          before.reduce((n, e) => n + (e.decodedBodySize || 0), 0) / 1024,
        lastScriptMs: Math.max(0, ...before.map(e => e.responseEnd)),
      };
    }, target.api);
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    const rows = await page.locator(target.row).count();
    await cdp.detach();
    if (trace) await context.browser().stopTracing();
    return {
      firstRowMs,
      doneMs,
      request,
      heapMb: usedSize / 1024 / 1024,
      rows,
    };
  } finally {
    await page.close();
  }
}

/** When the overview had every team (absent: not seen before the page settled). */
const every = ms =>
  ms === undefined
    ? ''
    : `, every team ${Number.isNaN(ms) ? 'not seen' : `${ms.toFixed(0)} ms`}`;

/** When the page sent its rows' first request and had the answer. */
const asked = request =>
  request && !Number.isNaN(request.sentMs)
    ? ` (rows asked at ${request.sentMs.toFixed(
        0,
      )} ms, answered at ${request.answeredMs.toFixed(0)} ms${
        request.scriptsBefore === undefined
          ? ''
          : `; before it ${request.scriptsBefore} scripts, ${Math.round(
              request.scriptKbBefore,
            )} KB, the last at ${request.lastScriptMs.toFixed(0)} ms`
      })`
    : '';

const median = values => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const LAUNCH_OPTIONS = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};
const VIEWPORT = { width: 1440, height: 1000 };

/**
 * A browser context of the profile, signed in as the guest. The kept profile is a fresh
 * directory on disk that lives for this run: its caches fill with the sign-in and the
 * warm-up visits, as a returning user's have.
 */
async function openProfile(profile) {
  let context;
  if (profile === 'kept') {
    context = await chromium.launchPersistentContext(
      mkdtempSync(join(work, 'profile-')),
      { ...LAUNCH_OPTIONS, viewport: VIEWPORT },
    );
  } else {
    const browser = await chromium.launch(LAUNCH_OPTIONS);
    context = await browser.newContext({ viewport: VIEWPORT });
  }
  const signIn = await context.newPage();
  await signIn.goto(BASE);
  await signIn.getByRole('button', { name: 'Enter' }).click();
  await signIn
    .getByRole('link', { name: 'Security' })
    .first()
    .waitFor({ timeout: 120_000 });
  await signIn.close();
  return context;
}

/** One warm-up visit of each page, then the runs alternating which page goes first. */
async function measureProfile(profile) {
  const context = await openProfile(profile);
  try {
    log(
      `bench: ${PROFILE_TITLES[profile]}: ${cpus().length} x ${
        cpus()[0]?.model
      }, load ${load()}; one warm-up each, then ${args.runs} runs alternating`,
    );
    for (const target of PAGES) await measure(context, target);
    const figures = new Map(PAGES.map(p => [p.name, []]));
    for (let run = 0; run < args.runs; run++) {
      const order = run % 2 ? [...PAGES].reverse() : PAGES;
      for (const target of order) {
        const figure = await measure(context, target);
        figures.get(target.name).push(figure);
        log(
          `  run ${run + 1} ${
            target.name
          }: first row ${figure.firstRowMs.toFixed(0)} ms${every(
            figure.doneMs,
          )}${asked(figure.request)}, JS heap ${figure.heapMb.toFixed(1)} MB, ${
            figure.rows
          } rows (load ${load()})`,
        );
      }
    }
    const summary = PAGES.map(p => {
      const runs = figures.get(p.name);
      return {
        page: p.name,
        path: p.path,
        firstRowMs: median(runs.map(r => r.firstRowMs)),
        doneMs: p.done ? median(runs.map(r => r.doneMs ?? NaN)) : undefined,
        request: {
          sentMs: median(runs.map(r => r.request?.sentMs ?? NaN)),
          answeredMs: median(runs.map(r => r.request?.answeredMs ?? NaN)),
          scriptsBefore: median(runs.map(r => r.request?.scriptsBefore ?? NaN)),
          scriptKbBefore: median(
            runs.map(r => r.request?.scriptKbBefore ?? NaN),
          ),
          lastScriptMs: median(runs.map(r => r.request?.lastScriptMs ?? NaN)),
        },
        heapMb: median(runs.map(r => r.heapMb)),
        rows: median(runs.map(r => r.rows)),
        runs,
      };
    });
    let traced;
    if (args.trace && profile === PROFILES[args.profile][0]) {
      traced = await measure(context, PAGES[0], args.trace);
    }
    return { profile, summary, traced, load: load() };
  } finally {
    await context.close();
    await context.browser()?.close();
  }
}

let finished = false;
try {
  log(`bench: starting the backend on ${BASE} (log: ${backendLog})`);
  await waitForBackend();
  const results = [];
  for (const profile of PROFILES[args.profile]) {
    results.push(await measureProfile(profile));
  }
  const range = values =>
    `${Math.min(...values).toFixed(0)} to ${Math.max(...values).toFixed(0)}`;
  for (const { profile, summary, traced, load: after } of results) {
    const [overview, catalog] = summary;
    console.log(
      `\nOverview with ${args.teams} teams (${args.components} components) against the stock catalog page, ${PROFILE_TITLES[profile]}, medians of ${args.runs} runs:`,
    );
    for (const s of summary) {
      console.log(
        `  ${s.page}: first row ${s.firstRowMs.toFixed(0)} ms, runs ${range(
          s.runs.map(r => r.firstRowMs),
        )} ms${every(s.doneMs)}${asked(s.request)}, JS heap ${s.heapMb.toFixed(
          1,
        )} MB, ${s.rows} rows rendered`,
      );
    }
    console.log(
      `  overview / catalog: first row ${(
        overview.firstRowMs / catalog.firstRowMs
      ).toFixed(2)}x, JS heap ${(overview.heapMb / catalog.heapMb).toFixed(
        2,
      )}x (target: first row under 1,500 ms)`,
    );
    console.log(`  load average after these runs: ${after}`);
    if (traced) {
      console.log(
        `  trace of one more overview visit (first row ${traced.firstRowMs.toFixed(
          0,
        )} ms${asked(traced.request)}) in ${args.trace}`,
      );
    }
  }
  if (results.length === 2) {
    const [kept, other] = results.map(r => r.summary);
    console.log(
      `\n${PROFILE_TITLES.kept} / ${
        PROFILE_TITLES.private
      }: overview first row ${(
        kept[0].firstRowMs / other[0].firstRowMs
      ).toFixed(2)}x, catalog page first row ${(
        kept[1].firstRowMs / other[1].firstRowMs
      ).toFixed(2)}x`,
    );
  }
  if (args.json)
    console.log(
      JSON.stringify(
        {
          teams: args.teams,
          components: args.components,
          profiles: results.map(({ profile, summary }) => ({
            profile,
            summary,
          })),
        },
        null,
        2,
      ),
    );
  finished = true;
} finally {
  stop();
  // Kept when something failed, for the backend's log.
  if (finished) rmSync(work, { recursive: true, force: true });
}
