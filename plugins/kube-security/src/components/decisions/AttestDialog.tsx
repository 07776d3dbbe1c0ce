import { useMemo, useState } from 'react';
import { Typography } from '@material-ui/core';
import type {
  CreateAttestationRequest,
  PlanItem,
} from '@kube-security/plugin-kube-security-common';
import { findActionItem } from '../common';
import { expiryBounds } from './dates';
import { DecisionDialog } from './DecisionDialog';
import {
  ExpiryField,
  LongTextField,
  UrlField,
  useDecisionSubmit,
} from './formFields';
import { expiryError, isValid, textError, urlError } from './validation';

/**
 * Attesting an item no scan can prove: a statement, a link to the evidence and an
 * expiry. Renewing an attestation starts from the current statement and link.
 */
export const AttestDialog = ({
  item,
  maxDays,
  onClose,
  onSubmit,
}: {
  /** The item attested; its current attestation, when renewing. */
  item: Pick<PlanItem, 'itemId' | 'title' | 'attestation'>;
  /** Longest allowed attestation, in days (the backend's limit). */
  maxDays: number;
  onClose: () => void;
  /** Sends the request; a rejection keeps the dialog open with its message. */
  onSubmit: (request: CreateAttestationRequest) => Promise<void>;
}) => {
  const bounds = useMemo(() => expiryBounds(maxDays), [maxDays]);
  const renewing = item.attestation !== undefined;
  const [statement, setStatement] = useState(item.attestation?.statement ?? '');
  const [evidenceUrl, setEvidenceUrl] = useState(
    item.attestation?.evidenceUrl ?? '',
  );
  const [expiresAt, setExpiresAt] = useState(bounds.defaultValue);
  const { attempted, sending, serverError, submit } =
    useDecisionSubmit(onSubmit);

  const errors = {
    statement: textError(statement, 'statement'),
    evidenceUrl: urlError(evidenceUrl, {
      what: 'evidence link',
      required: true,
    }),
    expiresAt: expiryError(expiresAt, bounds),
  };
  const shown: Partial<typeof errors> = attempted ? errors : {};
  const goodLooksLike = findActionItem(item.itemId)?.whatGoodLooksLike;
  const title = renewing ? 'Renew attestation' : 'Attest';

  return (
    <DecisionDialog
      id="ks-attest"
      title={title}
      subtitle={item.title}
      submitLabel={renewing ? 'Renew' : 'Attest'}
      sending={sending}
      serverError={serverError}
      onClose={onClose}
      onSubmit={() =>
        submit(isValid(errors), () => ({
          itemId: item.itemId,
          statement: statement.trim(),
          evidenceUrl: evidenceUrl.trim(),
          expiresAt,
        }))
      }
    >
      <Typography variant="body2" color="textSecondary" paragraph>
        State that this item is done although no scan can verify it. It shows as
        attested (not as passing) and earns its score until the expiry, then
        returns to unknown. A failing check always wins over the statement.
      </Typography>
      {goodLooksLike && (
        <Typography variant="body2">
          <strong>What good looks like:</strong> {goodLooksLike}
        </Typography>
      )}
      <LongTextField
        id="ks-decision-statement"
        label="Statement"
        value={statement}
        onChange={setStatement}
        error={shown.statement}
        hint="What is in place and how it was checked. At least 10 characters."
      />
      <UrlField
        id="ks-decision-evidence-url"
        label="Evidence link"
        value={evidenceUrl}
        onChange={setEvidenceUrl}
        error={shown.evidenceUrl}
        hint="Where a reviewer can see the evidence: a document, a report, a dashboard."
        required
      />
      <ExpiryField
        value={expiresAt}
        onChange={setExpiresAt}
        bounds={bounds}
        error={shown.expiresAt}
      />
    </DecisionDialog>
  );
};
