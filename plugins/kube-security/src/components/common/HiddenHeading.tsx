import { Typography } from '@material-ui/core';
import type { ReactNode } from 'react';

const HIDDEN = {
  position: 'absolute',
  width: 1,
  height: 1,
  padding: 0,
  margin: -1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
  border: 0,
} as const;

/**
 * A section heading read by screen readers and kept in the outline, where the
 * page shows the section's content without a visible title.
 */
export const HiddenHeading = ({
  id,
  level = 2,
  children,
}: {
  id: string;
  level?: 2 | 3;
  children: ReactNode;
}) => (
  <Typography component={`h${level}`} id={id} style={HIDDEN}>
    {children}
  </Typography>
);
