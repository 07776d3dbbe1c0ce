import { compareStrings } from '../util/compareStrings';
import type {
  Finding,
  FindingStatus,
  Severity,
} from '@kube-security/plugin-kube-security-common';
import { sha256, UNORDERED, type ResourceFacts } from './findings';
import { itemOrder } from './items';

/*
 * The order of an evaluation's findings (plan order, then check, then status, severity,
 * resource, evidence path and id) and distinct ids for findings that share check and
 * resource.
 */

/** One check's findings as built, with the resource facts each was built from. */
export interface CheckFindings {
  findings: Finding[];
  /** `resources[i]` is what `findings[i]` was built from. */
  resources: ResourceFacts[];
}

const STATUS_RANK: Record<FindingStatus, number> = {
  fail: 2,
  warn: 1,
  pass: 0,
};
const SEVERITY_RANK: Record<Severity, number> = {
  critical: 4,
  high: 3,
  medium: 2,
  low: 1,
  info: 0,
};

/**
 * Gives findings that share a check and resource (a check that reports twice on one
 * container) distinct ids that still do not depend on the order of the snapshot's objects.
 * The very same finding twice (an object present in two files) is kept once, with the
 * plain id.
 */
function disambiguate(findings: Finding[]): Finding[] {
  // Most checks report each resource once: one set of ids tells whether any id repeats.
  const ids = new Set<string>();
  for (const finding of findings) {
    const size = ids.size;
    if (ids.add(finding.id).size === size)
      return disambiguateRepeated(findings);
  }
  return findings;
}

/** disambiguate for a list in which some id occurs more than once. */
function disambiguateRepeated(findings: Finding[]): Finding[] {
  const variantOf = (f: Finding) => `${f.evidencePath ?? ''}|${f.message}`;
  // Most ids occur once: only an id seen twice gets a map of its variants, so a large
  // cluster does not allocate one map and one key string per finding.
  const first = new Map<string, Finding>();
  const repeated = new Map<string, Map<string, Finding>>();
  for (const finding of findings) {
    const earlier = first.get(finding.id);
    if (!earlier) {
      first.set(finding.id, finding);
      continue;
    }
    let group = repeated.get(finding.id);
    if (!group) {
      group = new Map([[variantOf(earlier), earlier]]);
      repeated.set(finding.id, group);
    }
    const variant = variantOf(finding);
    if (!group.has(variant)) group.set(variant, finding);
  }
  const out: Finding[] = [];
  for (const [id, finding] of first) {
    const group = repeated.get(id);
    if (!group || group.size === 1) {
      out.push(finding);
      continue;
    }
    for (const [variant, variantFinding] of group) {
      out.push({ ...variantFinding, id: sha256(`${id}|${variant}`) });
    }
  }
  return out;
}

/** compareStrings, with a missing text as empty; equal texts (the common case) first. */
export function compareText(
  a: string | undefined,
  b: string | undefined,
): number {
  const x = a ?? '';
  const y = b ?? '';
  if (x === y) return 0;
  return compareStrings(x, y);
}

/** Plan order, then check, then resource: the same snapshot always gives the same list. */
function compareFindings(a: Finding, b: Finding): number {
  return (
    itemOrder(a.itemId) - itemOrder(b.itemId) ||
    compareText(a.checkId, b.checkId) ||
    compareWithinCheck(a, b)
  );
}

/** compareFindings for two findings of the same item and check. */
function compareWithinCheck(a: Finding, b: Finding): number {
  return (
    STATUS_RANK[b.status] - STATUS_RANK[a.status] ||
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    compareText(a.resource.namespace, b.resource.namespace) ||
    compareText(a.resource.kind, b.resource.kind) ||
    compareText(a.resource.name, b.resource.name) ||
    compareText(a.resource.container, b.resource.container) ||
    compareText(a.evidencePath, b.evidencePath) ||
    compareText(a.id, b.id)
  );
}

/**
 * The key of sortWithinCheck: its parts joined by the lowest character, so that one text
 * comparison orders as comparing the parts one by one (a part that is a prefix of the other
 * comes first, as it does on its own).
 */
const SEPARATOR = '\u0000';
/** How many separators a key holds (five when none of its parts holds one). */
function separators(key: string): number {
  let count = 0;
  for (
    let at = key.indexOf(SEPARATOR);
    at >= 0;
    at = key.indexOf(SEPARATOR, at + 1)
  ) {
    count++;
  }
  return count;
}

/** Status and severity (0 to 23) as one character of the key. */
const RANK_CHARS = Array.from({ length: 24 }, (_, i) =>
  String.fromCharCode(0x41 + i),
);

/**
 * Appends one check's findings to `out` in compareWithinCheck order. Each finding's keys are
 * joined once into one text and positions are sorted by it: each of the dozen comparisons
 * per finding is then one text comparison instead of up to seven field reads and compares.
 */
function sortWithinCheck(group: Finding[], out: Finding[]): void {
  const n = group.length;
  const keys = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const finding = group[i];
    const status = STATUS_RANK[finding.status];
    const severity = SEVERITY_RANK[finding.severity];
    if (typeof status !== 'number' || typeof severity !== 'number') {
      // A status or severity outside the scale: compareWithinCheck says what that means.
      for (const f of group.sort(compareWithinCheck)) out.push(f);
      return;
    }
    const { resource } = finding;
    const key =
      // Higher status and severity first: their pair as one character, lower for higher.
      RANK_CHARS[23 - (status * 8 + severity)] +
      (resource.namespace ?? '') +
      SEPARATOR +
      (resource.kind ?? '') +
      SEPARATOR +
      (resource.name ?? '') +
      SEPARATOR +
      (resource.container ?? '') +
      SEPARATOR +
      (finding.evidencePath ?? '') +
      SEPARATOR +
      (finding.id ?? '');
    if (separators(key) !== 5) {
      // A key holding the separator would not order as its parts do.
      for (const f of group.sort(compareWithinCheck)) out.push(f);
      return;
    }
    keys[i] = key;
  }
  const order = new Array<number>(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => {
    const x = keys[a];
    const y = keys[b];
    if (x === y) return 0;
    return x < y ? -1 : 1;
  });
  for (let i = 0; i < n; i++) out.push(group[order[i]]);
}

