import {
  Category,
  CATEGORY_TITLES,
  Severity,
} from '@kube-security/plugin-kube-security-common';
import { severityLabel } from './format';
import { Doc, table } from './layout';

/** One row of a fix-order table: an item and what its second column says of it. */
export interface FixOrderRow {
  title: string;
  /** The second column's text (the item's status, the entity it is for). */
  detail: string;
  severity?: Severity;
  category: Category;
  /** How many resources the item affects. */
  affected: number;
}

/**
 * The summary page's table of items in the order to fix them: position, item, a second
 * column the caller names (`detail`), severity, category and affected resources. The item
 * and detail shares add up to 0.58 of the width; the other columns are fixed.
 */
export function fixOrderTable(
  doc: Doc,
  columns: { itemWidth: number; detail: { header: string; width: number } },
  rows: readonly FixOrderRow[],
): void {
  table(
    doc,
    [
      { header: '#', width: 0.05, align: 'right' },
      { header: 'Item', width: columns.itemWidth },
      columns.detail,
      { header: 'Severity', width: 0.1 },
      { header: 'Category', width: 0.15 },
      { header: 'Resources', width: 0.12, align: 'right' },
    ],
    rows.map((row, i) => [
      String(i + 1),
      row.title,
      row.detail,
      row.severity ? severityLabel(row.severity) : '-',
      CATEGORY_TITLES[row.category],
      String(row.affected),
    ]),
  );
}
