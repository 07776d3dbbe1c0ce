import {
  Document,
  isMap,
  isSeq,
  LineCounter,
  parseAllDocuments,
  type Node as YamlNode,
} from 'yaml';
import {
  aliasProblem,
  DEFAULT_MANIFEST_LIMITS,
  tooLarge,
  type ManifestLimits,
} from './limits';
import { CLUSTER_SCOPED_KINDS } from './clusterScoped';
import { parseYamlFast } from './fastYaml';
import { conformObject, type ShapeProblem } from './shape';
import type {
  KubeObject,
  ObjectOrigin,
  ParseError,
  ParseResult,
} from './types';

/**
 * Annotations and fields that only repeat the object (kubectl's last-applied copy, server-side
 * apply bookkeeping). Dropping them keeps large snapshots small and avoids holding a second,
 * unchecked copy of every pod spec.
 */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * A Secret is kept as where it sits and nothing else: its name, namespace and type (where
 * it is placed is judged, CIS 5.7.4). Its data, labels and annotations (kubectl's
 * last-applied configuration repeats the data) are never copied; a Secret without a usable
 * name is dropped without a word, as every Secret was before.
 */
function secretStub(value: Record<string, any>): KubeObject | undefined {
  const metadata = isRecord(value.metadata) ? value.metadata : {};
  const name = metadata.name;
  if (typeof name !== 'string' || name.trim() === '') return undefined;
  const stub: Record<string, any> = {
    apiVersion: typeof value.apiVersion === 'string' ? value.apiVersion : 'v1',
    kind: 'Secret',
    metadata:
      typeof metadata.namespace === 'string'
        ? { name, namespace: metadata.namespace }
        : { name },
  };
  if (typeof value.type === 'string') stub.type = value.type;
  return stub as KubeObject;
}

/** Collects objects, their origins and errors for one text. */
class ResultSink {
  private readonly objects: KubeObject[] = [];
  private readonly origins: ObjectOrigin[] = [];
  private readonly errors: ParseError[] = [];

  constructor(private readonly file?: string) {}

  result(): ParseResult {
    return {
      objects: this.objects,
      origins: this.origins,
      errors: this.errors,
    };
  }

  error(line: number | undefined, message: string) {
    const error: ParseError = { message };
    if (this.file !== undefined) error.file = this.file;
    if (line !== undefined) error.line = line;
    this.errors.push(error);
  }

  /**
   * Adds one parsed document: an object, a List of objects or an array of objects.
   * `lines` are the lines of the items when the document is a sequence or a List.
   */
  addValue(
    value: unknown,
    line: number | undefined,
    lines: Array<number | undefined> | undefined,
    where: string,
  ) {
    if (value === null || value === undefined) {
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((item, i) =>
        this.addObject(item, lines?.[i] ?? line, `${where}[${i}]`),
      );
      return;
    }
    if (isRecord(value) && isListKind(value)) {
      if (value.items === null) {
        return; // an empty list printed as `items: null`
      }
      // The raw API omits kind on items of a typed list (PodList items have no kind).
      const itemKind =
        value.kind !== 'List' ? String(value.kind).slice(0, -4) : undefined;
      value.items.forEach((item: unknown, i: number) =>
        this.addObject(
          item,
          lines?.[i] ?? line,
          `${where ? `${where}.` : ''}items[${i}]`,
          itemKind,
        ),
      );
      return;
    }
    this.addObject(value, line, where);
  }

  private addObject(
    value: unknown,
    line: number | undefined,
    where: string,
    defaultKind?: string,
  ) {
    if (!isRecord(value)) {
      this.error(
        line,
        `${label(where)}not a Kubernetes object (expected a mapping)`,
      );
      return;
    }
    if (isListKind(value)) {
      this.addValue(value, line, undefined, where); // a List nested in an array
      return;
    }
    const kind = value.kind ?? defaultKind;
    if (typeof kind !== 'string' || kind.length === 0) {
      this.error(line, `${label(where)}object has no kind`);
      return;
    }
    if (kind === 'Secret') {
      const stub = secretStub(value);
      if (stub) this.keep(stub, line);
      return;
    }
    let metadata: Record<string, any> = isRecord(value.metadata)
      ? value.metadata
      : {};
    const written = metadata.name;
    if (typeof written === 'number' || typeof written === 'boolean') {
      metadata = { ...metadata, name: String(written) };
    } else if (typeof written !== 'string' || written.trim() === '') {
      // Kubernetes would refuse it, but its settings are still worth judging (a template
      // pasted into a pull request, a tool's input): under its generateName, or a made-up
      // name that says where it was.
      const name =
        typeof metadata.generateName === 'string' && metadata.generateName
          ? metadata.generateName
          : `unnamed-${kind.toLowerCase()}${
              line !== undefined ? `-line-${line}` : ''
            }`;
      this.error(
        line,
        `${label(where)}${kind} has no metadata.name; judged as '${name}'`,
      );
      metadata = { ...metadata, name };
    }
    const object = {
      ...value,
      kind,
      metadata: slimMetadata(metadata),
    } as KubeObject;
    if (CLUSTER_SCOPED_KINDS.has(kind)) delete object.metadata.namespace;
    const problems = conformObject(object, kind);
    if (problems.length > 0) {
      this.error(line, describeProblems(where, object, problems));
    }
    this.keep(object, line);
  }

