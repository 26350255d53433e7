// The feedback store in Postgres, for shards on one or several machines: the same records as the
// feedback file (src/feedback.ts) behind the same interface, so a vote finds its answer on whichever
// shard handles the click, after a restart or a resharding, and `npm run feedback` counts every shard's
// votes. One row per answer (nq_answers) and one per voter per answer (nq_votes). Every write is one
// statement: two shards recording votes on one answer at the same moment each upsert their own row,
// and a voter's two clicks leave the later vote.
import { createHash, randomUUID } from 'node:crypto';
import type { AnswerRecord, FeedbackEntry, FeedbackRecorder, FeedbackSummary, RecordedSource, Vote } from '../feedback.js';
import { readFeedbackFile } from '../feedback.js';
import type { Db } from './db.js';

/** How `npm run feedback` and `/stats` name this store. */
export const PG_FEEDBACK = 'Postgres (DATABASE_URL)';

type AnswerRow = { id: string; time: Date | string; question: string; answer: string; abstained: boolean; sources: RecordedSource[]; message_id: string | null };

const ANSWER_COLUMNS = 'id, time, question, answer, abstained, sources, message_id';

function toRecord(r: AnswerRow): AnswerRecord {
  return {
    kind: 'answer', id: r.id, time: new Date(r.time).toISOString(), question: r.question, answer: r.answer,
    abstained: r.abstained, sources: r.sources, ...(r.message_id !== null ? { messageId: r.message_id } : {}),
  };
}

/** A timestamp Postgres accepts: the given one, or now when it is missing or unreadable. */
const at = (time: string | undefined): string => (time && !Number.isNaN(Date.parse(time)) ? new Date(time).toISOString() : new Date().toISOString());

// A vote names its answer; should the answer's own record be missing (its write failed, or a file from
// before answers were recorded), the vote brings what it knows of it, so the vote is never refused.
// A vote without an answer id or voter (old files) gets ids of its own and counts once. An older vote
// never replaces a newer one (a re-import of an old file, two clicks racing on two shards).
const RECORD_VOTES = `
  WITH v AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::jsonb[])
      AS u(answer_id, voter, vote, time, question, answer, sources)),
  a AS (
    INSERT INTO nq_answers (id, time, question, answer, abstained, sources)
    SELECT DISTINCT ON (answer_id) answer_id, time, question, answer, false, sources FROM v ORDER BY answer_id, time
    ON CONFLICT (id) DO NOTHING)
  INSERT INTO nq_votes (answer_id, voter, vote, time) SELECT answer_id, voter, vote, time FROM v
  ON CONFLICT (answer_id, voter) DO UPDATE SET vote = excluded.vote, time = excluded.time WHERE nq_votes.time <= excluded.time`;

type KeyedVote = FeedbackEntry & { answerId: string; voter: string };

/** A vote as stored: its own answer id and voter when it came without (`key` names it). */
const keyed = (e: FeedbackEntry, key: () => string): KeyedVote =>
  e.answerId && e.voter ? { ...e, answerId: e.answerId, voter: e.voter } : { ...e, answerId: `vote-${key()}`, voter: 'unknown' };

/** Record votes in one statement; each (answer, voter) may appear once. */
async function recordVotes(db: Db, entries: KeyedVote[]): Promise<void> {
  if (!entries.length) return;
  const rows = entries.map((e) => ({ ...e, time: at(e.time) }));
  await db.query(RECORD_VOTES, [
    rows.map((r) => r.answerId), rows.map((r) => r.voter), rows.map((r) => r.vote), rows.map((r) => r.time),
    rows.map((r) => r.question), rows.map((r) => r.answer), rows.map((r) => JSON.stringify(r.sources)),
  ]);
}

/** Insert answer records; an answer already stored is updated (the file store also keeps the last write). */
async function rememberAnswers(db: Db, answers: Array<Omit<AnswerRecord, 'kind'>>): Promise<void> {
  if (!answers.length) return;
  await db.query(
    `INSERT INTO nq_answers (${ANSWER_COLUMNS})
     SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::boolean[], $6::jsonb[], $7::text[])
     ON CONFLICT (id) DO UPDATE SET time = excluded.time, question = excluded.question, answer = excluded.answer,
       abstained = excluded.abstained, sources = excluded.sources, message_id = coalesce(excluded.message_id, nq_answers.message_id)`,
    [
      answers.map((a) => a.id), answers.map((a) => at(a.time)), answers.map((a) => a.question), answers.map((a) => a.answer),
      answers.map((a) => a.abstained), answers.map((a) => JSON.stringify(a.sources)), answers.map((a) => a.messageId ?? null),
    ],
  );
}

