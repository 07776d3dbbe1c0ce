import { ReactElement } from 'react';
import { Button, Tooltip } from '@material-ui/core';
import type { EntityDecisionsContextValue } from './EntityDecisionsContext';
import type { DecisionPermission } from './useEntityDecisions';

/** Why dialogs that need the entity's limits cannot open yet. */
export function notReadyReason(
  context: EntityDecisionsContextValue,
): string | undefined {
  if (context.decisions) return undefined;
  return context.loadError
    ? 'The accepted risks and attestations of this entity could not be loaded.'
    : 'Loading the accepted risks and attestations of this entity…';
}

/** Why a decision button is disabled, or undefined when it is not. */
export function disabledReason(
  permission: DecisionPermission,
  options: {
    /** Why the decisions are not there yet (loading, failed); undefined when loaded. */
    notReady?: string;
    denied: string;
  },
): string | undefined {
  if (options.notReady) return options.notReady;
  if (permission.loading) return 'Checking your permissions…';
  if (!permission.allowed) return options.denied;
  return undefined;
}

/**
 * A button that opens a decision dialog, disabled with the reason in a tooltip when
 * the user may not (a disabled button gets no pointer events, hence the span).
 */
export const DecisionButton = ({
  label,
  ariaLabel,
  disabledBecause,
  onClick,
  icon,
  variant = 'outlined',
}: {
  label: string;
  /** A longer accessible name, starting with the label, when the label alone is ambiguous. */
  ariaLabel?: string;
  disabledBecause?: string;
  onClick: () => void;
  icon?: ReactElement;
  variant?: 'outlined' | 'text';
}) => {
  const button = (
    <Button
      size="small"
      color="primary"
      variant={variant}
      startIcon={icon}
      aria-label={ariaLabel}
      disabled={disabledBecause !== undefined}
      onClick={onClick}
      data-ks-print="hide"
    >
      {label}
    </Button>
  );
  if (disabledBecause === undefined) return button;
  return (
    <Tooltip title={disabledBecause}>
      <span data-ks-print="hide">{button}</span>
    </Tooltip>
  );
};

export const ACCEPT_DENIED =
  'You may not accept risks for this entity: the permission policy allows it only to some people, usually the owning team.';
export const ATTEST_DENIED =
  'You may not attest items of this entity: the permission policy allows it only to some people, usually the owning team.';
