import { ReactNode } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Typography,
} from '@material-ui/core';
import { ServerErrorAlert } from './formFields';

/**
 * The frame every decision dialog shares: title, the item it is about, the form's fields,
 * the server's refusal when there is one, and Cancel / submit. Closing is blocked while a
 * request runs, so an answer never lands in a dialog that is gone.
 */
export const DecisionDialog = ({
  id,
  title,
  subtitle,
  submitLabel,
  submitColor = 'primary',
  sending,
  serverError,
  onClose,
  onSubmit,
  children,
}: {
  /** Prefix of element ids, e.g. `ks-attest`. */
  id: string;
  title: string;
  /** The item's title. */
  subtitle: string;
  submitLabel: string;
  submitColor?: 'primary' | 'secondary';
  sending: boolean;
  serverError?: string;
  onClose: () => void;
  onSubmit: () => void;
  children: ReactNode;
}) => (
  <Dialog
    open
    onClose={sending ? undefined : onClose}
    aria-labelledby={`${id}-title`}
    fullWidth
    maxWidth="sm"
  >
    <form
      noValidate
      onSubmit={e => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <DialogTitle id={`${id}-title`}>{title}</DialogTitle>
      <DialogContent>
        <Typography variant="subtitle1">{subtitle}</Typography>
        {children}
        <ServerErrorAlert message={serverError} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={sending}>
          Cancel
        </Button>
        <Button
          type="submit"
          color={submitColor}
          variant="contained"
          disabled={sending}
        >
          {submitLabel}
        </Button>
      </DialogActions>
    </form>
  </Dialog>
);
