import { useMemo, useState } from 'react';
import {
  FormControl,
  FormControlLabel,
  FormLabel,
  Radio,
  RadioGroup,
  Typography,
} from '@material-ui/core';
import type {
  CreateExceptionRequest,
  Finding,
  PlanItem,
} from '@kube-security/plugin-kube-security-common';
import { expiryBounds } from './dates';
import { DecisionDialog } from './DecisionDialog';
import { describeResource, getCheckTitle } from './describe';
import {
  ExpiryField,
  LongTextField,
  UrlField,
  useDecisionSubmit,
} from './formFields';
import { expiryError, isValid, textError, urlError } from './validation';

/** What the user is accepting: a whole item, or one of its findings (or that check). */
export interface AcceptRiskTarget {
  item: PlanItem;
  finding?: Finding;
}

type FindingScope = 'finding' | 'check';

function requestOf(
  target: AcceptRiskTarget,
  scope: FindingScope,
  form: { justification: string; expiresAt: string; ticketUrl: string },
): CreateExceptionRequest {
  const ticketUrl = form.ticketUrl.trim();
  const common = {
    itemId: target.item.itemId,
    justification: form.justification.trim(),
    expiresAt: form.expiresAt,
    ...(ticketUrl ? { ticketUrl } : {}),
  };
  const { finding } = target;
  if (!finding) return { scope: 'item', ...common };
  if (scope === 'check') {
    // The finding names the resource; the check covers all of its containers.
    return {
      scope: 'check',
      checkId: finding.checkId,
      findingId: finding.id,
      ...common,
    };
  }
  return { scope: 'finding', findingId: finding.id, ...common };
}

const ScopeChoice = ({
  finding,
  value,
  onChange,
}: {
  finding: Finding;
  value: FindingScope;
  onChange: (value: FindingScope) => void;
}) => {
  const check = getCheckTitle(finding.checkId) ?? finding.checkId;
  const resource = { ...finding.resource, container: undefined };
  return (
    <FormControl component="fieldset" margin="normal">
      <FormLabel component="legend">What to accept</FormLabel>
      <RadioGroup
        value={value}
        onChange={e => onChange(e.target.value as FindingScope)}
      >
        <FormControlLabel
          value="finding"
          control={<Radio color="primary" />}
          label={
            <>
              <Typography variant="body2">This finding only</Typography>
              <Typography variant="caption" color="textSecondary">
                {finding.message} (
                {describeResource(finding.resource, { container: true })})
              </Typography>
            </>
          }
        />
        <FormControlLabel
          value="check"
          control={<Radio color="primary" />}
          label={
            <>
              <Typography variant="body2">
                This check on the whole resource
              </Typography>
              <Typography variant="caption" color="textSecondary">
                {check} on every container of {describeResource(resource)}
              </Typography>
            </>
          }
        />
      </RadioGroup>
    </FormControl>
  );
};

/**
 * Accepting a risk: for a whole item, or for one finding or its check on the resource.
 * Needs a justification and an expiry within the configured maximum; a ticket is optional.
 */
export const AcceptRiskDialog = ({
  target,
  maxDays,
  onClose,
  onSubmit,
}: {
  target: AcceptRiskTarget;
  /** Longest allowed exception, in days (the backend's limit). */
  maxDays: number;
  onClose: () => void;
  /** Sends the request; a rejection keeps the dialog open with its message. */
  onSubmit: (request: CreateExceptionRequest) => Promise<void>;
}) => {
  const bounds = useMemo(() => expiryBounds(maxDays), [maxDays]);
  const [scope, setScope] = useState<FindingScope>('finding');
  const [justification, setJustification] = useState('');
  const [expiresAt, setExpiresAt] = useState(bounds.defaultValue);
  const [ticketUrl, setTicketUrl] = useState('');
  const { attempted, sending, serverError, submit } =
    useDecisionSubmit(onSubmit);

  const errors = {
    justification: textError(justification, 'justification'),
    expiresAt: expiryError(expiresAt, bounds),
    ticketUrl: urlError(ticketUrl, { what: 'ticket link', required: false }),
  };
  const shown: Partial<typeof errors> = attempted ? errors : {};
  const { item, finding } = target;

  return (
    <DecisionDialog
      id="ks-accept-risk"
      title="Accept risk"
      subtitle={item.title}
      submitLabel="Accept risk"
      sending={sending}
      serverError={serverError}
      onClose={onClose}
      onSubmit={() =>
        submit(isValid(errors), () =>
          requestOf(target, scope, { justification, expiresAt, ticketUrl }),
        )
      }
    >
      <Typography variant="body2" color="textSecondary">
        {finding
          ? 'The accepted finding stays listed, marked as accepted, but stops counting against the score until the expiry.'
          : 'The whole item stops counting as open, including findings that appear later, until the expiry. It is left out of the score meanwhile.'}
      </Typography>
      {finding && (
        <ScopeChoice finding={finding} value={scope} onChange={setScope} />
      )}
      <LongTextField
        id="ks-decision-justification"
        label="Justification"
        value={justification}
        onChange={setJustification}
        error={shown.justification}
        hint="Why the risk is acceptable for now, and what limits it. At least 10 characters."
      />
      <ExpiryField
        value={expiresAt}
        onChange={setExpiresAt}
        bounds={bounds}
        error={shown.expiresAt}
      />
      <UrlField
        id="ks-decision-ticket-url"
        label="Ticket link"
        value={ticketUrl}
        onChange={setTicketUrl}
        error={shown.ticketUrl}
        hint="Optional: the ticket that tracks the fix."
      />
    </DecisionDialog>
  );
};
