import { useState } from 'react';
import {
  Box,
  Button,
  CircularProgress,
  ListSubheader,
  Menu,
  MenuItem,
} from '@material-ui/core';
import ArrowDropDownIcon from '@material-ui/icons/ArrowDropDown';
import GetAppIcon from '@material-ui/icons/GetApp';
import {
  PROVIDER_TITLES,
  type Provider,
} from '@kube-security/plugin-kube-security-common';
import type { PlanPdfLayout } from '../../api';
import { useDownload } from './useDownload';

const PROVIDERS: Provider[] = ['eks', 'aks', 'gke'];

/** The file name of one layout: `plan.pdf`, `plan-by-category-gke.pdf`. */
function layoutFileName(base: string, layout: PlanPdfLayout): string {
  const parts = [
    layout.groupBy === 'category' ? 'by-category' : undefined,
    layout.provider,
  ].filter(Boolean);
  return parts.length === 0 ? `${base}.pdf` : `${base}-${parts.join('-')}.pdf`;
}

/**
 * "Download PDF" of an entity's or a team's plan, with a menu of the other layouts the
 * backend prints: grouped by category instead of by priority, and one provider's steps
 * instead of those of the providers the plan's clusters run on.
 */
export const PlanPdfDownload = ({
  fileNameBase,
  fetchBlob,
}: {
  /** Without `.pdf`; the layout is appended (`-by-category-eks`). */
  fileNameBase: string;
  fetchBlob: (layout: PlanPdfLayout) => Promise<Blob>;
}) => {
  const { download, downloading } = useDownload();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [groupBy, setGroupBy] = useState<'priority' | 'category'>('priority');

  const start = (layout: PlanPdfLayout) => {
    setAnchor(null);
    download(() => fetchBlob(layout), layoutFileName(fileNameBase, layout));
  };

  return (
    <Box display="inline-flex" data-ks-print="hide" style={{ gap: 4 }}>
      <Button
        variant="outlined"
        color="primary"
        disabled={downloading}
        startIcon={
          downloading ? (
            <CircularProgress size={16} aria-label="Downloading" />
          ) : (
            <GetAppIcon />
          )
        }
        onClick={() => start({})}
      >
        Download PDF
      </Button>
      <Button
        variant="outlined"
        color="primary"
        size="small"
        disabled={downloading}
        aria-label="More PDF layouts"
        aria-haspopup="menu"
        aria-expanded={anchor ? 'true' : undefined}
        onClick={e => setAnchor(e.currentTarget)}
      >
        <ArrowDropDownIcon />
      </Button>
      <Menu
        anchorEl={anchor}
        open={Boolean(anchor)}
        onClose={() => setAnchor(null)}
        getContentAnchorEl={null}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}
        transformOrigin={{ vertical: 'top', horizontal: 'right' }}
      >
        <ListSubheader disableSticky>Order</ListSubheader>
        <MenuItem
          selected={groupBy === 'priority'}
          onClick={() => setGroupBy('priority')}
        >
          By priority
        </MenuItem>
        <MenuItem
          selected={groupBy === 'category'}
          onClick={() => setGroupBy('category')}
        >
          By category, open items first
        </MenuItem>
        <ListSubheader disableSticky>Download with the steps for</ListSubheader>
        <MenuItem onClick={() => start({ groupBy })}>
          The providers of its clusters
        </MenuItem>
        {PROVIDERS.map(provider => (
          <MenuItem key={provider} onClick={() => start({ provider, groupBy })}>
            {PROVIDER_TITLES[provider]}
          </MenuItem>
        ))}
      </Menu>
    </Box>
  );
};
