import {
  Box,
  Chip,
  FormControl,
  InputLabel,
  MenuItem,
  Select,
} from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import {
  CATEGORY_TITLES,
  CategorySummary,
  Category,
  ITEM_STATUSES,
  ItemStatus,
  PlanItem,
} from '@kube-security/plugin-kube-security-common';
import { pluralize, STATUS_LABELS } from '../common';
import { matchesStatus, StatusFilter } from './filterPlanItems';

const STATUS_OPTIONS: StatusFilter[] = ['open', 'all', ...ITEM_STATUSES];

function statusOptionLabel(option: StatusFilter): string {
  if (option === 'all') return 'All items';
  if (option === 'open') return 'Needs work';
  return STATUS_LABELS[option as ItemStatus];
}

/**
 * The four categories with their open item counts, as the action plan presents
 * them; a chip filters the list to its category, a second click clears it.
 */
export const CategoryChips = ({
  categories,
  selected,
  onSelect,
}: {
  categories: CategorySummary[];
  selected?: Category;
  onSelect: (category?: Category) => void;
}) => (
  <Box
    display="flex"
    flexWrap="wrap"
    style={{ gap: 8 }}
    role="group"
    aria-label="Filter by category"
  >
    {categories.map(summary => {
      const isSelected = selected === summary.category;
      return (
        <Chip
          key={summary.category}
          clickable
          color={isSelected ? 'primary' : 'default'}
          variant={isSelected ? 'default' : 'outlined'}
          aria-pressed={isSelected}
          data-category={summary.category}
          label={`${CATEGORY_TITLES[summary.category]}: ${pluralize(
            summary.open,
            'item',
          )}`}
          title={`${summary.open} of ${summary.total} items need work`}
          onClick={() => onSelect(isSelected ? undefined : summary.category)}
        />
      );
    })}
  </Box>
);

const useLabelStyles = makeStyles(theme => ({
  // The theme's secondary text (translucent black) is just under AA on the page's grey.
  label: { color: theme.palette.text.primary },
}));

const StatusLabel = () => {
  const classes = useLabelStyles();
  return (
    <InputLabel id="ks-status-filter-label" className={classes.label}>
      Status
    </InputLabel>
  );
};

/** Status filter with the number of items each choice would show. */
export const StatusSelect = ({
  items,
  value,
  onChange,
}: {
  items: PlanItem[];
  value: StatusFilter;
  onChange: (value: StatusFilter) => void;
}) => (
  <FormControl variant="outlined" size="small" style={{ minWidth: 200 }}>
    <StatusLabel />
    <Select
      labelId="ks-status-filter-label"
      label="Status"
      value={value}
      onChange={event => onChange(event.target.value as StatusFilter)}
    >
      {STATUS_OPTIONS.map(option => (
        <MenuItem key={option} value={option}>
          {statusOptionLabel(option)} (
          {items.filter(i => matchesStatus(i.status, option)).length})
        </MenuItem>
      ))}
    </Select>
  </FormControl>
);
