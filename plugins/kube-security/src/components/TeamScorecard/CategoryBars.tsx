import { Box, LinearProgress, Typography } from '@material-ui/core';
import { makeStyles, Theme } from '@material-ui/core/styles';
import {
  CATEGORY_TITLES,
  gradeForValue,
  TeamScorecardResponse,
} from '@kube-security/plugin-kube-security-common';
import { pluralize } from '../common';
import { gradeColor } from '../common/Score';

type CategoryRollup = TeamScorecardResponse['categories'][number];

const useStyles = makeStyles<Theme, { score: number | null }>(theme => ({
  bar: { height: 10, borderRadius: 5 },
  barColor: ({ score }) => ({
    backgroundColor: gradeColor(theme, gradeForValue(score)),
  }),
}));

const CategoryBar = ({ category }: { category: CategoryRollup }) => {
  const classes = useStyles({ score: category.score });
  const title = CATEGORY_TITLES[category.category];
  return (
    <Box mb={1.5} data-category={category.category}>
      <Box display="flex" justifyContent="space-between">
        <Typography variant="body2">{title}</Typography>
        <Typography variant="body2" color="textSecondary">
          {category.score === null ? 'no evidence' : `${category.score}/100`}
          {' · '}
          {pluralize(category.open, 'open item')}
        </Typography>
      </Box>
      <LinearProgress
        variant="determinate"
        value={category.score ?? 0}
        classes={{ root: classes.bar, bar: classes.barColor }}
        aria-label={`${title} score`}
      />
    </Box>
  );
};

/** One bar per category: its own score, coloured like its grade, and the open items. */
export const CategoryBars = ({
  categories,
}: {
  categories: CategoryRollup[];
}) => (
  <Box>
    {categories.map(category => (
      <CategoryBar key={category.category} category={category} />
    ))}
  </Box>
);
