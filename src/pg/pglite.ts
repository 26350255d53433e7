// PGlite (PostgreSQL compiled to WebAssembly, with the real pgvector extension) behind the `Db` shape,
// for tests and the bench: the same SQL as a server, in-process, no install. Optionally served on
// 127.0.0.1 with pglite-socket so the production client (`pg`) talks to it over the wire protocol.
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { applySettings, type Db } from './db.js';

type Runner = Pick<PGlite | Transaction, 'query'>;

function wrap(run: Runner): Pick<Db, 'query'> {
  return { query: async <T extends object>(sql: string, params?: unknown[]) => (await run.query<T>(sql, params)).rows };
}

/** A PGlite database (in memory, or persisted in `dataDir`) with pgvector loaded. */
export async function createPglite(dataDir?: string): Promise<PGlite> {
  const db = await PGlite.create({ ...(dataDir ? { dataDir } : {}), extensions: { vector } });
  await db.exec('CREATE EXTENSION IF NOT EXISTS vector');
  return db;
}

export async function pgliteDb(dataDir?: string): Promise<Db & { pglite: PGlite }> {
  const pglite = await createPglite(dataDir);
  await applySettings((sql) => pglite.exec(sql));
  return {
    pglite,
    ...wrap(pglite),
    transaction: (fn) => pglite.transaction((tx) => fn(inTransaction(tx))),
    close: () => pglite.close(),
  };
}

function inTransaction(tx: Transaction): Db {
  const db: Db = { ...wrap(tx), transaction: (inner) => inner(db), close: async () => undefined };
  return db;
}

/** Serve a PGlite database on 127.0.0.1 (port 0: any free port); returns its postgres:// URL. */
export async function servePglite(pglite: PGlite, port = 0): Promise<{ url: string; stop: () => Promise<void> }> {
  // Queries of several connections are queued onto PGlite's one session (pglite-socket's multiplexer).
  const server = new PGLiteSocketServer({ db: pglite, host: '127.0.0.1', port, maxConnections: 16 });
  await server.start();
  const address = server.getServerConn();
  return { url: `postgres://postgres@${address}/postgres?sslmode=disable`, stop: () => server.stop() };
}
