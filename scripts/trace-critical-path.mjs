// Summarises a Chrome performance trace of one page visit (the one written by
// `node scripts/bench-overview-browser.mjs --trace <file>`): what the page's main thread and
// network did from navigation start to the page's first request of its rows, and from there to
// its first rendered row. With the production build's source maps (packages/app/dist/static,
// read by default) the JavaScript's time is given per source package rather than per chunk.
//
//   node scripts/trace-critical-path.mjs <trace.json> [--api /api/kube-security/teams?]
//        [--dist packages/app/dist/static] [--top 15] [--frames OverviewPage.tsx]
//
// Each window's main-thread time is split by kind (script evaluation, calls, style, layout,
// GC) with the part that was V8 compiling functions on their first call (lazy compilation).
//
// --frames lists the bursts of V8 samples whose stack has a frame from a source file (or a
// script) whose path contains the text (e.g. plugins/kube-security/src, or one component's
// file) from the rows' request to the first row: a render of the page that React threw away and started again shows as a burst
// that did not end in the first row.
//
// It also counts the scripts V8 compiled from its code cache rather than from their source.
//
// Nothing is asserted: it is a reading aid for docs/benchmarks.md ("Browser benchmark").
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function parseArgs(argv) {
  const args = {
    file: undefined,
    api: '/api/kube-security/teams?',
    dist: join(ROOT, 'packages', 'app', 'dist', 'static'),
    top: 15,
    frames: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (!flag.startsWith('--')) {
      args.file = flag;
      continue;
    }
    const key = flag.slice(2);
    const value = argv[++i];
    if (!(key in args) || key === 'file' || value === undefined) {
      throw new Error(`bad option ${flag} (see the header of this script)`);
    }
    args[key] = key === 'top' ? Number(value) : value;
  }
  if (!args.file) throw new Error('give the trace file to read');
  return args;
}

const args = parseArgs(process.argv.slice(2));
const raw = JSON.parse(readFileSync(args.file, 'utf8'));
const events = Array.isArray(raw) ? raw : raw.traceEvents;

// The page's renderer: the process whose main thread navigated to an http(s) document.
const navigation = events.find(
  e =>
    e.name === 'navigationStart' &&
    /^https?:/.test(e.args?.data?.documentLoaderURL ?? ''),
);
if (!navigation)
  throw new Error('no navigation of an http(s) page in the trace');
const { pid, tid } = navigation;
const t0 = navigation.ts;
const ms = ts => (ts - t0) / 1000;
const fmt = v => `${Math.round(v)}`.padStart(6);
const own = events.filter(e => e.pid === pid);
const main = own.filter(e => e.tid === tid);

// Network, as the renderer saw it.
const requests = new Map();
for (const e of own) {
  const data = e.args?.data;
  if (!data?.requestId) continue;
  if (e.name === 'ResourceSendRequest') {
    requests.set(data.requestId, {
      url: data.url,
      type: data.resourceType,
      sent: ms(e.ts),
    });
  }
  const r = requests.get(data.requestId);
  if (!r) continue;
  if (e.name === 'ResourceReceiveResponse') {
    r.response = ms(e.ts);
    r.fromCache = data.fromCache;
    r.status = data.statusCode;
  }
  if (e.name === 'ResourceFinish') {
    r.finished = ms(e.ts);
    r.bytes = data.decodedBodyLength ?? data.encodedDataLength;
  }
}
const all = [...requests.values()].sort((a, b) => a.sent - b.sent);
const rows = all.find(r => r.url.includes(args.api));
const mark = name => {
  const e = own.find(x => x.name === name);
  return e ? ms(e.ts) : undefined;
};
const firstRow = mark('bench:first-row');
const short = url => {
  const u = new URL(url);
  return `${u.pathname.replace(/^\/static\//, '')}${u.search}`.slice(0, 70);
};

console.log(
  `Trace of ${navigation.args.data.documentLoaderURL} (renderer ${pid}); ms from navigation start`,
);
console.log(
  `  DOMContentLoaded ${fmt(mark('domContentLoadedEventStart') ?? NaN)}`,
);
console.log(`  rows asked       ${fmt(rows?.sent ?? NaN)}  (${args.api})`);
console.log(`  rows answered    ${fmt(rows?.finished ?? NaN)}`);
console.log(`  first row        ${fmt(firstRow ?? NaN)}  (bench:first-row)`);

console.log('\nRequests until the first row (sent, response, finished, KB):');
for (const r of all) {
  if (firstRow !== undefined && r.sent > firstRow) break;
  console.log(
    `  ${fmt(r.sent)} ${fmt(r.response ?? NaN)} ${fmt(r.finished ?? NaN)} ${fmt(
      (r.bytes ?? 0) / 1024,
    )}  ${r.type ?? ''} ${short(r.url)}${r.fromCache ? ' (cache)' : ''}`,
  );
}

