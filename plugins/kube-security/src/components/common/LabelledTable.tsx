import { ReactNode } from 'react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';

/**
 * A small table named for screen readers, with one plain header cell per
 * column; `children` are its body rows.
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
}) => (
  <TableContainer>
    <Table size="small" aria-label={label} className={className}>
      <TableHead>
        <TableRow>
          {columns.map(column => (
            <TableCell key={column}>{column}</TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>{children}</TableBody>
    </Table>
  </TableContainer>
);
