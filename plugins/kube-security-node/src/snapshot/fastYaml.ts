import { FAILSAFE_SCHEMA, loadAll, Type } from 'js-yaml';
import { isScalar, Schema } from 'yaml';

/**
 * The fast path of the manifest parser: js-yaml reads plain manifests several times faster
 * than the `yaml` library builds its document trees. It must give exactly what the precise
 * path (the `yaml` library, YAML 1.1, then `toJS`) gives, so it only takes the texts it can
 * read the same way and gives up on anything else; the caller then reads the file with the
 * precise parser, whose error messages carry the line.
 *
 * - Scalars are resolved by the `yaml` library's own YAML 1.1 tags (booleans `yes`/`no`, octal
 *   `0644`, sexagesimal, timestamps), so both paths agree on every plain value.
 * - Texts with anchors (whose aliases' expansion the precise path bounds), tags, explicit
 *   keys, merge keys, directives, bare carriage returns, or quoted scalars and flow
 *   collections spanning lines are left to the precise path, as is any text js-yaml refuses
 *   (duplicate keys, syntax errors, an alias with no anchor, nesting past 100).
 * - Lines: the line where each document starts, and where each item of a top-level sequence
 *   or of a top-level mapping's sequences starts, as the precise path reports them.
 */

/** One document read by the fast path. */
export interface FastDocument {
  value: unknown;
  /** 1-based line where the document's content starts; undefined for an empty document. */
  line?: number;
  /** Lines of the items when the content is a sequence, or a mapping's `items` sequence. */
  itemLines?: number[];
}

/** A directive, or a carriage return that does not end a line. */
const NEEDS_PRECISE = /^%|\r(?!\n)/m;

/** What may start a tag or an explicit key: after a space, a line break, a flow indicator or `:`. */
const TAG_OR_EXPLICIT_KEY = /(?:^|[\s[{,:])(?:!|\?(?:\s|$))/gm;

/**
 * Whether the text may hold a tag or an explicit key outside a quoted scalar. A quote that does
 * not close on its line does not count as one: a false alarm only costs speed.
 */
function mayHoldTagOrExplicitKey(text: string): boolean {
  TAG_OR_EXPLICIT_KEY.lastIndex = 0;
  for (
    let match = TAG_OR_EXPLICIT_KEY.exec(text);
    match;
    match = TAG_OR_EXPLICIT_KEY.exec(text)
  ) {
    const at =
      match[0][0] === '!' || match[0][0] === '?'
        ? match.index
        : match.index + 1;
    if (!insideQuotes(text, at)) return true;
  }
  return false;
}

/** Whether position `at` is inside a quoted scalar that opens and closes on its line. */
function insideQuotes(text: string, at: number): boolean {
  let end = text.indexOf('\n', at);
  if (end === -1) end = text.length;
  for (let i = text.lastIndexOf('\n', at) + 1; i < at; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x22 /* " */ && c !== 0x27 /* ' */) continue;
    const close = closingQuote(text, i, end);
    if (close === -1) return false;
    if (close > at) return true;
    i = close;
  }
  return false;
}

/** Where the quoted scalar opened at `open` closes before `end`, or -1. */
function closingQuote(text: string, open: number, end: number): number {
  const quote = text.charCodeAt(open);
  for (let j = open + 1; j < end; j++) {
    const d = text.charCodeAt(j);
    if (quote === 0x22 && d === 0x5c /* \ */) j += 1;
    else if (d === quote) return j;
  }
  return -1;
}

/**
 * Whether every flow collection (`[...]`, `{...}`) and every quoted scalar closes on the line
 * it opens. The two parsers disagree on some that span lines (comments, document markers or
 * breaks inside them), so those go to the precise path. A quote that does not close on its
 * line (an apostrophe in a plain scalar) or a bracket after a `#` counts as unclosed: a false
 * alarm only costs speed.
 */
export function linesAreSelfContained(text: string): boolean {
  const length = text.length;
  const next = [0x5b, 0x7b, 0x22, 0x27].map(c => ({
    char: String.fromCharCode(c),
    at: -2,
  }));
  // Only the lines with a bracket or a quote are looked at.
  const nextOpening = (from: number) => {
    let first = -1;
    for (const n of next) {
      if (n.at !== -1 && n.at < from) n.at = text.indexOf(n.char, from);
      if (n.at !== -1 && (first === -1 || n.at < first)) first = n.at;
    }
    return first;
  };
  for (let open = nextOpening(0); open !== -1; ) {
    const start = text.lastIndexOf('\n', open) + 1;
    let end = text.indexOf('\n', open);
    if (end === -1) end = length;
    if (!lineIsBalanced(text, start, end)) return false;
    open = nextOpening(end);
  }
  return true;
}

function lineIsBalanced(text: string, start: number, end: number): boolean {
  let depth = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      depth += 1;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth -= 1;
      if (depth < 0) return false;
    } else if (c === 0x22 /* " */ || c === 0x27 /* ' */) {
      const close = closingQuote(text, i, end);
      if (close === -1) return false;
      i = close;
    } else if (c === 0x23 /* # */) {
      return false;
    }
  }
  return depth === 0;
}

/** Options the `yaml` library resolves plain scalars with (its defaults). */
const RESOLVE_OPTIONS = { intAsBigInt: false };

interface ScalarTag {
  test: RegExp;
  resolve: (
    value: string,
    onError: (message: string) => void,
    options: object,
  ) => unknown;
}

