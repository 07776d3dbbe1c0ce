import { readdirSync, readFileSync, statSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';

/*
 * The backend's layers (design.md, "Layers inside the backend"): each imports only from its
 * own layer or those below it, the import graph has no cycle, the router talks to the
 * services only, and stored JSON is decoded by the stores alone. Read from the real
 * sources, so that a new import that breaks the rule fails here.
 */

/** Layer of each top-level folder (or root file) of src/, lowest first. */
const LAYERS: Record<string, number> = {
  domain: 0, // types shared by every layer
  config: 0,
  database: 1,
  aggregate: 2,
  mapping: 2,
  notify: 2,
  collectors: 2,
  pdf: 2,
  scan: 3,
  service: 3,
  router: 4,
  actions: 4, // the actions registry's entry points, beside the REST API
  'services.ts': 5,
  'plugin.ts': 5,
  'index.ts': 5,
};

/** What the router may import besides packages: itself and the services. */
const ROUTER_MAY_IMPORT = new Set(['router', 'scan', 'service']);

/** What the actions may import: themselves, the router's access checks, the services. */
const ACTIONS_MAY_IMPORT = new Set(['actions', 'router', 'scan', 'service']);

const SRC = __dirname;

type Graph = Map<string, string[]>;

const isSource = (file: string) =>
  file.endsWith('.ts') &&
  !file.endsWith('.test.ts') &&
  !file.endsWith('.d.ts') &&
  file !== 'setupTests.ts' &&
  !file.split('/').includes('__testUtils__');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap(name => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    const file = relative(SRC, path).split('\\').join('/');
    return isSource(file) ? [file] : [];
  });
}

/** Relative imports and re-exports of a file (`from './x'`, `import './x'`, `import('./x')`). */
function relativeImports(text: string): string[] {
  const found = new Set<string>();
  const patterns = [
    /\bfrom\s+['"](\.{1,2}\/[^'"]*)['"]/g,
    /\bimport\s*\(?\s*['"](\.{1,2}\/[^'"]*)['"]/g,
    /\brequire\(\s*['"](\.{1,2}\/[^'"]*)['"]/g,
  ];
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) found.add(match[1]);
  }
  return [...found];
}

function resolveImport(from: string, spec: string): string {
  const base = relative(SRC, resolve(SRC, dirname(from), spec))
    .split('\\')
    .join('/');
  for (const candidate of [`${base}.ts`, `${base}/index.ts`, base]) {
    try {
      if (statSync(join(SRC, candidate)).isFile()) return candidate;
    } catch {
      // try the next form
    }
  }
  throw new Error(`${from}: cannot resolve the import '${spec}'`);
}

function importGraph(): Graph {
  const graph: Graph = new Map();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(join(SRC, file), 'utf8');
    graph.set(
      file,
      relativeImports(text).map(spec => resolveImport(file, spec)),
    );
  }
  return graph;
}

const topOf = (file: string) => file.split('/')[0];

function layerOf(file: string): number {
  const layer = LAYERS[topOf(file)];
  if (layer === undefined) {
    throw new Error(
      `${file} is in no layer: add its folder to LAYERS in layering.test.ts`,
    );
  }
  return layer;
}

/** Imports that go up a layer, or from the router anywhere but the services. */
function layerViolations(graph: Graph): string[] {
  const problems: string[] = [];
  for (const [from, targets] of graph) {
    for (const to of targets) {
      if (layerOf(to) > layerOf(from)) {
        problems.push(`${from} imports ${to}, a higher layer`);
      }
      if (topOf(from) === 'router' && !ROUTER_MAY_IMPORT.has(topOf(to))) {
        problems.push(
          `${from} imports ${to}: the router talks to services only`,
        );
      }
      if (topOf(from) === 'actions' && !ACTIONS_MAY_IMPORT.has(topOf(to))) {
        problems.push(
          `${from} imports ${to}: the actions talk to the access checks and services only`,
        );
      }
    }
  }
  return problems;
}

/** One cycle of the graph, as the files along it, or undefined when there is none. */
function findCycle(graph: Graph): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string): string[] | undefined => {
    if (state.get(file) === 'done') return undefined;
    if (state.get(file) === 'open') {
      return [...path.slice(path.indexOf(file)), file];
    }
    state.set(file, 'open');
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(file, 'done');
    return undefined;
  };
  for (const file of [...graph.keys()].sort()) {
    const cycle = visit(file);
    if (cycle) return cycle;
  }
  return undefined;
}

describe('backend layering', () => {
  it('finds imports in every form the sources use', () => {
    expect(
      relativeImports(
        [
          "import { a } from './a';",
          'import type {\n  B,\n} from "../b/B";',
          "export { c } from './c';",
          "import './side-effect';",
          "const d = require('./d');",
          "import express from 'express';",
        ].join('\n'),
      ).sort(),
    ).toEqual(['../b/B', './a', './c', './d', './side-effect']);
  });

  it('tells a layer violation and a cycle apart from a clean graph', () => {
    const clean: Graph = new Map([
      ['router/index.ts', ['service/PlanService.ts']],
      ['service/PlanService.ts', ['database/stores.ts']],
      ['database/stores.ts', []],
    ]);
    expect(layerViolations(clean)).toEqual([]);
    expect(findCycle(clean)).toBeUndefined();

    const upward: Graph = new Map([
      ['database/stores.ts', ['aggregate/rollup.ts']],
      ['aggregate/rollup.ts', []],
      ['router/index.ts', ['database/stores.ts']],
    ]);
    expect(layerViolations(upward)).toEqual([
      'database/stores.ts imports aggregate/rollup.ts, a higher layer',
      'router/index.ts imports database/stores.ts: the router talks to services only',
    ]);

    const sideways: Graph = new Map([
      ['actions/index.ts', ['router/access.ts', 'database/stores.ts']],
      ['router/access.ts', ['actions/shapes.ts']],
      ['actions/shapes.ts', []],
      ['database/stores.ts', []],
    ]);
    expect(layerViolations(sideways)).toEqual([
      'actions/index.ts imports database/stores.ts: the actions talk to the access checks and services only',
      'router/access.ts imports actions/shapes.ts: the router talks to services only',
    ]);

    const circle: Graph = new Map([
      ['mapping/a.ts', ['mapping/b.ts']],
      ['mapping/b.ts', ['mapping/a.ts']],
    ]);
    expect(findCycle(circle)).toEqual([
      'mapping/a.ts',
      'mapping/b.ts',
      'mapping/a.ts',
    ]);
  });

  const graph = importGraph();

  it('reads the real import graph', () => {
    // Sanity: the graph covers the layers and their imports.
    expect(graph.get('plugin.ts')).toContain('services.ts');
    expect(graph.get('router/index.ts')).toContain('router/orgRoutes.ts');
    expect(graph.size).toBeGreaterThan(30);
  });

  it('imports only downwards, and the router only from the services', () => {
    expect(layerViolations(graph)).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(findCycle(graph)).toBeUndefined();
  });

  it('decodes stored JSON in the stores only', () => {
    const outside = [...graph.keys()].filter(
      file =>
        topOf(file) !== 'database' &&
        /JSON\.parse\(/.test(readFileSync(join(SRC, file), 'utf8')),
    );
    expect(outside).toEqual([]);
  });
});
