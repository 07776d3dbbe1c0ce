import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { useCallback, useState } from 'react';

/** Hands a blob to the browser as a file download. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoke on the next tick: the click has started the download by then.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/**
 * Downloads a file from the backend through the client (so the user's token is
 * sent, which a plain link would not do) and reports failures as an alert.
 */
export function useDownload() {
  const alertApi = useApi(alertApiRef);
  const [downloading, setDownloading] = useState(false);
  const download = useCallback(
    async (fetchBlob: () => Promise<Blob>, fileName: string) => {
      setDownloading(true);
      try {
        saveBlob(await fetchBlob(), fileName);
      } catch (error) {
        alertApi.post({
          message: `Could not download ${fileName}: ${
            error instanceof Error ? error.message : String(error)
          }`,
          severity: 'error',
        });
      } finally {
        setDownloading(false);
      }
    },
    [alertApi],
  );
  return { download, downloading };
}
