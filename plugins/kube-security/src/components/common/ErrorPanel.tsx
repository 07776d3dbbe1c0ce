import { ResponseErrorPanel, WarningPanel } from '@backstage/core-components';

/** Errors from the backend, with a clearer word for the common "not allowed" case. */
export const KubeSecurityErrorPanel = ({ error }: { error: Error }) => {
  const status = (error as { response?: { status?: number } }).response?.status;
  if (status === 403) {
    return (
      <WarningPanel
        severity="warning"
        title="You are not allowed to see security findings"
        message="The permission policy denies kube-security.findings.read for your account. Ask the platform or security team for access."
      />
    );
  }
  return <ResponseErrorPanel error={error} title="Could not load security findings" />;
};