/** The 👍/👎 tally and the most down-voted questions, as summarizeFeedback reads them from a file. */
export async function summarizePgFeedback(db: Db, top = 5): Promise<FeedbackSummary> {
  const [totals] = await db.query<{ up: number; down: number }>(
    `SELECT count(*) FILTER (WHERE vote = 'up')::int AS up, count(*) FILTER (WHERE vote = 'down')::int AS down FROM nq_votes`,
  );
  // The same question typed twice (case, spacing) is one question, shown as first asked.
  const rows = await db.query<{ question: string; down: number; up: number }>(
    `SELECT (array_agg(q.question ORDER BY v.time))[1] AS question,
            count(*) FILTER (WHERE v.vote = 'down')::int AS down, count(*) FILTER (WHERE v.vote = 'up')::int AS up
     FROM nq_votes v JOIN nq_answers a ON a.id = v.answer_id
       CROSS JOIN LATERAL (SELECT regexp_replace(a.question, '^\\s+|\\s+$', '', 'g') AS question) q
     GROUP BY lower(regexp_replace(q.question, '\\s+', ' ', 'g'))
     HAVING count(*) FILTER (WHERE v.vote = 'down') > 0
     ORDER BY down DESC, max(v.time) DESC
     LIMIT $1`,
    [top],
  );
  const up = totals?.up ?? 0;
  const down = totals?.down ?? 0;
  return { up, down, total: up + down, mostDownvoted: rows.map((r) => ({ question: r.question, down: r.down, up: r.up })) };
}

/** The bot's feedback recorder on Postgres (migrated by connectIndexDb). */
export function pgFeedbackRecorder(db: Db): FeedbackRecorder {
  const one = async (where: string, value: string) =>
    (await db.query<AnswerRow>(`SELECT ${ANSWER_COLUMNS} FROM nq_answers WHERE ${where} = $1 LIMIT 1`, [value])).map(toRecord)[0];
  return {
    file: PG_FEEDBACK,
    record: (entry) => recordVotes(db, [keyed(entry, randomUUID)]),
    remember: (answer) => rememberAnswers(db, [answer]),
    async link(id, messageId) {
      await db.query('UPDATE nq_answers SET message_id = $2 WHERE id = $1', [id, messageId]);
    },
    answer: (id) => one('id', id),
    answerByMessage: (messageId) => one('message_id', messageId),
    async votes(id, voter) {
      const [row] = await db.query<{ up: number; down: number; mine: Vote | null }>(
        `SELECT count(*) FILTER (WHERE vote = 'up')::int AS up, count(*) FILTER (WHERE vote = 'down')::int AS down,
                max(vote) FILTER (WHERE voter = $2) AS mine
         FROM nq_votes WHERE answer_id = $1`,
        [id, voter],
      );
      return { ...(row?.mine ? { mine: row.mine } : {}), up: row?.up ?? 0, down: row?.down ?? 0 };
    },
    summary: () => summarizePgFeedback(db),
  };
}

/**
 * Copy a feedback file into Postgres (moving a bot onto DATABASE_URL): its answers, so buttons under
 * answers posted before the move still count, and the votes that count. One transaction; running it
 * again changes nothing, and a vote already newer in the database is kept.
 */
export async function importFeedbackFile(db: Db, file: string): Promise<{ answers: number; votes: number }> {
  const { answers, votes } = await readFeedbackFile(file);
  // A vote without ids is named by its place and content, so a second import finds it again.
  const key = (e: FeedbackEntry, i: number) => () => createHash('sha256').update(JSON.stringify([i, e.time, e.question, e.vote])).digest('base64url').slice(0, 16);
  await db.transaction(async (tx) => {
    await rememberAnswers(tx, answers);
    await recordVotes(tx, votes.map((e, i) => keyed(e, key(e, i))));
  });
  return { answers: answers.length, votes: votes.length };
}