  private keep(object: KubeObject, line: number | undefined) {
    this.objects.push(object);
    const origin: ObjectOrigin = {};
    if (this.file !== undefined) origin.file = this.file;
    if (line !== undefined) origin.line = line;
    this.origins.push(origin);
  }
}

/** How parseManifestText reads YAML. */
export interface ParseOptions {
  /**
   * 'auto' (the default): the fast parser for the texts it reads exactly like the precise one,
   * the precise one for the rest. 'precise': always the `yaml` library (tests, comparisons).
   */
  yamlParser?: 'auto' | 'precise';
}

/**
 * Parses one manifest text: multi-document YAML, a JSON object or array, or a `List` /
 * `<Kind>List` (as printed by `kubectl get -o yaml|json`). Every object gets the 1-based line
 * where its document (or list item) starts. A broken document or object is reported and
 * skipped; the rest of the text is still read. Secrets keep only their name, namespace and
 * type. A text over `limits.maxFileBytes`, a document that aliases would blow up beyond
 * `limits.maxAliasExpansion` values, or one nested too deeply to walk, is reported and skipped.
 */
export function parseManifestText(
  text: string,
  file?: string,
  limits: ManifestLimits = DEFAULT_MANIFEST_LIMITS,
  options: ParseOptions = {},
): ParseResult {
  const sink = new ResultSink(file);
  // A JavaScript string holds at least one byte per UTF-16 unit, so the cheap length check
  // only needs the exact byte count near the limit.
  if (
    text.length > limits.maxFileBytes / 3 &&
    Buffer.byteLength(text, 'utf8') > limits.maxFileBytes
  ) {
    sink.error(undefined, tooLarge(Buffer.byteLength(text, 'utf8'), limits));
    return sink.result();
  }
  try {
    parseInto(sink, text, limits, options);
  } catch (e) {
    // Only a document nested deeper than the parser's stack can take ends up here.
    sink.error(undefined, readFailure(e));
  }
  return sink.result();
}

function readFailure(e: unknown): string {
  return e instanceof RangeError
    ? 'Cannot read: the document is nested too deeply'
    : `Cannot read: ${String(e)}`;
}

