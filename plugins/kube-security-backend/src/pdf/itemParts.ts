import {
  ActionItemId,
  AttestationSummary,
  getActionItem,
} from '@kube-security/plugin-kube-security-common';
import { formatDay } from './format';
import { bullet, note, paragraph, subheading } from './layout';
import type { Doc } from './layout';

/**
 * Which parts of an item the scans verify (its checks) and which rest on a team's
 * statement (its unverified parts), with the statement in force when there is one.
 */
export function renderItemParts(
  doc: Doc,
  itemId: ActionItemId,
  options: {
    /** The attestation in force; says so when there is none. Left out of a generic plan. */
    attestation?: AttestationSummary | null;
  } = {},
): void {
  const { attestation } = options;
  const item = getActionItem(itemId);
  subheading(doc, `Verified by checks (${item.checks.length})`);
  if (item.checks.length === 0) {
    paragraph(doc, 'No check can see this practice; all of it is stated.', {
      italic: true,
      size: 9,
    });
  }
  for (const check of item.checks) {
    // A check that asks for more than the practice is shown as such.
    const title = check.addition
      ? `${check.title} (addition to the practice: ${check.addition})`
      : check.title;
    bullet(doc, title, { size: 9 });
  }
  subheading(doc, `Rests on a statement (${item.unverifiedParts.length})`);
  for (const part of item.unverifiedParts) {
    bullet(doc, part.statement, { size: 9 });
  }
  if (attestation === undefined) return;
  note(
    doc,
    attestation
      ? `Stated by ${attestation.createdBy} until ${formatDay(
          attestation.expiresAt,
        )}: ${attestation.statement} (evidence: ${attestation.evidenceUrl})`
      : 'Not stated yet: attest these parts with a link to the evidence.',
  );
}
