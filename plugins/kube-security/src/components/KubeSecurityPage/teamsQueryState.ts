import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  CATEGORIES,
  Category,
  PROVIDERS,
  Provider,
  TeamSortField,
} from '@kube-security/plugin-kube-security-common';
import type { TeamsQuery } from '../../api';

export const PAGE_SIZES = [10, 25, 50, 100];

/** Teams nested by the group hierarchy, or one flat list paged by the backend. */
export type TeamsView = 'tree' | 'list';

/** The overview's table state; it lives in the URL so "back" restores it. */
export interface TeamsTableState {
  page: number;
  pageSize: number;
  sort: TeamSortField;
  order: 'asc' | 'desc';
  q: string;
  category?: Category;
  provider?: Provider;
  cluster?: string;
  view: TeamsView;
}

export const DEFAULT_STATE: TeamsTableState = {
  page: 0,
  pageSize: 25,
  // Worst score first: the overview is for finding who needs help.
  sort: 'score',
  order: 'asc',
  q: '',
  view: 'tree',
};

/** First click on a column sorts in the direction that shows problems first. */
export const DEFAULT_ORDER: Record<TeamSortField, 'asc' | 'desc'> = {
  score: 'asc',
  name: 'asc',
  open: 'desc',
  trend: 'asc',
};

const SORT_FIELDS: readonly TeamSortField[] = [
  'score',
  'name',
  'open',
  'trend',
];

function oneOf<T extends string>(
  value: string | null,
  allowed: readonly T[],
): T | undefined {
  return allowed.find(a => a === value);
}

function nonNegativeInt(value: string | null): number | undefined {
  if (value === null) return undefined;
  const parsed = Number(value);
  return Number.isInteger(parsed) && parsed >= 0 ? parsed : undefined;
}

export function parseTeamsState(params: URLSearchParams): TeamsTableState {
  const pageSize = nonNegativeInt(params.get('size'));
  return {
    page: nonNegativeInt(params.get('page')) ?? DEFAULT_STATE.page,
    pageSize:
      pageSize !== undefined && PAGE_SIZES.includes(pageSize)
        ? pageSize
        : DEFAULT_STATE.pageSize,
    sort: oneOf(params.get('sort'), SORT_FIELDS) ?? DEFAULT_STATE.sort,
    order: oneOf(params.get('order'), ['asc', 'desc']) ?? DEFAULT_STATE.order,
    q: params.get('q') ?? '',
    category: oneOf(params.get('category'), CATEGORIES),
    provider: oneOf(params.get('provider'), PROVIDERS),
    cluster: params.get('cluster') || undefined,
    view: oneOf(params.get('view'), ['tree', 'list']) ?? DEFAULT_STATE.view,
  };
}

export function teamsStateToParams(state: TeamsTableState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.page !== DEFAULT_STATE.page) params.set('page', String(state.page));
  if (state.pageSize !== DEFAULT_STATE.pageSize) {
    params.set('size', String(state.pageSize));
  }
  if (state.sort !== DEFAULT_STATE.sort) params.set('sort', state.sort);
  if (state.order !== DEFAULT_STATE.order) params.set('order', state.order);
  if (state.q) params.set('q', state.q);
  if (state.category) params.set('category', state.category);
  if (state.provider) params.set('provider', state.provider);
  if (state.cluster) params.set('cluster', state.cluster);
  if (state.view !== DEFAULT_STATE.view) params.set('view', state.view);
  return params;
}

export function teamsQueryOf(state: TeamsTableState): TeamsQuery {
  return {
    offset: state.page * state.pageSize,
    limit: state.pageSize,
    sort: state.sort,
    order: state.order,
    ...(state.q.trim() ? { q: state.q.trim() } : {}),
    ...(state.category ? { category: state.category } : {}),
    ...(state.provider ? { provider: state.provider } : {}),
    ...(state.cluster ? { cluster: state.cluster } : {}),
  };
}

export function hasFilters(state: TeamsTableState): boolean {
  return Boolean(
    state.q.trim() || state.category || state.provider || state.cluster,
  );
}

/**
 * The table state from the URL, and an updater. Any change but paging goes
 * back to the first page: page 7 of a different result set means nothing.
 */
export function useTeamsTableState() {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => parseTeamsState(params), [params]);
  const update = useCallback(
    (patch: Partial<TeamsTableState>) => {
      const keepsPage = Object.keys(patch).every(key => key === 'page');
      const next = {
        ...parseTeamsState(params),
        ...(keepsPage ? {} : { page: 0 }),
        ...patch,
      };
      setParams(teamsStateToParams(next), { replace: true });
    },
    [params, setParams],
  );
  return [state, update] as const;
}
