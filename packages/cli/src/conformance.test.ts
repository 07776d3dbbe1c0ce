import { promises as fs } from 'fs';
import {
  CHECK_DEFINITIONS,
  STANDARD_CONTROLS,
  getStandardControl,
} from '@kube-security/plugin-kube-security-common';
import { CORPUS_ROOT, loadCorpus } from './__testUtils__/conformance/corpus';
import type { Corpus } from './__testUtils__/conformance/corpus';
import { judgeCase, runCase } from './__testUtils__/conformance/runCase';
import {
  CONFORMANCE_DOC,
  STANDARDS_DOC,
  renderConformanceDoc,
  updateStandardsDoc,
} from './__testUtils__/conformance/docs';

/*
 * The conformance corpus (packages/cli/conformance, see docs/conformance.md): every case file
 * is scanned alone with the CLI, in-process, and judged against its control.
 * CONFORMANCE_FILTER=<text> limits the case run to controls whose folder contains the text.
 */

jest.setTimeout(120_000);

const list = (problems: string[]) => `\n  ${problems.join('\n  ')}\n`;

describe('conformance corpus', () => {
  let corpus: Corpus;

  beforeAll(async () => {
    corpus = await loadCorpus();
  });

  it('has well-formed control folders and case files', () => {
    expect(corpus.controls.length).toBeGreaterThan(0);
    expect(list(corpus.problems)).toBe(list([]));
  });

  it('names registry controls, in the folder of their standard, once each', () => {
    const problems: string[] = [];
    const seen = new Map<string, string>();
    for (const control of corpus.controls) {
      const known = getStandardControl(control.id);
      if (!known) {
        problems.push(
          `${control.dir}: "${control.id}" is not in the standards registry (kube-security-common/src/standards.ts)`,
        );
      } else if (known.standard !== control.standard) {
        problems.push(
          `${control.dir}: "${control.id}" belongs in conformance/${known.standard}/`,
        );
      }
      const other = seen.get(control.id);
      if (other)
        problems.push(`${control.dir}: "${control.id}" is also in ${other}`);
      seen.set(control.id, control.dir);
    }
    expect(list(problems)).toBe(list([]));
  });

  it('lists existing checks whose definitions carry the control id', () => {
    const problems: string[] = [];
    for (const control of corpus.controls) {
      for (const checkId of control.checks ?? []) {
        const definition = CHECK_DEFINITIONS[checkId];
        if (!definition) {
          problems.push(`${control.dir}: no check "${checkId}" in the catalog`);
        } else if (!definition.standards.includes(control.id)) {
          problems.push(
            `${control.dir}: the definition of ${checkId} does not list "${control.id}" in its standards`,
          );
        }
      }
    }
    expect(list(problems)).toBe(list([]));
  });

  it('lists, for each control, every check whose definition carries its id', () => {
    const problems: string[] = [];
    for (const control of corpus.controls) {
      for (const definition of Object.values(CHECK_DEFINITIONS)) {
        if (!definition.standards.includes(control.id)) continue;
        if (control.unmapped) {
          problems.push(
            `${control.dir}: unmapped, yet ${definition.id} carries "${control.id}"`,
          );
        } else if (!control.checks!.includes(definition.id)) {
          problems.push(`${control.dir}: add ${definition.id} to checks`);
        }
      }
    }
    expect(list(problems)).toBe(list([]));
  });

  it('answers every registry id with a check, or explains why none', () => {
    const carried = new Set(
      Object.values(CHECK_DEFINITIONS).flatMap(d => d.standards),
    );
    const unmapped = new Set(
      corpus.controls.filter(c => c.unmapped).map(c => c.id),
    );
    const problems = STANDARD_CONTROLS.filter(
      c => !carried.has(c.id) && !unmapped.has(c.id),
    ).map(
      c =>
        `${c.id}: no check carries it and no control.yaml explains why (unmapped)`,
    );
    expect(list(problems)).toBe(list([]));
  });

  it('has at least one report and one pass case for every mapped control', () => {
    const problems = corpus.controls
      .filter(c => c.checks)
      .flatMap(c => {
        const kinds = new Set(c.cases.map(k => k.expect));
        return (['report', 'pass'] as const)
          .filter(kind => !kinds.has(kind))
          .map(kind => `${c.dir}: no ${kind}-* case`);
      });
    expect(list(problems)).toBe(list([]));
  });

  it('covers every Pod Security Standards and CIS Kubernetes section 5 control', () => {
    const present = new Set(corpus.controls.map(c => c.id));
    const missing = STANDARD_CONTROLS.filter(
      c =>
        (c.standard === 'pss' || c.standard === 'cis-kubernetes') &&
        !present.has(c.id),
    ).map(c => `${c.id}: no control.yaml (mapped or unmapped)`);
    expect(list(missing)).toBe(list([]));
  });

  it('reports every report case and raises no alarm on pass cases', async () => {
    const filter = process.env.CONFORMANCE_FILTER;
    const problems: string[] = [];
    let ran = 0;
    for (const control of corpus.controls) {
      if (!control.checks) continue;
      if (filter && !control.dir.includes(filter)) continue;
      for (const c of control.cases) {
        ran += 1;
        const problem = judgeCase(control, c, await runCase(c, CORPUS_ROOT));
        if (problem) problems.push(problem);
      }
    }
    expect(ran).toBeGreaterThan(0);
    expect(list(problems)).toBe(list([]));
  });

  it('has an up-to-date docs/conformance.md (run `yarn conformance:docs` in packages/cli)', async () => {
    const expected = renderConformanceDoc(corpus.controls);
    const actual = await fs.readFile(CONFORMANCE_DOC, 'utf8').catch(() => '');
    expect(actual === expected).toBe(true);
  });

  it('has an up-to-date registry listing in docs/standards.md (run `yarn conformance:docs`)', async () => {
    const actual = await fs.readFile(STANDARDS_DOC, 'utf8');
    expect(updateStandardsDoc(actual, corpus.controls) === actual).toBe(true);
  });
});
