import { Box, Button } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { useEntityDecisionsContext } from '../decisions';

/**
 * The plan stays useful without its decisions; say they are missing, and that
 * accepting and attesting wait for them.
 */
export const DecisionsLoadWarning = () => {
  const context = useEntityDecisionsContext();
  if (!context?.loadError) return null;
  return (
    <Box mb={2} data-ks-print="hide">
      <Alert
        severity="warning"
        action={
          <Button color="inherit" size="small" onClick={context.retryLoad}>
            Retry
          </Button>
        }
      >
        Could not load the accepted risks and attestations of this entity (
        {context.loadError.message}). Accepting risks and attesting are
        unavailable until they load.
      </Alert>
    </Box>
  );
};