// How the page's scripts were compiled: from V8's code cache (a browser profile that keeps
// it, after the script ran twice) or from their source (a private context, or a script new
// to the profile).
const compiles = own.filter(
  e =>
    e.name === 'v8.compile' &&
    e.args?.data?.url &&
    (firstRow === undefined || ms(e.ts) <= firstRow),
);
const fromCodeCache = compiles.filter(e => e.args.data.consumedCacheSize > 0);
console.log(
  `\nScripts compiled until the first row: ${compiles.length}, of which ${
    fromCodeCache.length
  } from V8's code cache (${Math.round(
    fromCodeCache.reduce((n, e) => n + e.args.data.consumedCacheSize, 0) / 1024,
  )} KB of it) and ${compiles.length - fromCodeCache.length} from their source`,
);

// The main thread's top-level tasks, and what they ran.
const windows = [
  ['navigation → rows asked', 0, rows?.sent],
  ['rows asked → answered', rows?.sent, rows?.finished],
  ['answered → first row', rows?.finished, firstRow],
].filter(([, from, to]) => from !== undefined && to !== undefined);
const tasks = main.filter(
  e => e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask',
);
const kinds = {
  EvaluateScript: 'evaluate scripts',
  'v8.compile': 'compile',
  FunctionCall: 'JS calls (timers, events, promises)',
  RunMicrotasks: 'microtasks',
  MajorGC: 'major GC',
  MinorGC: 'minor GC',
  UpdateLayoutTree: 'style',
  Layout: 'layout',
  Paint: 'paint',
  ParseHTML: 'parse HTML',
};
const overlap = (e, from, to) =>
  Math.max(0, Math.min(ms(e.ts + e.dur), to) - Math.max(ms(e.ts), from));
