// Which feedback store the commands read: FEEDBACK_FILE, or Postgres when DATABASE_URL is set (the bot
// then records answers and votes there, see src/bin/start.ts), so `npm run feedback` and `npm run stats`
// count what every shard recorded.
import type { Config } from './config.js';
import { summarizeFeedback, type FeedbackSummary } from './feedback.js';
import type { Db } from './pg/db.js';
import { PG_FEEDBACK, summarizePgFeedback } from './pg/feedback.js';

export type FeedbackLocation = Pick<Config, 'FEEDBACK_FILE'> & Partial<Pick<Config, 'DATABASE_URL'>>;

/** Run `fn` on the migrated database at `url`, closing the connection after. */
export async function withFeedbackDb<T>(url: string, fn: (db: Db) => Promise<T>): Promise<T> {
  // Loaded only with a database: the file store's commands need none of the index wiring.
  const { connectIndexDb } = await import('./app.js');
  const db = await connectIndexDb(url);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

/** The tally and where it was read. */
export async function readFeedbackSummary(where: FeedbackLocation): Promise<{ where: string; summary: FeedbackSummary }> {
  if (!where.DATABASE_URL) return { where: where.FEEDBACK_FILE, summary: await summarizeFeedback(where.FEEDBACK_FILE) };
  return { where: PG_FEEDBACK, summary: await withFeedbackDb(where.DATABASE_URL, summarizePgFeedback) };
}
