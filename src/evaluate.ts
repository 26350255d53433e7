// Answer-quality figures for a question file, through the same `ask` path users get.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { AnswerTrace, LoadedEngine } from './engine.js';

const questionSchema = z
  .object({
    id: z.string(),
    question: z.string(),
    answerable: z.boolean(),
    answers: z.array(z.string()).default([]),
    source: z.string().optional(),
    sources: z.array(z.string()).optional(),
    kind: z.string().optional(),
  })
  .transform((q) => ({ ...q, sources: q.sources ?? (q.source ? [q.source] : []) }));
export type EvalQuestion = z.infer<typeof questionSchema>;

export async function readQuestions(file: string): Promise<EvalQuestion[]> {
  const lines = (await readFile(file, 'utf8')).split('\n').filter((l) => l.trim());
  return lines.map((line, i) => {
    const parsed = questionSchema.safeParse(JSON.parse(line));
    if (!parsed.success) throw new Error(`${file} line ${i + 1}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    return parsed.data;
  });
}

export interface QuestionResult {
  q: EvalQuestion;
  trace: AnswerTrace;
  /** 1-based rank of the first gold article (citations first, then retrieval order), or 0. */
  rank: number;
  contained: boolean;
  /** The short answer equals a gold answer (case-insensitive, exact). */
  shortMatch: boolean;
}

export interface EvalFigures {
  mode: string;
  answerable: number;
  unanswerable: number;
  hit1: number;
  hit3: number;
  hit5: number;
  mrr: number;
  containment: number;
  /** Share of answerable questions whose short answer equals a gold answer. */
  shortMatch: number;
  falseAbstention: number;
  abstentionOnUnanswerable: number;
  /** Abstention rates if the threshold were each of these values. */
  tradeoff: { threshold: number; falseAbstention: number; abstentionOnUnanswerable: number }[];
}

/** Articles in the order a user meets them: the cited ones, then the rest of the retrieval ranking. */
export function rankedSources(trace: AnswerTrace): string[] {
  return [...new Set([...trace.answer.citations.map((c) => c.source), ...trace.ranked.map((r) => r.chunk.source)])];
}

export async function runQuestions(engine: LoadedEngine, questions: readonly EvalQuestion[]): Promise<QuestionResult[]> {
  const out: QuestionResult[] = [];
  for (const q of questions) {
    const trace = await engine.askTraced(q.question);
    const sources = rankedSources(trace);
    const rank = q.sources.length ? sources.findIndex((s) => q.sources.includes(s)) + 1 : 0;
    const quoted = trace.answer.citations.map((c) => c.quote).join(' ').toLowerCase();
    const contained = !trace.answer.abstained && q.answers.some((a) => quoted.includes(a.toLowerCase()));
    const short = trace.answer.citations.find((c) => c.short)?.short?.text.toLowerCase();
    const shortMatch = !trace.answer.abstained && !!short && q.answers.some((a) => a.toLowerCase() === short);
    out.push({ q, trace, rank, contained, shortMatch });
  }
  return out;
}

/** Would this question be abstained on with the probability threshold at `t`? */
const abstainsAt = (r: QuestionResult, t: number) => r.trace.probability < t;

const share = (n: number, d: number) => (d ? Math.round((n / d) * 1000) / 1000 : 0);

export function figures(mode: string, results: readonly QuestionResult[], thresholds: readonly number[] = []): EvalFigures {
  const ans = results.filter((r) => r.q.answerable);
  const un = results.filter((r) => !r.q.answerable);
  const hit = (k: number) => share(ans.filter((r) => r.rank > 0 && r.rank <= k).length, ans.length);
  return {
    mode,
    answerable: ans.length,
    unanswerable: un.length,
    hit1: hit(1),
    hit3: hit(3),
    hit5: hit(5),
    mrr: share(ans.reduce((s, r) => s + (r.rank ? 1 / r.rank : 0), 0), ans.length),
    containment: share(ans.filter((r) => r.contained).length, ans.length),
    shortMatch: share(ans.filter((r) => r.shortMatch).length, ans.length),
    falseAbstention: share(ans.filter((r) => r.trace.answer.abstained).length, ans.length),
    abstentionOnUnanswerable: share(un.filter((r) => r.trace.answer.abstained).length, un.length),
    tradeoff: thresholds.map((t) => ({
      threshold: t,
      falseAbstention: share(ans.filter((r) => abstainsAt(r, t)).length, ans.length),
      abstentionOnUnanswerable: share(un.filter((r) => abstainsAt(r, t)).length, un.length),
    })),
  };
}

/** Answerable questions that went worst: gold article not found, or found but the answer not quoted. */
export function worstMisses(results: readonly QuestionResult[], n: number): QuestionResult[] {
  const misses = results.filter((r) => r.q.answerable && (r.rank !== 1 || !r.contained));
  misses.sort((a, b) => (a.rank || 99) - (b.rank || 99) || Number(a.contained) - Number(b.contained));
  return misses.reverse().slice(0, n);
}

export interface KindFigures {
  kind: string;
  answerable: boolean;
  n: number;
  /** Answerable kinds: answer quoted. */
  containment: number;
  /** Answerable kinds: abstained; unanswerable kinds: abstained (the right call). */
  abstention: number;
}

/** Containment and abstention per question `kind`, so weak kinds are visible. */
export function perKind(results: readonly QuestionResult[]): KindFigures[] {
  const groups = new Map<string, QuestionResult[]>();
  for (const r of results) {
    const key = `${r.q.answerable ? 'a' : 'u'}:${r.q.kind ?? (r.q.answerable ? 'answerable' : 'unanswerable')}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.entries()]
    .map(([key, rs]) => ({
      kind: key.slice(2),
      answerable: key.startsWith('a:'),
      n: rs.length,
      containment: share(rs.filter((r) => r.contained).length, rs.length),
      abstention: share(rs.filter((r) => r.trace.answer.abstained).length, rs.length),
    }))
    .sort((a, b) => Number(b.answerable) - Number(a.answerable) || b.n - a.n);
}
