import { useState } from 'react';
import { Link } from '@backstage/core-components';
import { ScrollableCode } from '../common/ScrollableCode';
import { Box, Tab, Tabs, Typography } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import {
  describeSeveralValues,
  fillRemediationStep,
  FixTarget,
  fixTargetLabel,
  PlaceholderValues,
  PROVIDERS,
  PROVIDER_TITLES,
  Provider,
  providersBesides,
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
  placeholder: { fontFamily: 'monospace' },
}));

/** The entity's provider first, the others after it in their usual order. */
export function providerTabOrder(provider?: Provider): Provider[] {
  return provider
    ? [provider, ...PROVIDERS.filter(p => p !== provider)]
    : [...PROVIDERS];
}

/**
 * The summary, steps and documentation of one provider's remediation, with the
 * placeholders the findings determine filled in (`values`); a placeholder with several
 * values stays, and the step lists them.
 */
export const RemediationPanel = ({
  provider,
  remediation,
  values = {},
  title,
}: {
  provider: Provider;
  remediation: Remediation;
  values?: PlaceholderValues;
  /** Printed above the steps (the tab label does not print); the provider's name by default. */
  title?: string;
}) => {
  const classes = useStyles();
  return (
    <Box pt={2}>
      <Typography variant="subtitle2" data-ks-print="only">
        {title ?? PROVIDER_TITLES[provider]}
      </Typography>
      <Typography variant="body1" paragraph>
        {remediation.summary}
      </Typography>
      <ol className={classes.steps}>
        {remediation.steps.map((original, index) => {
          const { step, several } = fillRemediationStep(original, values);
          return (
            <li key={index}>
              <Typography variant="body1">{step.text}</Typography>
              {step.consolePath && (
                <Typography variant="body2" color="textSecondary">
                  In the console:{' '}
                  <span className={classes.consolePath}>
                    {step.consolePath}
                  </span>
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
              {several.length > 0 && (
                <Typography variant="body2" color="textSecondary">
                  Once for each:{' '}
                  {several.map((entry, i) => (
                    <span key={entry.placeholder}>
                      {i > 0 && '; '}
                      <span className={classes.placeholder}>
                        {describeSeveralValues(entry)}
                      </span>
                    </span>
                  ))}
                </Typography>
              )}
            </li>
          );
        })}
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

interface RemediationTab {
  provider: Provider;
  label: string;
  values?: PlaceholderValues;
}

/**
 * The tabs of an item's fix: one per provider of the clusters where its findings are,
 * labelled with those clusters ("Amazon EKS — eks-prod-eu"), then the other providers.
 * Without targets (no cluster's provider known) the entity's provider comes first.
 */
export function remediationTabs(
  targets: readonly FixTarget[],
  provider?: Provider,
): RemediationTab[] {
  if (targets.length === 0) {
    return providerTabOrder(provider).map(p => ({
      provider: p,
      label: PROVIDER_TITLES[p],
    }));
  }
  return [
    ...targets.map(target => ({
      provider: target.provider,
      label: fixTargetLabel(target),
      values: target.values,
    })),
    ...providersBesides(targets).map(p => ({
      provider: p,
      label: PROVIDER_TITLES[p],
    })),
  ];
}

/**
 * How to fix an item: the steps for the providers of the clusters where its findings
 * are, filled with their names, first (the first selected); the other providers one
 * click away.
 */
export const RemediationTabs = ({
  idPrefix,
  targets = [],
  provider,
  remediation,
}: {
  /** Unique per item, for the tab / panel ARIA links. */
  idPrefix: string;
  /** Where the item's findings are, per provider (see `fixTargets`). */
  targets?: readonly FixTarget[];
  /** The entity's provider, first when no target is known. */
  provider?: Provider;
  remediation: Record<Provider, Remediation>;
}) => {
  const tabs = remediationTabs(targets, provider);
  const [selected, setSelected] = useState<Provider>(tabs[0].provider);
  return (
    <Box>
      <Tabs
        value={selected}
        onChange={(_, value: Provider) => setSelected(value)}
        indicatorColor="primary"
        textColor="primary"
        variant="scrollable"
        scrollButtons="auto"
        aria-label="Remediation by provider"
      >
        {tabs.map(tab => (
          <Tab
            key={tab.provider}
            value={tab.provider}
            id={`${idPrefix}-tab-${tab.provider}`}
            aria-controls={`${idPrefix}-panel-${tab.provider}`}
            label={tab.label}
          />
        ))}
      </Tabs>
      {tabs.map(tab => (
        <div
          key={tab.provider}
          role="tabpanel"
          id={`${idPrefix}-panel-${tab.provider}`}
          aria-labelledby={`${idPrefix}-tab-${tab.provider}`}
          hidden={tab.provider !== selected}
        >
          {tab.provider === selected && (
            <RemediationPanel
              provider={tab.provider}
              remediation={remediation[tab.provider]}
              values={tab.values}
              title={tab.label}
            />
          )}
        </div>
      ))}
    </Box>
  );
};
