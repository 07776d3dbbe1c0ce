import { mkdtempSync, rmSync, statSync } from 'fs';
import knexFactory, { Knex } from 'knex';
import { tmpdir } from 'os';
import { join } from 'path';

export type BenchDatabase = 'sqlite' | 'postgres';

export const DEFAULT_PG =
  process.env.KUBE_SECURITY_BENCH_PG ??
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??
  'postgresql://postgres:kube-security-test@127.0.0.1:54329';

export interface OpenDatabase {
  kind: BenchDatabase;
  knex: Knex;
  /** What the run used, for the report. */
  description: string;
  /** Bytes on disk (SQLite file or PostgreSQL database). */
  size(): Promise<number>;
  /** Closes the pool and removes the database. */
  dispose(): Promise<void>;
}

/**
 * A SQLite database in a file under a fresh temporary folder, through better-sqlite3 as
 * Backstage uses it (default journal mode and synchronous setting).
 */
function openSqlite(): OpenDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'kube-security-bench-'));
  const filename = join(dir, 'bench.sqlite');
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename },
    useNullAsDefault: true,
  });
  return {
    kind: 'sqlite',
    knex,
    description: `SQLite (better-sqlite3, file ${filename})`,
    async size() {
      let total = 0;
      for (const suffix of ['', '-wal', '-journal']) {
        try {
          total += statSync(filename + suffix).size;
        } catch {
          // absent
        }
      }
      return total;
    },
    async dispose() {
      await knex.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A PostgreSQL database created for this run on the given server and dropped after it. */
async function openPostgres(
  connectionString: string,
  poolMax: number,
): Promise<OpenDatabase> {
  const name = `kube_security_bench_${process.pid}_${Date.now().toString(36)}`;
  const admin = knexFactory({
    client: 'pg',
    connection: connectionString,
    pool: { min: 0, max: 1 },
  });
  const version = await admin.raw('show server_version');
  await admin.raw(`create database ${name}`);
  const url = new URL(connectionString);
  url.pathname = `/${name}`;
  const knex = knexFactory({
    client: 'pg',
    connection: url.toString(),
    pool: { min: 0, max: poolMax },
  });
  return {
    kind: 'postgres',
    knex,
    description: `PostgreSQL ${version.rows[0].server_version} (${url.host}, database ${name}, dropped after the run)`,
    async size() {
      const { rows } = await knex.raw(
        'select pg_database_size(current_database()) as n',
      );
      return Number(rows[0].n);
    },
    async dispose() {
      await knex.destroy();
      try {
        await admin.raw(`drop database if exists ${name} with (force)`);
      } finally {
        await admin.destroy();
      }
    },
  };
}

export async function openDatabase(
  kind: BenchDatabase,
  options: { pg: string; poolMax?: number },
): Promise<OpenDatabase> {
  return kind === 'sqlite'
    ? openSqlite()
    : openPostgres(options.pg, options.poolMax ?? 5);
}

export async function postgresReachable(
  connectionString: string,
): Promise<string | undefined> {
  const knex = knexFactory({
    client: 'pg',
    connection: connectionString,
    pool: { min: 0, max: 1 },
    acquireConnectionTimeout: 5000,
  });
  try {
    await knex.raw('select 1');
    return undefined;
  } catch (e) {
    return (e as Error).message;
  } finally {
    await knex.destroy();
  }
}

/**
 * Creates an empty copy of a table with the same columns and indexes, for the baseline
 * insert (PostgreSQL: LIKE … INCLUDING ALL; SQLite: the table's own DDL, renamed).
 */
export async function copyTable(
  db: OpenDatabase,
  table: string,
  copy: string,
): Promise<void> {
  if (db.kind === 'postgres') {
    await db.knex.raw(`create table ?? (like ?? including all)`, [copy, table]);
    return;
  }
  const rows: Array<{ sql: string | null }> = await db
    .knex('sqlite_master')
    .where({ tbl_name: table })
    .orderByRaw("type = 'table' desc")
    .select('sql');
  for (const { sql } of rows) {
    if (!sql) continue; // implicit primary-key index
    await db.knex.raw(sql.split(table).join(copy));
  }
}
