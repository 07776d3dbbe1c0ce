import { createHash, hash } from 'crypto';
import {
  getCheckDefinition,
  providerOfStandardId,
} from '@kube-security/plugin-kube-security-common';
import type {
  Category,
  Exposure,
  Finding,
  Provider,
  ResourceRef,
  Severity,
} from '@kube-security/plugin-kube-security-common';
import { keepShape } from '../util/keepShape';
import { WORKLOAD_KINDS } from './buildIndex';
import type { Check, RawFinding } from './check';
import { categoryOfItem } from './items';
import type { SnapshotIndex } from './SnapshotIndex';

/*
 * From what checks report to findings: ids, category, severity, standard control ids,
 * labels and exposure. A large cluster yields tens of thousands of findings, so the work
 * that is the same for every finding of a check is done once per check, and the arrays
 * and objects that are the same for many findings are shared, frozen.
 */

const WORKLOAD_KIND_SET = new Set(WORKLOAD_KINDS);

// `crypto.hash` (one-shot, Node 20.12+/21.7+) is several times cheaper than a Hash object
// for short inputs; both give the same digest.
const sha256Hex: (text: string) => string =
  typeof hash === 'function'
    ? text => hash('sha256', text, 'hex')
    : text => createHash('sha256').update(text).digest('hex');

export function sha256(text: string): string {
  return sha256Hex(text).slice(0, 24);
}

/** Stable across scans: the same check on the same resource of the same cluster. */
export function findingId(checkId: string, resource: ResourceRef): string {
  return sha256(
    `${checkId}|${resource.cluster ?? ''}|${resource.kind}|${
      resource.namespace ?? ''
    }|${resource.name}|${resource.container ?? ''}`,
  );
}

/**
 * The standard control ids a check's findings carry: its catalog definition's, without the
 * provider CIS ids of other providers when the cluster's provider is known.
 */
export function checkStandards(
  checkId: string,
  provider: Provider | undefined,
): readonly string[] {
  const ids = getCheckDefinition(checkId)?.standards ?? [];
  if (!provider) return ids;
  return ids.filter(id => {
    const of = providerOfStandardId(id);
    return of === undefined || of === provider;
  });
}

/**
 * The standard ids of one check's findings: the check's, or narrowed by a raw finding
 * (never widened). Lists are frozen and shared by the findings that carry the same ids: a
 * consumer cannot change one finding's list, so none can change another's.
 */
class CheckStandards {
  private readonly all: readonly string[] | undefined;
  private readonly narrowed = new Map<
    number | string,
    readonly string[] | null
  >();

  constructor(ids: readonly string[]) {
    this.all = ids.length > 0 ? Object.freeze(ids.slice()) : undefined;
  }

  /** The last list asked for and its answer: a check tends to repeat the same list. */
  private lastNarrow: readonly string[] | undefined;
  private lastIds: readonly string[] | null = null;

  of(narrow: readonly string[] | undefined): string[] | undefined {
    const all = this.all;
    if (!all || !narrow) return all as string[] | undefined;
    const last = this.lastNarrow;
    if (last && sameIds(last, narrow)) {
      return (this.lastIds ?? undefined) as string[] | undefined;
    }
    // The kept ids as a bit set of positions in `all` (no key string per finding).
    let key: number | string = 0;
    if (all.length <= 30) {
      for (let i = 0; i < all.length; i++) {
        if (narrow.includes(all[i])) key |= 1 << i;
      }
    } else {
      key = narrow.join('\u0000');
    }
    let ids = this.narrowed.get(key);
    if (ids === undefined) {
      const kept = all.filter(id => narrow.includes(id));
      ids = kept.length > 0 ? Object.freeze(kept) : null;
      this.narrowed.set(key, ids);
    }
    this.lastNarrow = narrow.slice(); // the check may reuse its list
    this.lastIds = ids;
    return (ids ?? undefined) as string[] | undefined;
  }
}

// See keepShape: code optimized for these objects stays valid from one evaluation to the next.
keepShape(new CheckStandards([]));

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** ResourceFacts.order before the findings are sorted. */
export const UNORDERED = -1;

