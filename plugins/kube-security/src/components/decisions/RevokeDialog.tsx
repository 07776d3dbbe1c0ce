import { useState } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Typography,
} from '@material-ui/core';
import {
  LongTextField,
  ServerErrorAlert,
  useDecisionSubmit,
} from './formFields';
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
    <Dialog
      open
      onClose={sending ? undefined : onClose}
      aria-labelledby="ks-revoke-title"
      fullWidth
      maxWidth="sm"
    >
      <form
        noValidate
        onSubmit={e => {
          e.preventDefault();
          submit(isValid({ reason: error }), () => reason.trim());
        }}
      >
        <DialogTitle id="ks-revoke-title">{title}</DialogTitle>
        <DialogContent>
          <Typography variant="subtitle1">{target.itemTitle}</Typography>
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
          <ServerErrorAlert message={serverError} />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={sending}>
            Cancel
          </Button>
          <Button
            type="submit"
            color="secondary"
            variant="contained"
            disabled={sending}
          >
            Revoke
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};
