// 👍/👎 votes, and what a vote or a follow-up needs to know about an answer, as JSON lines in one
// append-only file, so both survive a restart or a deploy. Each line is one `appendFile` (O_APPEND: the
// kernel places every write at the end, whole), writes are chained so two never interleave, and a line
// torn by a crash is closed off with a newline before the next append and skipped when read. No user
// names or ids are stored: a voter is a hash of the answer id and the user id, enough to let one person
// change their vote and nothing more. This file is the store of one machine; with DATABASE_URL set the
// bot keeps the same records in Postgres instead (src/pg/feedback.ts), behind the same interface.
import { createHash } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export type Vote = 'up' | 'down';

/** A cited article as an answer record keeps it (no quote text: the article has it). */
export interface RecordedSource {
  n: number;
  source: string;
  title: string;
  publisher?: string;
  date?: string;
}

export interface FeedbackEntry {
  /** ISO timestamp of the click. */
  time: string;
  question: string;
  /** The answer text as the engine gave it. */
  answer: string;
  /** What the answer cited, so a reviewer can check the quotes. */
  sources: Array<{ n: number; source: string; title: string }>;
  vote: Vote;
  /** The answer voted on; with `voter`, a later vote by the same person replaces this one. */
  answerId?: string;
  voter?: string;
}

/** What the bot remembers of an answer it posted: enough to record a vote and to answer a follow-up. */
export interface AnswerRecord {
  kind: 'answer';
  id: string;
  time: string;
  question: string;
  answer: string;
  abstained: boolean;
  sources: RecordedSource[];
  /** The Discord message that shows it, once sent (a reply to it is a follow-up). */
  messageId?: string;
}

interface MessageLink {
  kind: 'message';
  id: string;
  messageId: string;
}

export interface FeedbackSummary {
  up: number;
  down: number;
  total: number;
  /** Questions with at least one 👎, most down-voted first (ties: most recent first). */
  mostDownvoted: Array<{ question: string; down: number; up: number }>;
}

export interface FeedbackRecorder {
  /** Where the records live: the file's path, or a name for the database. */
  readonly file: string;
  record(entry: FeedbackEntry): Promise<void>;
  summary(): Promise<FeedbackSummary>;
  /** Remember an answer (before its message is sent, so a quick vote finds it). */
  remember(answer: Omit<AnswerRecord, 'kind'>): Promise<void>;
  /** Note which message shows answer `id`. */
  link(id: string, messageId: string): Promise<void>;
  answer(id: string): Promise<AnswerRecord | undefined>;
  answerByMessage(messageId: string): Promise<AnswerRecord | undefined>;
  /** This voter's current vote on answer `id`, and the tally (each voter's latest vote counted once). */
  votes(id: string, voter: string): Promise<{ mine?: Vote; up: number; down: number }>;
}

/** A voter as stored: unlinkable across answers, and no user id in the file. */
export function voterKey(answerId: string, userId: string): string {
  return createHash('sha256').update(`${answerId}:${userId}`).digest('base64url').slice(0, 16);
}

interface Book {
  answers: Map<string, AnswerRecord>;
  byMessage: Map<string, string>;
  /** answer id → voter → latest vote */
  votes: Map<string, Map<string, Vote>>;
}

function readLines(text: string): unknown[] {
  return text.split('\n').flatMap((line) => {
    if (!line.trim()) return [];
    try {
      return [JSON.parse(line) as unknown];
    } catch {
      return []; // a torn or hand-edited line
    }
  });
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    return '';
  }
}

function apply(book: Book, value: unknown): void {
  if (typeof value !== 'object' || value === null) return;
  const v = value as { kind?: unknown; id?: unknown; question?: unknown; messageId?: unknown };
  if (v.kind === 'answer' && typeof v.id === 'string' && typeof v.question === 'string') {
    const record = value as AnswerRecord;
    book.answers.set(record.id, record);
    if (record.messageId) book.byMessage.set(record.messageId, record.id);
  } else if (v.kind === 'message' && typeof v.id === 'string' && typeof v.messageId === 'string') {
    const record = book.answers.get(v.id);
    if (record) record.messageId = v.messageId;
    book.byMessage.set(v.messageId, v.id);
  } else if (isEntry(value) && value.answerId && value.voter) {
    const votes = book.votes.get(value.answerId) ?? new Map<string, Vote>();
    votes.set(value.voter, value.vote);
    book.votes.set(value.answerId, votes);
  }
}

