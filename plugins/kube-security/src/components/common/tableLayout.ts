import { makeStyles, Theme } from '@material-ui/core/styles';

/**
 * Table layout that reads at any width. Backstage's theme lets table cells break
 * words anywhere (`word-break: break-word`), so a squeezed table wraps one letter
 * per line and short words split ("Clust er"). Here words only break between
 * each other, cells are compact, a table wider than its card scrolls inside the
 * card with its first column kept in view, and long identifiers (`identifier`)
 * may wrap inside themselves but never shrink to a sliver.
 */
export const useTableLayoutStyles = makeStyles((theme: Theme) => ({
  /** The box around the table: it scrolls the table, never the page. */
  scroll: {
    overflowX: 'auto',
    maxWidth: '100%',
    '@media print': { overflowX: 'visible' },
  },
  table: {
    '& th, & td': {
      wordBreak: 'normal',
      overflowWrap: 'normal',
      overflow: 'visible',
      verticalAlign: 'top',
      padding: theme.spacing(1, 1),
      '&:first-child': { paddingLeft: theme.spacing(2) },
      '&:last-child': { paddingRight: theme.spacing(2) },
    },
    // The first column names the row: it stays in view while the rest scrolls.
    '& th:first-child, & td:first-child': {
      position: 'sticky',
      left: 0,
      zIndex: 1,
      backgroundColor: theme.palette.background.paper,
      '@media print': { position: 'static' },
    },
  },
  /** Names, namespaces, paths: wrap inside if they must, but stay readable. */
  identifier: { overflowWrap: 'anywhere', minWidth: '10ch' },
  /** Short values (dates, counts, chips) stay on one line. */
  nowrap: { whiteSpace: 'nowrap' },
}));
