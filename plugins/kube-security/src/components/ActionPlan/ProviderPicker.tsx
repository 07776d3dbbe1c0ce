import { Button, ButtonGroup } from '@material-ui/core';
import {
  Provider,
  PROVIDERS,
  PROVIDER_TITLES,
} from '@kube-security/plugin-kube-security-common';

/** The three providers as one pressed-button group; the chosen one is pressed. */
export const ProviderPicker = ({
  provider,
  onChange,
}: {
  provider: Provider;
  onChange: (provider: Provider) => void;
}) => (
  <ButtonGroup color="primary" aria-label="Provider" data-ks-print="hide">
    {PROVIDERS.map(p => (
      <Button
        key={p}
        variant={p === provider ? 'contained' : 'outlined'}
        aria-pressed={p === provider}
        onClick={() => onChange(p)}
      >
        {PROVIDER_TITLES[p]}
      </Button>
    ))}
  </ButtonGroup>
);
