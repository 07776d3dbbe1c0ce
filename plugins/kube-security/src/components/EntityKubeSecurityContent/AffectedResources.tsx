import { useState } from 'react';
import {
  Button,
  Chip,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tooltip,
  Typography,
} from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import PublicIcon from '@material-ui/icons/Public';
import type {
  Finding,
  PlanItem,
} from '@kube-security/plugin-kube-security-common';
import { formatDate, SeverityChip } from '../common';
import { useTableLayoutStyles } from '../common/tableLayout';
import { TableScroll } from '../common/TableScroll';
import { BreakableIdentifier } from '../common/BreakableIdentifier';
import { FindingDecision, useEntityDecisionsContext } from '../decisions';

/** Rows shown before "Show all": a noisy item must not bury the next ones. */
export const INITIAL_ROWS = 20;

const useStyles = makeStyles(theme => ({
  // The message column takes what the others leave; it wraps between words.
  message: { minWidth: 200 },
  evidence: {
    fontFamily: 'monospace',
    fontSize: '0.8rem',
    overflowWrap: 'anywhere',
  },
  standards: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5),
    marginTop: theme.spacing(0.5),
  },
  exposed: {
    color: theme.palette.status.error,
    verticalAlign: 'middle',
    marginLeft: theme.spacing(0.5),
  },
}));

/**
 * The binding a finding on another resource comes from; for a ClusterRoleBinding, that
 * whoever owns the cluster changes it (the team's scorecard names them).
 */
function grantNote(finding: Finding): string | undefined {
  const { grant, resource } = finding;
  if (!grant) return undefined;
  if (grant.kind === resource.kind && grant.name === resource.name)
    return undefined;
  if (grant.kind === 'RoleBinding') {
    return `Granted by RoleBinding '${grant.namespace}/${grant.name}'`;
  }
  return `Granted by ClusterRoleBinding '${
    grant.name
  }': a cluster-wide binding, changed by the owner of cluster ${
    resource.cluster ?? 'this cluster'
  }`;
}

/**
 * The resources that fail or warn for one item, with where the evidence is and, on
 * the entity tab, whether their risk is accepted.
 */
export const AffectedResources = ({
  item,
  findings,
}: {
  item: PlanItem;
  findings: Finding[];
}) => {
  const classes = useStyles();
  const layout = useTableLayoutStyles();
  const [showAll, setShowAll] = useState(false);
  const decisions = useEntityDecisionsContext();
  const decisionColumn =
    decisions !== undefined || findings.some(f => f.accepted);
  const rows = showAll ? findings : findings.slice(0, INITIAL_ROWS);
  return (
    <>
      <TableScroll label="Affected resources">
        <Table
          size="small"
          className={layout.table}
          aria-label="Affected resources"
        >
          <TableHead>
            <TableRow>
              <TableCell>Cluster</TableCell>
              <TableCell>Namespace</TableCell>
              <TableCell>Kind</TableCell>
              <TableCell>Name</TableCell>
              <TableCell>Container</TableCell>
              <TableCell>Evidence</TableCell>
              <TableCell>Severity</TableCell>
              <TableCell>First seen</TableCell>
              {decisionColumn && <TableCell>Decision</TableCell>}
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map(finding => (
              <TableRow
                key={finding.id}
                data-accepted={finding.accepted ? 'true' : undefined}
              >
                <TableCell className={layout.identifier}>
                  {finding.resource.cluster ?? '—'}
                </TableCell>
                <TableCell className={layout.identifier}>
                  {finding.resource.namespace ?? '—'}
                </TableCell>
                <TableCell>{finding.resource.kind}</TableCell>
                <TableCell className={layout.identifier}>
                  {finding.resource.name}
                  {finding.exposure?.internet && (
                    <Tooltip title="Reachable from the internet">
                      <PublicIcon
                        fontSize="small"
                        className={classes.exposed}
                        aria-label="Internet-exposed"
                        aria-hidden={false}
                        role="img"
                      />
                    </Tooltip>
                  )}
                </TableCell>
                <TableCell className={layout.identifier}>
                  {finding.resource.container ?? '—'}
                </TableCell>
                <TableCell className={classes.message}>
                  <Typography variant="body2">{finding.message}</Typography>
                  {grantNote(finding) && (
                    <Typography variant="caption" component="div">
                      {grantNote(finding)}
                    </Typography>
                  )}
                  {finding.evidencePath && (
                    <span className={classes.evidence}>
                      <BreakableIdentifier text={finding.evidencePath} />
                    </span>
                  )}
                  {finding.standards && finding.standards.length > 0 && (
                    // The public controls the finding answers, e.g. CIS 5.2.2.
                    <div
                      className={classes.standards}
                      role="group"
                      aria-label="Standards"
                    >
                      {finding.standards.map(id => (
                        <Chip
                          key={id}
                          label={id}
                          size="small"
                          variant="outlined"
                        />
                      ))}
                    </div>
                  )}
                </TableCell>
                <TableCell>
                  <SeverityChip severity={finding.severity} />
                </TableCell>
                <TableCell className={layout.nowrap}>
                  {formatDate(finding.firstSeenAt) ?? '—'}
                </TableCell>
                {decisionColumn && (
                  <TableCell>
                    <FindingDecision item={item} finding={finding} />
                  </TableCell>
                )}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableScroll>
      {findings.length > INITIAL_ROWS && (
        <Button
          size="small"
          data-ks-print="hide"
          onClick={() => setShowAll(!showAll)}
        >
          {showAll
            ? `Show the first ${INITIAL_ROWS}`
            : `Show all ${findings.length} findings`}
        </Button>
      )}
      {item.findingsTotal !== undefined &&
        item.findingsTotal > item.findings.length && (
          <Typography variant="body2" color="textSecondary">
            {`The first ${item.findings.length} of ${item.findingsTotal} findings are shown; the CSV export on the Security overview lists them all.`}
          </Typography>
        )}
    </>
  );
};