function parseInto(
  sink: ResultSink,
  text: string,
  limits: ManifestLimits,
  options: ParseOptions,
) {
  const trimmed = text.trimStart();
  // JSON.parse is an order of magnitude faster than the YAML parser on the large JSON that
  // `kubectl get -A -o json` prints; line numbers of list items are the price.
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let value: unknown;
    let parsed = false;
    try {
      value = JSON.parse(text);
      parsed = true;
    } catch {
      // Not strict JSON (comments, flow-style YAML, a syntax error): the YAML parser below
      // reads what it can and reports the error with its line.
    }
    if (parsed) {
      const line = text
        .slice(0, text.length - trimmed.length)
        .split('\n').length;
      sink.addValue(value, line, undefined, '');
      return;
    }
  }

  // Most manifests are plain YAML that js-yaml reads the same way, several times faster; any
  // text it may read differently, or cannot read, is read again below with the precise parser.
  const fast =
    options.yamlParser === 'precise' ? undefined : parseYamlFast(text);
  if (fast) {
    for (const document of fast) {
      sink.addValue(document.value, document.line, document.itemLines, '');
    }
    return;
  }

  const lineCounter = new LineCounter();
  // YAML 1.1, as kubectl reads manifests: `privileged: yes` is true, `defaultMode: 0644` is
  // octal, `<<` merges. Under 1.2 these would silently become strings or decimals.
  const documents = parseAllDocuments(text, { lineCounter, version: '1.1' });
  if (!Array.isArray(documents)) {
    return; // an empty stream
  }
  // Aliases need a `*`: most manifests have none, and skip the walk.
  const mayAlias = text.includes('*');
  documents.forEach((doc, docIndex) => {
    if (doc.errors.length > 0) {
      for (const error of doc.errors) {
        const line = error.linePos?.[0]?.line;
        sink.error(
          line,
          `YAML syntax error in document ${docIndex + 1}: ${cleanYamlMessage(
            error.message,
          )}`,
        );
      }
      return;
    }
    const contents = doc.contents as YamlNode | null;
    if (!contents) {
      return; // empty document (`---` with nothing after it)
    }
    const line = lineOf(lineCounter, contents);
    let value: unknown;
    try {
      const problem = mayAlias
        ? aliasProblem(doc as Document, limits.maxAliasExpansion)
        : undefined;
      if (problem) {
        sink.error(line, `Document ${docIndex + 1} ${problem}`);
        return;
      }
      // The walk above bounds what aliases can add; the parser's own, coarser guard stays.
      value = (doc as Document).toJS({ maxAliasCount: 1000 });
    } catch (e) {
      sink.error(
        line,
        e instanceof RangeError
          ? `Cannot read document ${docIndex + 1}: it is nested too deeply`
          : `Cannot read document ${docIndex + 1}: ${String(e)}`,
      );
      return;
    }
    sink.addValue(value, line, itemLines(lineCounter, contents), '');
  });
}

/** `yaml` messages end with the location and a code frame; we report the location ourselves. */
function cleanYamlMessage(message: string): string {
  if (message.includes('Maximum call stack size exceeded')) {
    return 'the document is nested too deeply';
  }
  const first = message.split('\n')[0];
  return first.replace(/ at line \d+, column \d+:?$/, '').replace(/:$/, '');
}

function lineOf(lineCounter: LineCounter, node: YamlNode): number | undefined {
  const offset = node.range?.[0];
  return offset === undefined ? undefined : lineCounter.linePos(offset).line;
}

/** Lines of the items of a top-level sequence, or of a List's `items`, when present. */
function itemLines(
  lineCounter: LineCounter,
  contents: YamlNode,
): Array<number | undefined> | undefined {
  let seq: unknown = contents;
  if (isMap(contents)) {
    seq = contents.get('items', true);
  }
  if (!isSeq(seq)) {
    return undefined;
  }
  return seq.items.map(item =>
    item && typeof item === 'object' && 'range' in item
      ? lineOf(lineCounter, item as YamlNode)
      : undefined,
  );
}

function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Fields shown in full before the rest are only counted. */
const PROBLEMS_SHOWN = 3;

function describeProblems(
  where: string,
  object: KubeObject,
  problems: ShapeProblem[],
): string {
  const { namespace, name } = object.metadata;
  const shown = problems
    .slice(0, PROBLEMS_SHOWN)
    .map(p => `${p.path} is ${p.got}, expected ${p.expected}`)
    .join('; ');
  const more =
    problems.length > PROBLEMS_SHOWN
      ? ` (and ${problems.length - PROBLEMS_SHOWN} more)`
      : '';
  const fieldWord =
    problems.length === 1 ? 'this field is' : 'these fields are';
  return `${label(where)}${object.kind} ${
    namespace ? `${namespace}/` : ''
  }${name}: ${shown}${more}; ${fieldWord} ignored`;
}

function label(where: string): string {
  return where ? `${where}: ` : '';
}

/** A `List` or `<Kind>List`: a kind ending in List that carries `items` (even `null`). */
function isListKind(value: Record<string, any>): boolean {
  return (
    typeof value.kind === 'string' &&
    value.kind.endsWith('List') &&
    'items' in value &&
    (value.items === null || Array.isArray(value.items))
  );
}

function slimMetadata(metadata: Record<string, any>): KubeObject['metadata'] {
  const { managedFields: _managedFields, ...rest } = metadata;
  if (isRecord(rest.annotations) && LAST_APPLIED in rest.annotations) {
    const { [LAST_APPLIED]: _lastApplied, ...annotations } = rest.annotations;
    rest.annotations = annotations;
  }
  return rest as KubeObject['metadata'];
}
