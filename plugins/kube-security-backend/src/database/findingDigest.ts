import type { Finding } from '@kube-security/plugin-kube-security-common';
import { createHash, hash } from 'crypto';

/*
 * The content digest a rescan compares with the stored one (`content_hash`) to know that a
 * finding did not change without building or comparing its row.
 *
 * It is taken from the finding as the engine reports it, with its owner, not from the
 * columns: the stored columns are a function of exactly these two (`findingContent` in
 * the finding store), so equal digests mean equal rows, and any new field the engine
 * reports (and a column stores) is covered without touching this file. The other way
 * round costs only a write: two findings that differ in a way the columns do not keep
 * (key order, a field that is not stored) get different digests, and the row is written
 * again with the same content.
 *
 * `JSON.stringify` gives one flat string per finding (cheap to hash, unlike a string
 * built by concatenation) and escapes lone surrogates, so distinct strings never meet in
 * the UTF-8 the hash reads. SHA-256 (hardware-accelerated on current CPUs, about the cost
 * of SHA-1 here) keeps collisions out of reach even for someone who controls the names,
 * labels and messages a cluster produces: a collision would keep a changed finding's old
 * row, so a fast non-cryptographic 64-bit hash, which such a person can collide at will,
 * is not used.
 */

/**
 * Marks the format, so a stored digest of an older format (the SHA-1 of the columns,
 * 40 hex digits, or none) is recognised and compared the old way, once.
 */
export const DIGEST_PREFIX = 's2:';

/** `content_hash` holds 40 characters: the prefix and 37 of the 43 base64url digits. */
const DIGEST_LENGTH = 40;

/** The digest of a finding and its owner, as stored in `content_hash`. */
export function findingDigest(
  finding: Finding,
  owner: string | undefined,
): string {
  const text = JSON.stringify([owner ?? null, finding]);
  return (DIGEST_PREFIX + hash('sha256', text, 'base64url')).slice(
    0,
    DIGEST_LENGTH,
  );
}

/**
 * Marks the list digest's format (over the findings' digests), so one written by an
 * earlier format never equals it and the next scan compares finding by finding.
 */
const LIST_PREFIX = 'l3:';

/**
 * The digest of every finding with its owner (`owners[i]` is the owner of `findings[i]`),
 * and of the scan's list: equal only for the same findings, content and owners in the same
 * order. The list's digest is taken over the findings' digests (fixed length, so their
 * sequence reads back one way only), so each finding is turned into JSON once.
 */
export function findingDigests(
  findings: Finding[],
  owners: Array<string | undefined>,
): { each: string[]; list: string } {
  const each = new Array<string>(findings.length);
  const list = createHash('sha256');
  for (let i = 0; i < findings.length; i++) {
    each[i] = findingDigest(findings[i], owners[i]);
    list.update(each[i]);
  }
  return { each, list: LIST_PREFIX + list.digest('base64url') };
}

/** Whether a stored digest was made by {@link findingDigest}. */
export function isCurrentDigest(stored: string | null): stored is string {
  return stored !== null && stored.startsWith(DIGEST_PREFIX);
}
