import { Link } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Paper, Typography } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import useAsync from 'react-use/esm/useAsync';
import { useSearchParams } from 'react-router-dom';
import type {
  OpenFindingsFilter,
  OverviewHeadline,
} from '@kube-security/plugin-kube-security-common';
import { kubeSecurityApiRef } from '../../api';
import { KubeSecurityErrorPanel, pluralize } from '../common';

/** The search parameter that opens one of the headline's lists. */
export const FINDINGS_PARAM = 'findings';
/** Where the headline's own lists and the sections it links to sit on the page. */
export const OPEN_FINDINGS_ID = 'ks-open-findings';
export const UNOWNED_ID = 'ks-unowned';
export const EXCEPTIONS_ID = 'ks-exceptions';

const useStyles = makeStyles(theme => ({
  strip: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(200px, 1fr))',
    gap: theme.spacing(2),
    margin: 0,
    padding: 0,
    listStyle: 'none',
  },
  tile: { padding: theme.spacing(2), height: '100%' },
  figure: {
    fontSize: theme.typography.h4.fontSize,
    fontWeight: theme.typography.fontWeightBold as number,
    lineHeight: 1.2,
  },
}));

/** The page's URL with one headline list open (other parameters kept). */
function useFindingsLink() {
  const [params] = useSearchParams();
  return (filter: OpenFindingsFilter) => {
    const next = new URLSearchParams(params);
    next.set(FINDINGS_PARAM, filter);
    return `?${next.toString()}#${OPEN_FINDINGS_ID}`;
  };
}

const Tile = ({
  figure,
  label,
  detail,
  to,
  linkText,
}: {
  figure: string;
  label: string;
  detail?: string;
  to: string;
  linkText: string;
}) => {
  const classes = useStyles();
  return (
    <li>
      <Paper variant="outlined" className={classes.tile}>
        <Typography component="p" className={classes.figure}>
          {figure}
        </Typography>
        <Typography component="p" variant="body2">
          {label}
        </Typography>
        {detail && (
          <Typography component="p" variant="caption" color="textSecondary">
            {detail}
          </Typography>
        )}
        <Typography component="p" variant="body2">
          <Link to={to}>{linkText}</Link>
        </Typography>
      </Paper>
    </li>
  );
};

/** The four figures, each with a link to the list it counts. */
export const HeadlineFigures = ({
  headline,
}: {
  headline: OverviewHeadline;
}) => {
  const classes = useStyles();
  const findingsLink = useFindingsLink();
  const severe = headline.critical + headline.high;
  return (
    <ul className={classes.strip} aria-label="Headline">
      <Tile
        figure={String(severe)}
        label="Open critical and high findings"
        detail={`${headline.critical} critical, ${headline.high} high`}
        to={findingsLink('critical-high')}
        linkText="List them"
      />
      <Tile
        figure={String(headline.internetExposed)}
        label="Open findings on internet-exposed workloads"
        to={findingsLink('internet-exposed')}
        linkText="List them"
      />
      <Tile
        figure={String(headline.unowned)}
        label="Unowned findings"
        detail={
          headline.unownedCritical > 0
            ? `${headline.unownedCritical} critical: give them an owner first`
            : 'No catalog entity owns them'
        }
        to={`#${UNOWNED_ID}`}
        linkText="Go to unowned findings"
      />
      <Tile
        figure={String(headline.expiringExceptions)}
        label={`Exceptions expiring within ${pluralize(
          headline.expiringWithinDays,
          'day',
        )}`}
        to={`#${EXCEPTIONS_ID}`}
        linkText="Go to active exceptions"
      />
    </ul>
  );
};

/**
 * What matters most across the organisation, at the top of the overview: open critical
 * and high findings, internet-exposed ones, unowned ones and exceptions about to expire,
 * counted by the backend over what the reader may see.
 */
export const HeadlineStrip = () => {
  const api = useApi(kubeSecurityApiRef);
  const { value, error } = useAsync(() => api.getOverview(), [api]);
  return (
    <section aria-labelledby="ks-headline-title">
      <Typography
        variant="h6"
        component="h2"
        id="ks-headline-title"
        gutterBottom
      >
        What matters most
      </Typography>
      {error && (
        <KubeSecurityErrorPanel
          error={error}
          title="Could not load the headline"
        />
      )}
      {value && <HeadlineFigures headline={value.headline} />}
      {!value && !error && (
        <Typography variant="body2" color="textSecondary">
          Counting open findings…
        </Typography>
      )}
    </section>
  );
};
