import { useState } from 'react';
import { Typography } from '@material-ui/core';
import { DecisionDialog } from './DecisionDialog';
import { LongTextField, useDecisionSubmit } from './formFields';
import { isValid, textError } from './validation';

/** A decision to end before its expiry. */
export interface RevokeTarget {
  kind: 'exception' | 'attestation';
  id: number;
  /** The item it belongs to, for the dialog's subtitle. */
  itemTitle: string;
  /** What it covers, e.g. "The whole item" or the resource. */
  description: string;
}

/** Ending an exception or attestation early; the reason goes to the audit trail. */
export const RevokeDialog = ({
  target,
  onClose,
  onSubmit,
}: {
  target: RevokeTarget;
  onClose: () => void;
  /** Sends the reason; a rejection keeps the dialog open with its message. */
  onSubmit: (reason: string) => Promise<void>;
}) => {
  const [reason, setReason] = useState('');
  const { attempted, sending, serverError, submit } =
    useDecisionSubmit(onSubmit);
  const error = textError(reason, 'reason');
  const title =
    target.kind === 'exception' ? 'Revoke accepted risk' : 'Revoke attestation';
  return (
    <DecisionDialog
      id="ks-revoke"
      title={title}
      subtitle={target.itemTitle}
      submitLabel="Revoke"
      submitColor="secondary"
      sending={sending}
      serverError={serverError}
      onClose={onClose}
      onSubmit={() => submit(isValid({ reason: error }), () => reason.trim())}
    >
      <Typography variant="body2" color="textSecondary">
        {target.description}.{' '}
        {target.kind === 'exception'
          ? 'Its findings count against the score again at once.'
          : 'The item goes back to what the scans can prove, usually unknown.'}
      </Typography>
      <LongTextField
        id="ks-decision-reason"
        label="Reason"
        value={reason}
        onChange={setReason}
        error={attempted ? error : undefined}
        hint="Why it ends early, for the audit trail. At least 10 characters."
      />
    </DecisionDialog>
  );
};
