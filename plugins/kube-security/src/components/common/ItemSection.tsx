import { ReactNode } from 'react';
import { Box, Typography } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import type { ActionItem } from '@kube-security/plugin-kube-security-common';

const useStyles = makeStyles(theme => ({
  section: { marginBottom: theme.spacing(3) },
}));

/** A titled part of an opened plan item: a level-4 heading over its content. */
export const ItemSection = ({
  title,
  children,
}: {
  title: string;
  children: ReactNode;
}) => {
  const classes = useStyles();
  return (
    <Box className={classes.section}>
      <Typography variant="h6" component="h4">
        {title}
      </Typography>
      {children}
    </Box>
  );
};

/** The first part of an opened plan item: why the practice matters, what good looks like. */
export const WhyItMatters = ({
  item,
}: {
  item: Pick<ActionItem, 'why' | 'whatGoodLooksLike'>;
}) => (
  <ItemSection title="Why it matters">
    <Typography variant="body1" paragraph>
      {item.why}
    </Typography>
    <Typography variant="subtitle2">What good looks like</Typography>
    <Typography variant="body2">{item.whatGoodLooksLike}</Typography>
  </ItemSection>
);
