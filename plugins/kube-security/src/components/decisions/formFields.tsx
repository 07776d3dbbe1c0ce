import { ChangeEvent, useState } from 'react';
import { TextField } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { ExpiryBounds } from './dates';
import { serverMessage } from './serverMessage';
import { MAX_TEXT_LENGTH } from './validation';

/** The expiry day, limited to the range the backend accepts. */
export const ExpiryField = ({
  value,
  onChange,
  bounds,
  error,
}: {
  value: string;
  onChange: (value: string) => void;
  bounds: ExpiryBounds;
  error?: string;
}) => (
  <TextField
    id="ks-decision-expires-at"
    type="date"
    label="Expires on"
    required
    fullWidth
    margin="normal"
    variant="outlined"
    value={value}
    onChange={(e: ChangeEvent<HTMLInputElement>) => onChange(e.target.value)}
    InputLabelProps={{ shrink: true }}
    inputProps={{ min: bounds.min, max: bounds.max }}
    error={Boolean(error)}
    helperText={
      error ??
      `Valid through the end of this day (UTC); at most ${bounds.maxDays} days from today.`
    }
  />
);

/** A justification, statement or reason: several lines, length limited like the backend. */
export const LongTextField = ({
  id,
  label,
  value,
  onChange,
  error,
  hint,
}: {
  /** Links the label to the field (dialogs show one form at a time). */
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint: string;
}) => (
  <TextField
    id={id}
    label={label}
    required
    fullWidth
    multiline
    minRows={3}
    margin="normal"
    variant="outlined"
    value={value}
    onChange={(e: ChangeEvent<HTMLInputElement>) => onChange(e.target.value)}
    inputProps={{ maxLength: MAX_TEXT_LENGTH }}
    error={Boolean(error)}
    helperText={error ?? hint}
  />
);

export const UrlField = ({
  id,
  label,
  value,
  onChange,
  error,
  hint,
  required = false,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint: string;
  required?: boolean;
}) => (
  <TextField
    id={id}
    label={label}
    type="url"
    required={required}
    fullWidth
    margin="normal"
    variant="outlined"
    placeholder="https://"
    value={value}
    onChange={(e: ChangeEvent<HTMLInputElement>) => onChange(e.target.value)}
    error={Boolean(error)}
    helperText={error ?? hint}
  />
);

/** The backend's answer when it refused the decision; the form keeps its input. */
export const ServerErrorAlert = ({ message }: { message?: string }) =>
  message ? (
    <Alert severity="error" role="alert">
      {message}
    </Alert>
  ) : null;

/**
 * Sending state of a decision form: errors show once the user tried to send, the
 * button is disabled while a request runs, and a refusal keeps the form open.
 */
export function useDecisionSubmit<T>(onSubmit: (body: T) => Promise<void>) {
  const [attempted, setAttempted] = useState(false);
  const [sending, setSending] = useState(false);
  const [serverError, setServerError] = useState<string | undefined>();
  const submit = async (valid: boolean, body: () => T) => {
    setAttempted(true);
    if (!valid || sending) return;
    setSending(true);
    setServerError(undefined);
    try {
      await onSubmit(body());
    } catch (error) {
      setServerError(serverMessage(error as Error));
    } finally {
      setSending(false);
    }
  };
  return { attempted, sending, serverError, submit };
}
