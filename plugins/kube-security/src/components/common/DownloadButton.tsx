import { Button, CircularProgress } from '@material-ui/core';
import GetAppIcon from '@material-ui/icons/GetApp';
import { useDownload } from './useDownload';

/** A button that downloads a backend file (PDF, CSV) with the user's credentials. */
export const DownloadButton = ({
  label,
  fileName,
  fetchBlob,
}: {
  label: string;
  fileName: string;
  fetchBlob: () => Promise<Blob>;
}) => {
  const { download, downloading } = useDownload();
  return (
    <Button
      variant="outlined"
      color="primary"
      data-ks-print="hide"
      disabled={downloading}
      startIcon={
        downloading ? (
          <CircularProgress size={16} aria-label="Downloading" />
        ) : (
          <GetAppIcon />
        )
      }
      onClick={() => download(fetchBlob, fileName)}
    >
      {label}
    </Button>
  );
};
