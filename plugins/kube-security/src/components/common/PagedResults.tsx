import { ReactNode } from 'react';
import { Progress } from '@backstage/core-components';
import { LinearProgress } from '@material-ui/core';
import { KubeSecurityErrorPanel } from './ErrorPanel';
import { ServerPagination } from './ServerPagination';
import type { PagedRequest } from './usePagedRequest';

/**
 * The body of a section that lists a backend-paged request: a thin bar while
 * another page loads, then the error, a spinner on first load, `empty` when the
 * server has no row at all, or the rows `children` draws with the pager below.
 */
export function PagedResults<T extends { total: number }>({
  request,
  loadingLabel,
  errorTitle,
  empty,
  children,
}: {
  request: PagedRequest<T>;
  /** Accessible name of the bar shown while a further page loads. */
  loadingLabel: string;
  errorTitle: string;
  empty: ReactNode;
  children: (value: T) => ReactNode;
}) {
  const { value, loading, error, paginationProps } = request;
  let body;
  if (error) {
    body = <KubeSecurityErrorPanel error={error} title={errorTitle} />;
  } else if (!value) {
    body = <Progress />;
  } else if (value.total === 0) {
    body = empty;
  } else {
    body = (
      <>
        {children(value)}
        <ServerPagination count={value.total} {...paginationProps} />
      </>
    );
  }
  return (
    <>
      {/* Reserves the bar's height so rows do not jump while paging. */}
      <div style={{ height: 4 }}>
        {loading && value && <LinearProgress aria-label={loadingLabel} />}
      </div>
      {body}
    </>
  );
}
