import { useState } from 'react';
import { Link } from '@backstage/core-components';
import { ScrollableCode } from '../common/ScrollableCode';
import { Box, Tab, Tabs, Typography } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import {
  PROVIDERS,
  PROVIDER_TITLES,
  Provider,
  Remediation,
} from '@kube-security/plugin-kube-security-common';

const useStyles = makeStyles(theme => ({
  steps: {
    paddingLeft: theme.spacing(3),
    '& > li': { marginBottom: theme.spacing(2) },
  },
  consolePath: {
    fontFamily: theme.typography.fontFamily,
    fontWeight: 500,
  },
}));

/** The entity's provider first, the others after it in their usual order. */
export function providerTabOrder(provider?: Provider): Provider[] {
  return provider
    ? [provider, ...PROVIDERS.filter(p => p !== provider)]
    : [...PROVIDERS];
}

/** The summary, steps and documentation of one provider's remediation. */
export const RemediationPanel = ({
  provider,
  remediation,
}: {
  provider: Provider;
  remediation: Remediation;
}) => {
  const classes = useStyles();
  return (
    <Box pt={2}>
      <Typography variant="subtitle2" data-ks-print="only">
        {PROVIDER_TITLES[provider]}
      </Typography>
      <Typography variant="body1" paragraph>
        {remediation.summary}
      </Typography>
      <ol className={classes.steps}>
        {remediation.steps.map((step, index) => (
          <li key={index}>
            <Typography variant="body1">{step.text}</Typography>
            {step.consolePath && (
              <Typography variant="body2" color="textSecondary">
                In the console:{' '}
                <span className={classes.consolePath}>{step.consolePath}</span>
              </Typography>
            )}
            {step.command && (
              <ScrollableCode
                language="bash"
                text={step.command}
                label={`Command for step ${index + 1}`}
              />
            )}
            {step.manifest && (
              <ScrollableCode
                language="yaml"
                text={step.manifest}
                label={`Manifest for step ${index + 1}`}
              />
            )}
          </li>
        ))}
      </ol>
      {remediation.docs.length > 0 && (
        <>
          <Typography variant="subtitle2">Documentation</Typography>
          <ul>
            {remediation.docs.map(doc => (
              <li key={doc.url}>
                <Link to={doc.url} target="_blank" rel="noopener noreferrer">
                  {doc.title}
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </Box>
  );
};

/**
 * How to fix an item on each provider: the entity's own provider is the first
 * (selected) tab, the other two are one click away.
 */
export const RemediationTabs = ({
  idPrefix,
  provider,
  remediation,
}: {
  /** Unique per item, for the tab / panel ARIA links. */
  idPrefix: string;
  provider?: Provider;
  remediation: Record<Provider, Remediation>;
}) => {
  const order = providerTabOrder(provider);
  const [selected, setSelected] = useState<Provider>(order[0]);
  return (
    <Box>
      <Tabs
        value={selected}
        onChange={(_, value: Provider) => setSelected(value)}
        indicatorColor="primary"
        textColor="primary"
        aria-label="Remediation by provider"
      >
        {order.map(p => (
          <Tab
            key={p}
            value={p}
            id={`${idPrefix}-tab-${p}`}
            aria-controls={`${idPrefix}-panel-${p}`}
            label={
              p === provider
                ? `${PROVIDER_TITLES[p]} (this cluster)`
                : PROVIDER_TITLES[p]
            }
          />
        ))}
      </Tabs>
      {order.map(p => (
        <div
          key={p}
          role="tabpanel"
          id={`${idPrefix}-panel-${p}`}
          aria-labelledby={`${idPrefix}-tab-${p}`}
          hidden={p !== selected}
        >
          {p === selected && (
            <RemediationPanel provider={p} remediation={remediation[p]} />
          )}
        </div>
      ))}
    </Box>
  );
};
