import type { Knex } from 'knex';

interface QueryData {
  __knexQueryUid?: string;
  method?: string;
  sql?: string;
  bindings?: unknown[];
}

/** Columns of an `insert into t (a, b, …)` statement. */
function insertColumns(sql: string): number {
  const list = /^insert\s+into\s+\S+\s*\(([^)]*)\)/i.exec(sql)?.[1];
  return list ? list.split(',').length : 1;
}

/**
 * Counts the rows a knex client inserts, updates and deletes, per table, from its query
 * events: updates and deletes by the count the database returns, inserts (whose result
 * is no count on SQLite) by their bound values over their columns.
 */
export function rowWrites(knex: Knex) {
  const byTable = new Map<string, number>();
  const listener = (response: unknown, query: QueryData) => {
    const sql = query.sql ?? '';
    const table =
      /^(?:insert\s+into|update|delete\s+from)\s+[`"]?([\w.]+)/i.exec(sql)?.[1];
    if (!table) return;
    let rows = 0;
    if (query.method === 'insert') {
      rows = (query.bindings?.length ?? 0) / insertColumns(sql);
    } else if (typeof response === 'number') {
      rows = response;
    }
    byTable.set(table, (byTable.get(table) ?? 0) + rows);
  };
  knex.on('query-response', listener);
  return {
    /** Rows written since the counter started (or was reset), in every table or one. */
    rows(table?: string): number {
      if (table) return byTable.get(table) ?? 0;
      return [...byTable.values()].reduce((a, b) => a + b, 0);
    },
    /** Rows written by table. */
    byTable(): Record<string, number> {
      return Object.fromEntries(byTable);
    },
    reset() {
      byTable.clear();
    },
    stop() {
      knex.removeListener('query-response', listener);
    },
  };
}
