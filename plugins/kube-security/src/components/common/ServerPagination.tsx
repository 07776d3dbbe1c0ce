import { TablePagination } from '@material-ui/core';

export type ServerPaginationProps = {
  /** How many rows the server has in all, not just on this page. */
  count: number;
  /** Zero-based. */
  page: number;
  pageSize: number;
  pageSizes: number[];
  onPageChange: (page: number) => void;
  onPageSizeChange: (pageSize: number) => void;
};

/** The footer of a table the backend pages; hidden when printing. */
export const ServerPagination = ({
  count,
  page,
  pageSize,
  pageSizes,
  onPageChange,
  onPageSizeChange,
}: ServerPaginationProps) => (
  <TablePagination
    component="div"
    count={count}
    page={page}
    rowsPerPage={pageSize}
    rowsPerPageOptions={pageSizes}
    onPageChange={(_, next) => onPageChange(next)}
    onRowsPerPageChange={e => onPageSizeChange(Number(e.target.value))}
    data-ks-print="hide"
  />
);