/**
 * Findings without repeated ids (see disambiguate), sorted by compareFindings. Item and
 * check id, its first two keys, are the same for all findings of a check: the checks are
 * ordered once and each check's findings are sorted by the remaining keys, which takes
 * fewer and cheaper comparisons than one sort of everything and gives the same order.
 * Ids start with the check id, so only findings of one check can share one.
 *
 * @param byCheck - each check id's findings, in the order they were reported, with the
 *   resource facts the builder made each of them from
 */
export function sortedFindings(byCheck: Map<string, CheckFindings>): Finding[] {
  const groups = [...byCheck.values()];
  if (
    groups.some(({ findings }) =>
      findings.some(f => f.itemId !== findings[0].itemId),
    )
  ) {
    // One check id under two items.
    return disambiguate(groups.flatMap(g => g.findings)).sort(compareFindings);
  }
  groups.sort(
    (a, b) =>
      itemOrder(a.findings[0].itemId) - itemOrder(b.findings[0].itemId) ||
      compareText(a.findings[0].checkId, b.findings[0].checkId),
  );
  const resourceCount = orderResources(groups);
  const sorted: Finding[] = [];
  for (const group of groups) {
    const findings = disambiguate(group.findings);
    // Repeated ids were replaced (rare), or resources could not be ordered: field by field.
    if (
      resourceCount < 0 ||
      findings !== group.findings ||
      !sortByResourceOrder(findings, group.resources, resourceCount, sorted)
    ) {
      sortWithinCheck(findings, sorted);
    }
  }
  return sorted;
}

/**
 * Numbers the distinct resources of all findings in compareWithinCheck's resource order
 * (namespace, kind, name, container): equal resources get the same number. Returns how
 * many numbers were given, or -1 when a resource has a field that is not text (its order
 * as text and as a value may differ: the field-by-field sort decides then).
 */
function orderResources(groups: readonly CheckFindings[]): number {
  const distinct: ResourceFacts[] = [];
  for (const { resources } of groups) {
    for (const facts of resources) {
      if (facts.order !== UNORDERED) continue;
      if (
        !isText(facts.namespace) ||
        !isText(facts.kind) ||
        !isText(facts.name) ||
        !isText(facts.container)
      ) {
        return -1;
      }
      facts.order = 0; // seen
      distinct.push(facts);
    }
  }
  distinct.sort(compareResources);
  let order = -1;
  for (let i = 0; i < distinct.length; i++) {
    if (i === 0 || compareResources(distinct[i - 1], distinct[i]) !== 0) {
      order++;
    }
    distinct[i].order = order;
  }
  return order + 1;
}

function isText(value: unknown): boolean {
  return value === undefined || typeof value === 'string';
}

function compareResources(a: ResourceFacts, b: ResourceFacts): number {
  return (
    compareText(a.namespace, b.namespace) ||
    compareText(a.kind, b.kind) ||
    compareText(a.name, b.name) ||
    compareText(a.container, b.container)
  );
}

/**
 * Appends one check's findings (ids all distinct) to `out` in compareWithinCheck order,
 * from numbers: status and severity, then the resource's number (see orderResources) are
 * one number per finding, with its position added in the lowest digits, and a typed array
 * of them sorts without a comparison function. Only findings with the same status,
 * severity and resource (few) are then compared by evidence path and id. Returns false,
 * having appended nothing, when a finding's status, severity or evidence path is not one
 * this can order.
 */
function sortByResourceOrder(
  findings: readonly Finding[],
  resources: readonly ResourceFacts[],
  resourceCount: number,
  out: Finding[],
): boolean {
  const n = findings.length;
  // The largest number must stay an exact integer.
  if (24 * resourceCount * n >= Number.MAX_SAFE_INTEGER) return false;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const finding = findings[i];
    const status = STATUS_RANK[finding.status];
    const severity = SEVERITY_RANK[finding.severity];
    if (
      typeof status !== 'number' ||
      typeof severity !== 'number' ||
      !isText(finding.evidencePath)
    ) {
      return false;
    }
    // Higher status and severity first: 0 for fail/critical, 23 for pass/info.
    const rank = 23 - (status * 8 + severity);
    keys[i] = (rank * resourceCount + resources[i].order) * n + i;
  }
  keys.sort();
  for (let i = 0; i < n; ) {
    const position = keys[i] % n;
    const primary = keys[i] - position;
    let end = i + 1;
    while (end < n && keys[end] - (keys[end] % n) === primary) end++;
    if (end === i + 1) {
      out.push(findings[position]);
    } else {
      // Same status, severity and resource: evidence path, then id.
      const tied: Finding[] = [];
      for (let j = i; j < end; j++) tied.push(findings[keys[j] % n]);
      tied.sort(
        (a, b) =>
          compareText(a.evidencePath, b.evidencePath) ||
          compareText(a.id, b.id),
      );
      for (const finding of tied) out.push(finding);
    }
    i = end;
  }
  return true;
}
