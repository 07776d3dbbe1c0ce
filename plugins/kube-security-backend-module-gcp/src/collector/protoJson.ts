import { readFileSync } from 'fs';

/**
 * The Google Cloud clients hand back protobuf.js objects built with `defaults: true`: every
 * unset field is present as `null`, `''`, `false`, `0` or `[]`, proto3 `optional` fields
 * carry a virtual `_field` marker, and bytes are Buffers. The checks read the JSON the
 * REST API (and so `gcloud … --format=json`) prints, where unset fields are absent. This
 * module turns the first into the second with the API's own schema (the `protos.json`
 * the client ships), so both the gRPC and the REST transport give the same descriptor.
 */

interface ProtoField {
  type: string;
  id: number;
  rule?: string;
  keyType?: string;
}

interface ProtoNode {
  fields?: Record<string, ProtoField>;
  oneofs?: Record<string, { oneof: string[] }>;
  values?: Record<string, number>;
  nested?: Record<string, ProtoNode>;
}

interface ResolvedType {
  /** Fully qualified name, e.g. `google.container.v1.Cluster`. */
  name: string;
  path: string[];
  node: ProtoNode;
}

const INT64 = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const NUMBERS = new Set([
  'double',
  'float',
  'int32',
  'uint32',
  'sint32',
  'fixed32',
  'sfixed32',
]);
const SCALARS = new Set([...INT64, ...NUMBERS, 'bool', 'string', 'bytes']);
const WRAPPERS = new Set(
  [
    'DoubleValue',
    'FloatValue',
    'Int64Value',
    'UInt64Value',
    'Int32Value',
    'UInt32Value',
    'BoolValue',
    'StringValue',
    'BytesValue',
  ].map(name => `google.protobuf.${name}`),
);

function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array;
}

function base64(value: unknown): string {
  if (typeof value === 'string') return value;
  if (isBytes(value)) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return Buffer.from(value).toString('base64');
  return String(value);
}

/** RFC 3339 with the fewest fraction digits, as proto3 JSON prints a Timestamp. */
function timestampJson(value: Record<string, any>): string {
  const seconds = Number(value.seconds ?? 0);
  const nanos = Number(value.nanos ?? 0);
  const iso = new Date(seconds * 1000).toISOString().replace('.000Z', '');
  if (!nanos) return `${iso}Z`;
  const fraction = String(nanos)
    .padStart(9, '0')
    .replace(/(000)+$/, '');
  return `${iso}.${fraction}Z`;
}

/** `3600s`, `1.5s`: proto3 JSON for a Duration. */
function durationJson(value: Record<string, any>): string {
  const seconds = Number(value.seconds ?? 0);
  const nanos = Number(value.nanos ?? 0);
  if (!nanos) return `${seconds}s`;
  const negative = seconds < 0 || nanos < 0;
  const fraction = String(Math.abs(nanos))
    .padStart(9, '0')
    .replace(/(000)+$/, '');
  return `${negative ? '-' : ''}${Math.abs(seconds)}.${fraction}s`;
}

/** The message schema of one client library, read from the `protos.json` it ships. */
export class ProtoSchema {
  private readonly cache = new Map<string, ResolvedType | null>();

  /** Loads `protos.json` of an installed client, e.g. `@google-cloud/container`. */
  static forPackage(packageName: string): ProtoSchema {
    const file = require.resolve(`${packageName}/build/protos/protos.json`);
    return new ProtoSchema(JSON.parse(readFileSync(file, 'utf8')));
  }

  constructor(private readonly root: ProtoNode) {}

  /**
   * The JSON the REST API prints for `value`, an object of message type `typeName`
   * (fully qualified) as the client library returned it.
   */
  toJson(value: unknown, typeName: string): Record<string, unknown> {
    const type = this.resolve([], `.${typeName}`);
    if (!type) throw new Error(`unknown message type ${typeName}`);
    const json = this.message(value, type);
    if (!isRecord(json)) {
      throw new TypeError(`expected a ${typeName} object, got ${typeof value}`);
    }
    return json;
  }

  private at(path: string[]): ProtoNode | undefined {
    let node: ProtoNode | undefined = this.root;
    for (const part of path) {
      node = node?.nested?.[part];
      if (!node) return undefined;
    }
    return node;
  }

