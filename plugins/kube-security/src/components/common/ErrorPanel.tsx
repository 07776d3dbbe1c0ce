import { ResponseErrorPanel, WarningPanel } from '@backstage/core-components';

/** The HTTP status of a failed backend call, when the error carries one. */
export function errorStatus(error: Error): number | undefined {
  return (error as { response?: { status?: number } }).response?.status;
}

/** Errors from the backend, with a clearer word for the common "not allowed" case. */
export const KubeSecurityErrorPanel = ({
  error,
  title = 'Could not load security findings',
}: {
  error: Error;
  title?: string;
}) => {
  if (errorStatus(error) === 403) {
    return (
      <WarningPanel
        severity="warning"
        defaultExpanded
        title="You are not allowed to see security findings"
        message="The permission policy denies kube-security.findings.read for your account. Ask the platform or security team for access."
      />
    );
  }
  return <ResponseErrorPanel error={error} title={title} />;
};
