import { DependencyList, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import type { PageQuery } from '../../api';
import type { ServerPaginationProps } from './ServerPagination';

export const DEFAULT_PAGE_SIZES = [10, 25, 50];

export type PagedRequest<T> = {
  /** The last page loaded; kept while the next one loads. */
  value?: T;
  loading: boolean;
  error?: Error;
  /** Everything ServerPagination needs except the total, which the response carries. */
  paginationProps: Omit<ServerPaginationProps, 'count'>;
};

/**
 * Loads one page of a backend list, starting on the first page with the smallest
 * size, and reloads when the page, the page size or any of `deps` changes.
 * `fetchPage` may resolve to undefined to load nothing (a collapsed section).
 */
export function usePagedRequest<T>(
  fetchPage: (query: PageQuery) => Promise<T | undefined>,
  deps: DependencyList,
  pageSizes: number[] = DEFAULT_PAGE_SIZES,
): PagedRequest<T> {
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(pageSizes[0]);
  const { value, loading, error } = useAsync(
    () => fetchPage({ offset: page * pageSize, limit: pageSize }),
    [...deps, page, pageSize],
  );
  return {
    value,
    loading,
    error,
    paginationProps: {
      page,
      pageSize,
      pageSizes,
      onPageChange: setPage,
      onPageSizeChange: size => {
        setPageSize(size);
        // The old page number may lie past the end with the new size.
        setPage(0);
      },
    },
  };
}