/** The `yaml` library's YAML 1.1 tags for plain scalars, in the order it tries them. */
const PLAIN_TAGS: ScalarTag[] = (
  new Schema({ schema: 'yaml-1.1' }).tags as Array<
    Partial<ScalarTag> & { default?: unknown }
  >
).filter(
  (tag): tag is ScalarTag & { default: unknown } =>
    tag.default === true &&
    tag.test instanceof RegExp &&
    typeof tag.resolve === 'function',
);

function refuse(message: string): never {
  throw new Error(message);
}

/**
 * First characters of every plain scalar a YAML 1.1 tag resolves (null, booleans, numbers,
 * timestamps): anything else is a string, without trying each tag. Checked by a test against
 * the tags themselves.
 */
export const MAY_BE_TYPED = /^[-+.~0-9nNyYtTfFoO]/;

/** A plain scalar's value, as the precise path's `toJS` gives it. */
function resolvePlain(text: string): unknown {
  // A merge key: js-yaml would keep it as a key, the precise path merges.
  if (text === '<<') refuse('a merge key');
  if (text.length > 0 && !MAY_BE_TYPED.test(text)) return text;
  for (const tag of PLAIN_TAGS) {
    if (tag.test.test(text)) {
      const resolved = tag.resolve(text, refuse, RESOLVE_OPTIONS);
      return isScalar(resolved) ? resolved.value : resolved;
    }
  }
  return text;
}

const plainScalar = new Type('tag:kube-security.io,2026:plain', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string',
  construct: (data: string) => resolvePlain(data),
});

const SCHEMA = FAILSAFE_SCHEMA.extend({ implicit: [plainScalar] });

/** Whether the next character on the line, past spaces, is a colon (the node was a key). */
function isFollowedByColon(input: string, position: number): boolean {
  let i = position;
  let c = input.charCodeAt(i);
  while (c === 0x20 || c === 0x09) c = input.charCodeAt(++i);
  return c === 0x3a /* : */;
}

/** Where a node opened by js-yaml really starts: past spaces, line breaks and comments. */
function contentStart(input: string, position: number): number {
  let i = position;
  for (;;) {
    const c = input.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) {
      i += 1;
    } else if (c === 0x23 /* # */) {
      const end = input.indexOf('\n', i);
      if (end === -1) return input.length;
      i = end + 1;
    } else {
      return i;
    }
  }
}

/**
 * The lines of a sequence's items. An empty item's line is where the precise parser saw
 * nothing, not where the next thing is: those sequences go to the precise path.
 */
function itemLinesOf(items: unknown[], lines: number[]): number[] {
  if (lines.length !== items.length || items.some(item => item === null)) {
    throw new Error('empty sequence items');
  }
  return lines;
}

/**
 * Reads `text` as YAML documents with js-yaml, or returns undefined when the precise parser
 * must read it (see above). Never throws.
 */
export function parseYamlFast(text: string): FastDocument[] | undefined {
  if (
    NEEDS_PRECISE.test(text) ||
    mayHoldTagOrExplicitKey(text) ||
    !linesAreSelfContained(text)
  ) {
    return undefined;
  }

  const documents: FastDocument[] = [];
  // Line counting follows the openings, which only move forward.
  let countedTo = 0;
  let line = 1;
  let input = '';
  const lineAt = (position: number) => {
    for (
      let next = input.indexOf('\n', countedTo);
      next !== -1 && next < position;
      next = input.indexOf('\n', next + 1)
    ) {
      line += 1;
      countedTo = next + 1;
    }
    return line;
  };

  // Lines of what opens at depth 1 (the document), 2 (its items or entries) and 3 (items of
  // a sequence held by a top-level mapping).
  let rootLine: number | undefined;
  let childLines: number[] = [];
  let grandchildLines: number[] = [];
  const sequenceLines = new Map<unknown[], number[]>();

  const listener = (event: 'open' | 'close', state: any) => {
    const depth: number = state.depth;
    if (
      event === 'close' &&
      (state.result === null || typeof state.result === 'object') &&
      isFollowedByColon(state.input, state.position)
    ) {
      // A key that is null, a timestamp or a collection: the two paths turn it into
      // different strings ('' and 'null', say).
      throw new Error('a key that is not a string or a number');
    }
    if (depth > 3) return;
    if (event === 'open') {
      input = state.input;
      const at = lineAt(contentStart(input, state.position));
      if (depth === 1) {
        rootLine = at;
        childLines = [];
        sequenceLines.clear();
      } else if (depth === 2) {
        childLines.push(at);
        grandchildLines = [];
      } else {
        grandchildLines.push(at);
      }
      return;
    }
    const result = state.result;
    if (depth === 2 && Array.isArray(result)) {
      sequenceLines.set(result, grandchildLines);
    } else if (depth === 1) {
      // Anchors: the precise path bounds what their aliases expand to, and reads them itself.
      if (Object.keys(state.anchorMap).length > 0) throw new Error('an anchor');
      const document: FastDocument = { value: result, line: rootLine };
      if (Array.isArray(result)) {
        document.itemLines = itemLinesOf(result, childLines);
      } else if (result && typeof result === 'object') {
        const items = (result as Record<string, unknown>).items;
        const lines = Array.isArray(items)
          ? sequenceLines.get(items)
          : undefined;
        if (lines) document.itemLines = itemLinesOf(items as unknown[], lines);
      }
      documents.push(document);
      sequenceLines.clear();
    }
  };

  try {
    const values = loadAll(text, undefined, { schema: SCHEMA, listener });
    if (values.length !== documents.length) return undefined;
    return documents;
  } catch {
    return undefined;
  }
}
