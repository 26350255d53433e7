// The bench's Postgres: PGlite (PostgreSQL + pgvector in WebAssembly) persisted in DIR and served on
// 127.0.0.1 by pglite-socket, in its own process so the bot stage's memory is the bot's alone. Prints
// one `@@bench {"event":"pg-server","url":…}` line, then serves until killed.
//   node --import tsx src/bench/pg-server.ts DIR
// A real PostgreSQL ≥ 15 with pgvector is faster (parallel, not WebAssembly); this needs no install.
import { servePglite, pgliteDb } from '../pg/pglite.js';
import { EVENT_PREFIX } from './types.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: pg-server.ts DIR');
const db = await pgliteDb(dir);
const served = await servePglite(db.pglite);
process.stdout.write(`${EVENT_PREFIX}${JSON.stringify({ event: 'pg-server', url: served.url })}\n`);
const stop = () => void served.stop().then(() => db.close()).finally(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