/** What resourceFacts found for a resource, and from which raw fields. */
export interface ResourceFacts {
  /** The resource's part of the text a finding id hashes. */
  idSuffix: string;
  rawLabels: Record<string, string> | undefined;
  rawExposure: Exposure | undefined;
  labels: Record<string, string> | undefined;
  exposure: Exposure | undefined;
  /** The resource's fields that order findings (see sortFindings). */
  namespace: string | undefined;
  kind: string;
  name: string;
  container: string | undefined;
  /** The resource's place among the evaluation's resources, once sorting numbers them. */
  order: number;
  /** Whether these facts are kept for the findings of one shared resource object. */
  shared: boolean;
  /** The findings' resource, once built, when `shared` (frozen). */
  findingResource: ResourceRef | undefined;
}

/** A finding's resource: the raw finding's, in the cluster. */
function findingResource(
  cluster: string,
  raw: RawFinding['resource'],
): ResourceRef {
  const { kind, name, namespace, container } = raw;
  // Objects made whole in one literal where every field is there (the common case) get
  // their final shape at once; key order is the same either way.
  if (namespace !== undefined && container !== undefined) {
    return { cluster, kind, name, namespace, container };
  }
  const resource: ResourceRef = { cluster, kind, name };
  if (namespace !== undefined) resource.namespace = namespace;
  if (container !== undefined) resource.container = container;
  return resource;
}

/** What the findings of one check share, and where they go (see FindingBuilder.reporter). */
interface CheckReport {
  cluster: string;
  checkId: string;
  itemId: Finding['itemId'];
  category: Category;
  severity: Severity;
  standards: CheckStandards;
  /** The check's part of the text a finding id hashes. */
  idPrefix: string;
  out: Finding[];
  resources: ResourceFacts[] | undefined;
}

/** A check's report function and the evaluation it reports to (see FindingBuilder.reporter). */
interface ReportSlot {
  /** Both unset between evaluations. */
  builder: FindingBuilder | undefined;
  state: CheckReport | undefined;
  report: (raw: RawFinding) => void;
}

const reportSlots = new WeakMap<Check, ReportSlot>();

/**
 * Builds the findings of one evaluation. Copies of the label and exposure objects are
 * frozen and shared, one per source object: the findings of one workload share them
 * instead of a copy each. Checks only read the index's objects, so a copy taken after
 * one check holds what one taken after the last would.
 */
export class FindingBuilder {
  private readonly copies = new Map<object, Readonly<object> | null>();
  private readonly byResource = new Map<object, ResourceFacts>();
  private readonly slots: ReportSlot[] = [];

  constructor(
    private readonly index: Pick<SnapshotIndex, 'workload'>,
    private readonly cluster: string,
    private readonly provider: Provider | undefined,
  ) {}

  /** Appends the findings of one check's raw findings to `out`, in their order. */
  add(check: Check, raws: readonly RawFinding[], out: Finding[]): void {
    const report = this.reporter(check, out);
    for (const raw of raws) report(raw);
  }

  /**
   * A check's `report`: builds each finding as it is reported and appends it to `out`, so
   * that what the check reported dies young; appends what it was built from to `resources`
   * when given (for sorting, see sortFindings).
   */
  reporter(
    check: Check,
    out: Finding[],
    resources?: ResourceFacts[],
  ): (raw: RawFinding) => void {
    const cluster = this.cluster;
    const checkId = check.id;
    const itemId = check.itemId;
    const category: Category = categoryOfItem(itemId);
    const severity: Severity =
      check.severity ?? getCheckDefinition(checkId)?.severity ?? 'medium';
    const standards = new CheckStandards(
      checkStandards(checkId, this.provider),
    );
    const state: CheckReport = {
      cluster,
      checkId,
      itemId,
      category,
      severity,
      standards,
      idPrefix: `${checkId}|${cluster ?? ''}|`,
      out,
      resources,
    };
    // One report function per check for the life of the check, pointed at this evaluation:
    // the checks' optimized code calls it as a constant, and a function made per evaluation
    // would die at the next GC and take that code with it ("weak objects" deopts).
    let slot = reportSlots.get(check);
    if (!slot) {
      const created: ReportSlot = {
        builder: this,
        state,
        report: raw => {
          const { builder, state: current } = created;
          if (!builder || !current) {
            throw new Error(`${check.id} reported after its evaluation ended`);
          }
          builder.build(current, raw);
        },
      };
      reportSlots.set(check, created);
      slot = created;
    }
    slot.builder = this;
    slot.state = state;
    this.slots.push(slot);
    return slot.report;
  }

  /** Points this evaluation's report functions away from it, so that it is not kept alive. */
  detach(): void {
    for (const slot of this.slots) {
      slot.builder = undefined;
      slot.state = undefined;
    }
    this.slots.length = 0;
  }

