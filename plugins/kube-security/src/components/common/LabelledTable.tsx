import { ReactNode } from 'react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { useTableLayoutStyles } from './tableLayout';
import { TableScroll } from './TableScroll';

/**
 * A small table named for screen readers, with one plain header cell per
 * column; `children` are its body rows. Wider than its card, it scrolls inside
 * the card with its first column in view (see useTableLayoutStyles).
 */
export const LabelledTable = ({
  label,
  columns,
  className,
  children,
}: {
  label: string;
  columns: string[];
  className?: string;
  children: ReactNode;
}) => {
  const layout = useTableLayoutStyles();
  return (
    <TableScroll label={label}>
      <Table
        size="small"
        aria-label={label}
        className={[layout.table, className].filter(Boolean).join(' ')}
      >
        <TableHead>
          <TableRow>
            {columns.map(column => (
              <TableCell key={column}>{column}</TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>{children}</TableBody>
      </Table>
    </TableScroll>
  );
};
