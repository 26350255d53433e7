// The one connection shape the Postgres backend talks to: parameterised queries and transactions.
// Production uses node-postgres (`pg`) over the wire; tests and the bench may hand in PGlite
// (see ./pglite.ts) so no server install is needed. Nothing here knows the schema.
import pg from 'pg';

export interface Db {
  query<T extends object = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Run `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Per-connection settings. ef_search must exceed the pool retrieval asks for (50), and pgvector ≥ 0.8's
 * iterative scan keeps filtered kNN (dates, outlet) from coming back short; older servers ignore it.
 * work_mem: BM25 groups every posting of the question's words by chunk, and at 50× BBC that hash no
 * longer fits the default 4 MB and spills to disk; 64 MB took hybrid p95 at 50× from 977 to 641 ms (p50
 * 396 → 254 ms; PGlite, `npm run bench -- --backend postgres --scales 50 --questions 50`). It is a
 * per-operation ceiling, not an allocation: a question uses it once.
 */
export const SESSION_SETTINGS = ['SET hnsw.ef_search = 100', "SET work_mem = '64MB'"];
const OPTIONAL_SETTINGS = ["SET hnsw.iterative_scan = 'relaxed_order'"];

type Queryable = { query: (sql: string, params?: unknown[]) => Promise<{ rows: unknown[] }> };

function wrapClient(client: Queryable): Omit<Db, 'transaction' | 'close'> {
  return { query: async <T extends object>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[] };
}

async function applySettings(run: (sql: string) => Promise<unknown>): Promise<void> {
  // The vector extension may not be created yet on a fresh database (migrations create it): settings
  // of an unknown extension are then skipped rather than failing the connection.
  for (const sql of [...SESSION_SETTINGS, ...OPTIONAL_SETTINGS]) await run(sql).catch(() => undefined);
}

/** A pooled node-postgres connection to `url` (postgres://user:pass@host:port/db). */
export function connectPostgres(url: string, options: { max?: number } = {}): Db {
  // allowExitOnIdle: a command-line run ends when its work is done, without an explicit close.
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 4, allowExitOnIdle: true });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  // Settings go on each new connection before its first query (pg's 'connect' event does not wait).
  const ready = new WeakSet<pg.PoolClient>();
  const checkout = async (): Promise<pg.PoolClient> => {
    const client = await pool.connect();
    if (!ready.has(client)) {
      await applySettings((sql) => client.query(sql));
      ready.add(client);
    }
    return client;
  };
  const self: Db = {
    async query<T extends object>(sql: string, params?: unknown[]) {
      const client = await checkout();
      try {
        return (await client.query(sql, params)).rows as T[];
      } finally {
        client.release();
      }
    },
    async transaction(fn) {
      const client = await checkout();
      try {
        await client.query('BEGIN');
        const tx: Db = { ...wrapClient(client), transaction: (inner) => inner(tx), close: async () => undefined };
        const out = await fn(tx);
        await client.query('COMMIT');
        return out;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
  return self;
}

export { applySettings };