  /** Builds the finding of one raw finding of the check `state` describes. */
  private build(state: CheckReport, raw: RawFinding): void {
    const {
      cluster,
      checkId,
      itemId,
      category,
      severity,
      standards,
      idPrefix,
      out,
      resources,
    } = state;
    const from = this.resourceFacts(raw);
    resources?.push(from);
    // The findings of one shared resource object share one frozen finding resource.
    let resource = from.findingResource;
    if (resource === undefined) {
      resource = findingResource(cluster, raw.resource);
      if (from.shared) from.findingResource = Object.freeze(resource);
    }
    const id = sha256(idPrefix + from.idSuffix);
    const status = raw.status ?? 'fail';
    const findingSeverity = raw.severity ?? severity;
    const ids = standards.of(raw.standards);
    const { evidencePath } = raw;
    const { labels, exposure } = from;

    if (evidencePath && ids && labels && exposure && !raw.grant) {
      out.push({
        id,
        checkId,
        itemId,
        category,
        status,
        severity: findingSeverity,
        message: raw.message,
        resource,
        evidencePath,
        standards: ids,
        labels,
        exposure,
      });
      return;
    }
    const finding: Finding = {
      id,
      checkId,
      itemId,
      category,
      status,
      severity: findingSeverity,
      message: raw.message,
      resource,
    };
    if (evidencePath) finding.evidencePath = evidencePath;
    if (ids) finding.standards = ids;
    if (labels) finding.labels = labels;
    if (exposure) finding.exposure = exposure;
    if (raw.grant) finding.grant = raw.grant;
    out.push(finding);
  }

  /**
   * The id text of a finding's resource and the shared copies of the labels and exposure
   * it carries: the raw finding's own, else its workload's. Checks pass the same resource object for every finding of one
   * container or workload (see the checks' helpers): the answer is kept per object.
   */
  private resourceFacts(raw: RawFinding): ResourceFacts {
    const resource = raw.resource;
    const known = this.byResource.get(resource);
    if (
      known &&
      known.rawLabels === raw.labels &&
      known.rawExposure === raw.exposure
    ) {
      return known;
    }
    let labels = raw.labels;
    let exposure = raw.exposure;
    const { kind, name, namespace } = resource;
    if (
      (!labels || !exposure) &&
      namespace !== undefined &&
      WORKLOAD_KIND_SET.has(kind)
    ) {
      const workload = this.index.workload(kind, namespace, name);
      if (workload) {
        labels ??= workload.labels;
        exposure ??= workload.exposure;
      }
    }
    const answer: ResourceFacts = {
      idSuffix: `${kind}|${namespace ?? ''}|${name}|${
        resource.container ?? ''
      }`,
      rawLabels: raw.labels,
      rawExposure: raw.exposure,
      labels: labels ? this.copyOf(labels, true) : undefined,
      exposure: exposure ? this.copyOf(exposure, false) : undefined,
      namespace,
      kind,
      name,
      container: resource.container,
      order: UNORDERED,
      // Only frozen resources are the checks' shared ones; another object is seldom seen twice.
      shared: Object.isFrozen(resource),
      findingResource: undefined,
    };
    if (answer.shared) this.byResource.set(resource, answer);
    return answer;
  }

  /** The copy of `source`; `undefined` for an object without keys when `skipEmpty`. */
  private copyOf<T extends object>(
    source: T,
    skipEmpty: boolean,
  ): T | undefined {
    let copy = this.copies.get(source);
    if (copy === undefined) {
      copy =
        skipEmpty && Object.keys(source).length === 0
          ? null
          : Object.freeze({ ...source });
      this.copies.set(source, copy);
    }
    return (copy ?? undefined) as T | undefined;
  }
}

// See keepShape: code optimized for these objects stays valid from one evaluation to the next.
keepShape(new FindingBuilder({ workload: () => undefined }, '', undefined));
// See keepShape: the frozen finding resources (of each set of fields) and exposure copies
// that build and copyOf make get hidden classes of their own, which die with them otherwise.
for (const [namespace, container] of [
  ['', ''],
  ['', undefined],
  [undefined, ''],
  [undefined, undefined],
]) {
  keepShape(
    Object.freeze(
      findingResource('', { kind: '', name: '', namespace, container }),
    ),
  );
}
keepShape(Object.freeze({ ...{ internet: false, dataStore: false } }));
