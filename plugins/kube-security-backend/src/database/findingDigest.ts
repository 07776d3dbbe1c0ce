import type { Finding } from '@kube-security/plugin-kube-security-common';
import { createHash, hash } from 'crypto';

/*
 * The digests a rescan decides with instead of reading or building rows:
 *
 * - the digest of the scan's whole list of findings with their owners, kept on the
 *   cluster row (`findings_digest`): the same list as the last good scan's, while the
 *   cluster still has as many open rows, writes and reads no finding. It is the only one
 *   an identical rescan computes.
 * - a digest per finding with its owner (`content_hash`), taken when the list differs (or
 *   when no list digest is stored), to know which findings changed without building or
 *   comparing their rows.
 *
 * Both come from one text per finding (`findingText`): for a finding of the engine's
 * shape, a JSON array of the values of its fields in a fixed order, without their names;
 * any other finding is written whole, names included, behind another tag, so a field the
 * engine adds later is covered without touching this file. The text is a function of the
 * finding and its owner only, and the stored columns are a function of exactly these two
 * (`findingContent` in the finding store), so equal digests mean equal rows. The other
 * way round costs only a write: findings that differ in a way the columns do not keep (a
 * field that is not stored, an absent field against null) get different digests and the
 * row is written again with the same content.
 *
 * The texts read back into the finding in one way only (a tag, then a fixed number of
 * JSON values; JSON escapes lone surrogates, so distinct strings never meet in the UTF-8
 * the hash reads), and the list digest hashes the texts one after the other (each is one
 * JSON array, so their sequence reads back one way too). SHA-256 keeps collisions out of
 * reach even for someone who controls the names, labels and messages a cluster produces:
 * a collision would keep a changed finding's old row, so a fast non-cryptographic 64-bit
 * hash, which such a person can collide at will, is not used (and would not be cheaper:
 * serialising is half the cost, and SHA-256 is hardware-accelerated here).
 */

/** Marks the per-finding digest's format. */
export const DIGEST_PREFIX = 's3:';

/**
 * The format before this one (`JSON.stringify([owner, finding])`): a stored digest of it
 * is checked against the finding once and replaced, without reading the row.
 */
const PREVIOUS_PREFIX = 's2:';

/** `content_hash` holds 40 characters: the prefix and 37 of the 43 base64url digits. */
const DIGEST_LENGTH = 40;

/** Marks the list digest's format: one of an earlier format never equals it. */
const LIST_PREFIX = 'l5:';

/** Findings whose texts are joined for one update of the list's hash. */
const BATCH = 128;

/** The fields a finding of the engine's shape has (any subset of them). */
const FINDING_FIELDS = new Set([
  'id',
  'checkId',
  'itemId',
  'category',
  'status',
  'severity',
  'message',
  'resource',
  'evidencePath',
  'labels',
  'exposure',
  'standards',
  'grant',
]);

const RESOURCE_FIELDS = new Set([
  'cluster',
  'kind',
  'namespace',
  'name',
  'container',
]);

function hasOnly(o: object, fields: ReadonlySet<string>): boolean {
  for (const key in o) {
    if (!fields.has(key)) return false;
  }
  return true;
}

/**
 * The text both digests hash:
 *   [0, owner, id, checkId, itemId, category, status, severity, message, cluster, kind,
 *    namespace, name, container, evidencePath, labels, exposure, standards, grant]
 * for a finding with no other field (absent values as null), else [1, owner, finding].
 */
export function findingText(f: Finding, owner: string | undefined): string {
  const r = f.resource as Finding['resource'] | null | undefined;
  if (
    typeof r !== 'object' ||
    r === null ||
    !hasOnly(f, FINDING_FIELDS) ||
    !hasOnly(r, RESOURCE_FIELDS)
  ) {
    return JSON.stringify([1, owner ?? null, f]);
  }
  return JSON.stringify([
    0,
    owner ?? null,
    f.id,
    f.checkId,
    f.itemId,
    f.category,
    f.status,
    f.severity,
    f.message,
    r.cluster,
    r.kind,
    r.namespace ?? null,
    r.name,
    r.container ?? null,
    f.evidencePath ?? null,
    f.labels ?? null,
    f.exposure ?? null,
    f.standards ?? null,
    f.grant ?? null,
  ]);
}

function digestOfText(text: string): string {
  return (DIGEST_PREFIX + hash('sha256', text, 'base64url')).slice(
    0,
    DIGEST_LENGTH,
  );
}

/** The digest of a finding and its owner, as stored in `content_hash`. */
export function findingDigest(
  finding: Finding,
  owner: string | undefined,
): string {
  return digestOfText(findingText(finding, owner));
}

/** Hashes the texts of a list in order, a batch of them at a time. */
class ListHash {
  private readonly hash = createHash('sha256');
  private texts: string[] = [];

  add(text: string) {
    this.texts.push(text);
    if (this.texts.length === BATCH) this.flush();
  }

  digest(): string {
    this.flush();
    return LIST_PREFIX + this.hash.digest('base64url');
  }

  private flush() {
    this.hash.update(this.texts.join(''));
    this.texts = [];
  }
}

/**
 * The digest of a scan's findings with their owners (`owners[i]` is the owner of
 * `findings[i]`): equal only for the same findings, content and owners in the same order.
 */
export function findingListDigest(
  findings: readonly Finding[],
  owners: ReadonlyArray<string | undefined>,
): string {
  const list = new ListHash();
  for (let i = 0; i < findings.length; i++) {
    list.add(findingText(findings[i], owners[i]));
  }
  return list.digest();
}

/**
 * The digest of every finding with its owner and the list's (the same as
 * {@link findingListDigest}), from one text per finding.
 */
export function findingDigests(
  findings: readonly Finding[],
  owners: ReadonlyArray<string | undefined>,
): { each: string[]; list: string } {
  const each = new Array<string>(findings.length);
  const list = new ListHash();
  for (let i = 0; i < findings.length; i++) {
    const text = findingText(findings[i], owners[i]);
    each[i] = digestOfText(text);
    list.add(text);
  }
  return { each, list: list.digest() };
}

/** Whether a stored list digest is of the format {@link findingListDigest} makes. */
export function isCurrentListDigest(stored: string | null): stored is string {
  return stored !== null && stored.startsWith(LIST_PREFIX);
}

/**
 * Whether a stored finding digest was made from the finding and its owner (this format or
 * the previous one), rather than from the columns (the SHA-1 rows had before).
 */
export function isFindingDigest(stored: string | null): stored is string {
  return (
    stored !== null &&
    (stored.startsWith(DIGEST_PREFIX) || stored.startsWith(PREVIOUS_PREFIX))
  );
}

/**
 * Whether a stored digest of the previous format is this finding's with this owner: then
 * the row holds the finding's content and only its digest is out of date.
 */
export function isPreviousDigestOf(
  stored: string,
  finding: Finding,
  owner: string | undefined,
): boolean {
  if (!stored.startsWith(PREVIOUS_PREFIX)) return false;
  const text = JSON.stringify([owner ?? null, finding]);
  return (
    stored ===
    (PREVIOUS_PREFIX + hash('sha256', text, 'base64url')).slice(
      0,
      DIGEST_LENGTH,
    )
  );
}