export function createFeedbackRecorder(file: string): FeedbackRecorder {
  const book: Book = { answers: new Map(), byMessage: new Map(), votes: new Map() };
  // Load once, and close a line a crash may have torn, before anything is appended.
  let queue: Promise<unknown> = (async () => {
    const text = await readText(file);
    for (const value of readLines(text)) apply(book, value);
    if (text && !text.endsWith('\n')) await appendFile(file, '\n', 'utf8');
  })();
  const loaded = queue;
  const append = (value: object) => {
    const line = JSON.stringify(value) + '\n';
    const write = queue.then(async () => {
      await mkdir(dirname(file), { recursive: true });
      await appendFile(file, line, { encoding: 'utf8', flag: 'a' });
      apply(book, value);
    });
    queue = write.catch(() => undefined);
    return write;
  };
  return {
    file,
    record: (entry) => append(entry),
    remember: (answer) => append({ kind: 'answer', ...answer }),
    link: (id, messageId) => append({ kind: 'message', id, messageId } satisfies MessageLink),
    async answer(id) {
      await loaded;
      return book.answers.get(id);
    },
    async answerByMessage(messageId) {
      await loaded;
      const id = book.byMessage.get(messageId);
      return id ? book.answers.get(id) : undefined;
    },
    async votes(id, voter) {
      await queue;
      const votes = book.votes.get(id) ?? new Map<string, Vote>();
      let up = 0;
      for (const v of votes.values()) if (v === 'up') up++;
      const mine = votes.get(voter);
      return { ...(mine ? { mine } : {}), up, down: votes.size - up };
    },
    async summary() {
      await queue;
      return summarizeFeedback(file);
    },
  };
}

function isEntry(value: unknown): value is FeedbackEntry {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.question === 'string' && (v.vote === 'up' || v.vote === 'down');
}

/** The votes that count, in file order: each voter's latest vote on an answer (older lines carry no voter: each counts). */
function countedVotes(entries: FeedbackEntry[]): FeedbackEntry[] {
  const latest = new Map<string, number>();
  entries.forEach((e, i) => {
    if (e.answerId && e.voter) latest.set(`${e.answerId}:${e.voter}`, i);
  });
  return entries.filter((e, i) => !(e.answerId && e.voter) || latest.get(`${e.answerId}:${e.voter}`) === i);
}

/** Everything a feedback file holds (to move it into Postgres): the answers, and the votes that count. */
export async function readFeedbackFile(file: string): Promise<{ answers: AnswerRecord[]; votes: FeedbackEntry[] }> {
  const book: Book = { answers: new Map(), byMessage: new Map(), votes: new Map() };
  const values = readLines(await readText(file));
  for (const value of values) apply(book, value);
  return { answers: [...book.answers.values()], votes: countedVotes(values.filter(isEntry)) };
}

/** Counts from a feedback file; a missing file is zero votes, a malformed line is skipped. */
export async function summarizeFeedback(file: string, top = 5): Promise<FeedbackSummary> {
  const text = await readText(file);
  // A voter who changed their mind counts once, with their latest vote.
  const entries = countedVotes(readLines(text).filter(isEntry));
  let up = 0;
  let down = 0;
  const perQuestion = new Map<string, { question: string; up: number; down: number; last: number }>();
  entries.forEach((parsed, index) => {
    if (parsed.vote === 'up') up++;
    else down++;
    // Group case- and space-insensitively: the same question typed twice is one question.
    const key = parsed.question.trim().replace(/\s+/g, ' ').toLowerCase();
    const row = perQuestion.get(key) ?? { question: parsed.question.trim(), up: 0, down: 0, last: 0 };
    row[parsed.vote]++;
    row.last = index;
    perQuestion.set(key, row);
  });
  const mostDownvoted = [...perQuestion.values()]
    .filter((r) => r.down > 0)
    .sort((a, b) => b.down - a.down || b.last - a.last)
    .slice(0, top)
    .map(({ question, down: d, up: u }) => ({ question, down: d, up: u }));
  return { up, down, total: up + down, mostDownvoted };
}

/** The terminal report printed by `npm run feedback`; `where` names the file or the database. */
export function formatFeedbackSummary(where: string, s: FeedbackSummary): string {
  if (s.total === 0) return `No feedback yet in ${where}.`;
  const lines = [`Feedback in ${where}: ${s.total} votes — 👍 ${s.up}, 👎 ${s.down}`];
  if (s.mostDownvoted.length > 0) {
    lines.push('', 'Most down-voted questions:');
    for (const q of s.mostDownvoted) lines.push(`  👎 ${q.down}  👍 ${q.up}  ${q.question}`);
  }
  return lines.join('\n');
}