  /** Resolves a type name the way protobuf does: innermost scope first, then outwards. */
  private resolve(scope: string[], name: string): ResolvedType | undefined {
    const key = `${scope.join('.')}|${name}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const parts = name.replace(/^\./, '').split('.');
    const scopes = name.startsWith('.')
      ? [[]]
      : Array.from({ length: scope.length + 1 }, (_, i) =>
          scope.slice(0, scope.length - i),
        );
    let found: ResolvedType | undefined;
    for (const outer of scopes) {
      const path = [...outer, ...parts];
      const node = this.at(path);
      if (node) {
        found = { name: path.join('.'), path, node };
        break;
      }
    }
    this.cache.set(key, found ?? null);
    return found;
  }

  private message(value: unknown, type: ResolvedType): unknown {
    if (!isRecord(value)) return value;
    switch (type.name) {
      case 'google.protobuf.Timestamp':
        return timestampJson(value);
      case 'google.protobuf.Duration':
        return durationJson(value);
      default:
        if (WRAPPERS.has(type.name)) {
          const inner = type.node.fields?.value;
          return inner ? this.scalar(value.value, inner.type) : value.value;
        }
    }
    const fields = type.node.fields ?? {};
    const oneofs = type.node.oneofs ?? {};
    // Members of a oneof (including proto3 `optional`) are present only when set, so a
    // `false` or `0` there is a real value, not a default.
    const explicit = new Set(Object.values(oneofs).flatMap(o => o.oneof));
    const json: Record<string, unknown> = {};
    for (const [key, raw] of Object.entries(value)) {
      if (raw === null || raw === undefined) continue;
      // The virtual property naming which member of a oneof is set.
      if (key in oneofs && !(key in fields)) continue;
      const field = fields[key];
      if (!field) {
        json[key] = raw;
        continue;
      }
      const converted = this.field(raw, field, type, explicit.has(key));
      if (converted !== undefined) json[key] = converted;
    }
    return json;
  }

  private field(
    raw: unknown,
    field: ProtoField,
    owner: ResolvedType,
    explicit: boolean,
  ): unknown {
    const resolved = SCALARS.has(field.type)
      ? undefined
      : this.resolve(owner.path, field.type);
    const convert = (v: unknown) => this.valueOf(v, field.type, resolved);
    if (field.keyType) {
      if (!isRecord(raw)) return undefined;
      const entries = Object.entries(raw).filter(([, v]) => v !== null);
      if (!entries.length) return undefined;
      return Object.fromEntries(entries.map(([k, v]) => [k, convert(v)]));
    }
    if (field.rule === 'repeated') {
      if (!Array.isArray(raw) || !raw.length) return undefined;
      return raw.map(convert);
    }
    const value = convert(raw);
    if (resolved && !resolved.node.values) return value; // a message: kept even if empty
    if (!explicit && this.isDefault(value, field.type, resolved))
      return undefined;
    return value;
  }

  private valueOf(
    raw: unknown,
    typeName: string,
    resolved: ResolvedType | undefined,
  ): unknown {
    if (resolved?.node.values) return raw; // enum: the client already gives its name
    if (resolved) return this.message(raw, resolved);
    return this.scalar(raw, typeName);
  }

  private scalar(raw: unknown, typeName: string): unknown {
    if (typeName === 'bytes') return base64(raw);
    if (INT64.has(typeName) && typeof raw === 'number') return String(raw);
    if (INT64.has(typeName) && isRecord(raw) && 'low' in raw) {
      return String(raw); // a Long, should `longs: String` ever be dropped
    }
    return raw;
  }

  private isDefault(
    value: unknown,
    typeName: string,
    resolved: ResolvedType | undefined,
  ): boolean {
    if (resolved?.node.values) {
      const zero = Object.entries(resolved.node.values).find(
        ([, n]) => n === 0,
      )?.[0];
      return value === 0 || value === zero;
    }
    if (typeName === 'bool') return value === false;
    if (typeName === 'string' || typeName === 'bytes') return value === '';
    if (INT64.has(typeName)) return value === '0' || value === 0;
    if (NUMBERS.has(typeName)) return value === 0;
    return false;
  }
}