console.log('\nMain thread (wall ms; thread CPU in brackets where known):');
for (const [name, from, to] of windows) {
  let busy = 0;
  let cpu = 0;
  for (const t of tasks) {
    const o = overlap(t, from, to);
    busy += o;
    if (o > 0 && t.tdur !== undefined) cpu += (t.tdur / t.dur) * o;
  }
  console.log(
    `  ${name} (${Math.round(from)}–${Math.round(to)}): ${Math.round(
      to - from,
    )} ms, tasks ${Math.round(busy)} [CPU ${Math.round(
      cpu,
    )}], idle ${Math.round(to - from - busy)}`,
  );
  const byKind = new Map();
  for (const e of main) {
    const kind = kinds[e.name];
    if (!kind || e.ph !== 'X') continue;
    byKind.set(kind, (byKind.get(kind) ?? 0) + overlap(e, from, to));
  }
  const parts = [...byKind]
    .filter(([, v]) => v >= 1)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${Math.round(v)}`);
  console.log(`    ${parts.join(', ')}`);
  // V8 compiling functions the first time they run (part of the scripts' evaluation and
  // calls above): what the build's compile hints (packages/app/scripts/compileHints.mjs)
  // move to the scripts' load.
  let lazyWall = 0;
  let lazyCpu = 0;
  for (const e of main) {
    if (e.name !== 'V8.CompileCode' || e.ph !== 'X') continue;
    const o = overlap(e, from, to);
    lazyWall += o;
    if (o > 0 && e.tdur !== undefined) lazyCpu += (e.tdur / e.dur) * o;
  }
  console.log(
    `    of which lazy compilation ${Math.round(lazyWall)} [CPU ${Math.round(
      lazyCpu,
    )}]`,
  );
}

// Long tasks before the first row: when, how long, what they ran.
console.log('\nTasks over 50 ms before the first row (start, wall ms, what):');
for (const t of tasks) {
  if (firstRow !== undefined && ms(t.ts) > firstRow) break;
  if (t.dur < 50_000) continue;
  const inside = main
    .filter(
      e =>
        e.ph === 'X' &&
        (e.name === 'EvaluateScript' || e.name === 'FunctionCall') &&
        e.ts >= t.ts &&
        e.ts < t.ts + t.dur,
    )
    .map(e => {
      const d = e.args?.data ?? {};
      return `${e.name === 'EvaluateScript' ? 'evaluate' : 'call'} ${
        d.url ? basename(new URL(d.url).pathname) : '?'
      }${d.functionName ? ` ${d.functionName}` : ''}`;
    })
    .slice(0, 3);
  console.log(
    `  ${fmt(ms(t.ts))} ${fmt(t.dur / 1000)}  ${inside.join('; ') || '-'}`,
  );
}

// V8's samples: self time per source package (through the source maps) in each window.
const sourceMaps = new Map();
function sourceMapOf(url) {
  if (!url?.includes('/static/')) return undefined;
  const file = join(args.dist, basename(new URL(url).pathname));
  if (sourceMaps.has(file)) return sourceMaps.get(file);
  let parsed;
  if (existsSync(`${file}.map`)) {
    parsed = decodeSourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
  }
  sourceMaps.set(file, parsed);
  return parsed;
}

const BASE64 =
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** Per generated line, its segments [column, source index], from a v3 source map. */
function decodeSourceMap(map) {
  const lines = [];
  let source = 0;
  for (const line of map.mappings.split(';')) {
    const segments = [];
    let column = 0;
    for (const segment of line.split(',')) {
      if (!segment) continue;
      const values = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = BASE64.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) {
          shift += 5;
        } else {
          values.push(value & 1 ? -(value >> 1) : value >> 1);
          value = 0;
          shift = 0;
        }
      }
      column += values[0];
      if (values.length > 1) {
        source += values[1];
        segments.push([column, source]);
      }
    }
    lines.push(segments);
  }
  return { lines, sources: map.sources };
}

/** The source file a generated position comes from, when the chunk has a source map. */
function sourceAt(url, line, column) {
  const map = sourceMapOf(url);
  if (!map) return undefined;
  const segments = map.lines[line] ?? [];
  let found;
  for (const s of segments) {
    if (s[0] > column) break;
    found = s;
  }
  return found ? map.sources[found[1]] : undefined;
}

/** The package (or workspace folder) a generated position comes from. */
function packageAt(url, line, column) {
  if (!sourceMapOf(url)) return url ? basename(new URL(url).pathname) : '(V8)';
  const source = sourceAt(url, line, column);
  if (!source) return basename(new URL(url).pathname);
  const modules = source.split('node_modules/');
  if (modules.length > 1) {
    const parts = modules[modules.length - 1].split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const workspace = source.match(/(plugins|packages)\/[^/]+/);
  return workspace ? workspace[0] : source;
}

const nodes = new Map();
const samples = [];
const profileChunks = own
  .filter(e => e.name === 'ProfileChunk')
  .sort((a, b) => a.ts - b.ts);
const profileStart = own.find(e => e.name === 'Profile')?.args?.data?.startTime;
let sampleTs = profileStart;
for (const chunk of profileChunks) {
  const data = chunk.args.data;
  for (const node of data.cpuProfile?.nodes ?? []) nodes.set(node.id, node);
  const ids = data.cpuProfile?.samples ?? [];
  const deltas = data.timeDeltas ?? [];
  for (let i = 0; i < ids.length; i++) {
    sampleTs += deltas[i] ?? 0;
    samples.push([sampleTs, ids[i]]);
  }
}
if (samples.length > 0) {
  console.log(
    `\nJavaScript self time by source package (V8 samples, ${args.top} largest per window):`,
  );
  const labels = new Map();
  const labelOf = id => {
    if (labels.has(id)) return labels.get(id);
    const frame = nodes.get(id)?.callFrame ?? {};
    let label;
    if (frame.codeType !== 'JS' || !frame.url) {
      label = frame.functionName || '(native)';
    } else {
      label = packageAt(frame.url, frame.lineNumber, frame.columnNumber);
    }
    labels.set(id, label);
    return label;
  };
  for (const [name, from, to] of windows) {
    const totals = new Map();
    for (let i = 0; i < samples.length - 1; i++) {
      const at = ms(samples[i][0]);
      if (at < from || at >= to) continue;
      const label = labelOf(samples[i][1]);
      if (label === '(idle)') continue;
      const dt = (samples[i + 1][0] - samples[i][0]) / 1000;
      totals.set(label, (totals.get(label) ?? 0) + dt);
    }
    const sum = [...totals.values()].reduce((a, b) => a + b, 0);
    console.log(`  ${name}: ${Math.round(sum)} ms sampled`);
    for (const [label, v] of [...totals]
      .sort((a, b) => b[1] - a[1])
      .slice(0, args.top)) {
      console.log(`    ${fmt(v)}  ${label}`);
    }
  }
}

// Bursts of samples running code of the --frames source files, up to the first row.
if (args.frames && samples.length > 0) {
  const parents = new Map();
  for (const node of nodes.values()) {
    for (const child of node.children ?? []) parents.set(child, node.id);
    if (node.parent !== undefined) parents.set(node.id, node.parent);
  }
  const matches = new Map();
  const frameMatches = id => {
    if (matches.has(id)) return matches.get(id);
    const frame = nodes.get(id)?.callFrame ?? {};
    const own =
      frame.codeType === 'JS' &&
      Boolean(frame.url) &&
      (frame.url.includes(args.frames) ||
        (
          sourceAt(frame.url, frame.lineNumber, frame.columnNumber) ?? ''
        ).includes(args.frames));
    const parent = parents.get(id);
    const result = own || (parent !== undefined && frameMatches(parent));
    matches.set(id, result);
    return result;
  };
  const GAP_MS = 30;
  const bursts = [];
  for (let i = 0; i < samples.length - 1; i++) {
    const at = ms(samples[i][0]);
    if (firstRow !== undefined && at > firstRow) break;
    // The page renders after its rows were asked for (the app's start-up is before).
    if (rows && at < rows.sent) continue;
    if (!frameMatches(samples[i][1])) continue;
    const dt = (samples[i + 1][0] - samples[i][0]) / 1000;
    const last = bursts[bursts.length - 1];
    if (last && at - last.end <= GAP_MS) {
      last.end = at + dt;
      last.sampled += dt;
    } else bursts.push({ start: at, end: at + dt, sampled: dt });
  }
  console.log(
    `\nSamples in ${args.frames} from the rows' request to the first row (bursts; start, end, ms sampled):`,
  );
  for (const b of bursts) {
    console.log(`  ${fmt(b.start)} ${fmt(b.end)} ${fmt(b.sampled)}`);
  }
}
