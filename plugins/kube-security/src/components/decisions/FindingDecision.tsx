import { useState } from 'react';
import {
  IconButton,
  ListItemIcon,
  ListItemText,
  Menu,
  MenuItem,
  Tooltip,
  Typography,
} from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import GavelIcon from '@material-ui/icons/Gavel';
import MoreVertIcon from '@material-ui/icons/MoreVert';
import type {
  Finding,
  PlanItem,
} from '@kube-security/plugin-kube-security-common';
import { acceptanceSummary, byWhom } from './DecisionBadges';
import { formatExpiryDay } from './dates';
import {
  ACCEPT_DENIED,
  disabledReason,
  notReadyReason,
} from './DecisionButton';
import { describeResource, getCheckTitle } from './describe';
import { useEntityDecisionsContext } from './EntityDecisionsContext';

const useStyles = makeStyles(theme => ({
  cell: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
  },
  state: { flex: '1 1 auto' },
  // A disabled item keeps its reason readable (MUI dims disabled items to 38%).
  reason: { whiteSpace: 'normal', maxWidth: 320 },
}));

/**
 * Where a finding stands, in words: "Open", "Accepted until 2027-01-10 by alice" (the
 * justification on hover), or "Attested" when the item rests on an attestation.
 */
export function findingDecisionState(item: PlanItem, finding: Finding): string {
  if (finding.accepted) {
    return `Accepted until ${formatExpiryDay(
      finding.accepted.expiresAt,
    )} by ${byWhom(finding.accepted.createdBy)}`;
  }
  if (item.status === 'attested') return 'Attested';
  return 'Open';
}

/** "Privileged container on Deployment shop/web, container web on eks-prod-eu". */
export function describeFinding(finding: Finding): string {
  const what = getCheckTitle(finding.checkId) ?? finding.message;
  return `${what} on ${describeResource(finding.resource, {
    container: true,
  })}`;
}

/**
 * The decision cell of a finding row: its state in words, and a menu of what can be
 * done with it (accept its risk: this finding, or its check on the resource). When the
 * user may not, the menu entry is disabled and says why.
 */
export const FindingDecision = ({
  item,
  finding,
}: {
  item: PlanItem;
  finding: Finding;
}) => {
  const classes = useStyles();
  const context = useEntityDecisionsContext();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const state = findingDecisionState(item, finding);
  const stateText = (
    <Typography
      variant="body2"
      className={classes.state}
      data-decision={finding.accepted ? 'accepted' : 'open'}
    >
      {state}
    </Typography>
  );
  const canAccept = context !== undefined && !finding.accepted;
  if (!canAccept) {
    return finding.accepted ? (
      <Tooltip title={acceptanceSummary(finding.accepted)}>{stateText}</Tooltip>
    ) : (
      stateText
    );
  }
  const described = describeFinding(finding);
  const acceptDisabled = disabledReason(context.accept, {
    notReady: notReadyReason(context),
    denied: ACCEPT_DENIED,
  });
  const menuId = `ks-finding-menu-${finding.id}`;
  return (
    <div className={classes.cell}>
      {stateText}
      <IconButton
        size="small"
        aria-label={`Actions for ${described}`}
        aria-haspopup="true"
        aria-controls={anchor ? menuId : undefined}
        onClick={event => setAnchor(event.currentTarget)}
        data-ks-print="hide"
      >
        <MoreVertIcon fontSize="small" />
      </IconButton>
      <Menu
        id={menuId}
        anchorEl={anchor}
        keepMounted={false}
        open={anchor !== null}
        onClose={() => setAnchor(null)}
      >
        <MenuItem
          disabled={acceptDisabled !== undefined}
          aria-label={
            acceptDisabled
              ? `Accept risk for ${described}. ${acceptDisabled}`
              : `Accept risk for ${described}`
          }
          onClick={() => {
            setAnchor(null);
            context.openAcceptRisk({ item, finding });
          }}
        >
          <ListItemIcon>
            <GavelIcon fontSize="small" />
          </ListItemIcon>
          <ListItemText
            primary="Accept risk"
            secondary={acceptDisabled}
            secondaryTypographyProps={{ className: classes.reason }}
          />
        </MenuItem>
      </Menu>
    </div>
  );
};
