// Choosing the first quote by the answer it holds: for a question that asks for a name or a value, the
// sentence model ranks sentences mostly by how well they match the question, while the name or figure asked
// for often sits in a sentence it ranks second or third ("how many people did ericsson survey" → the sentence
// with "14,000"). Each of the top few sentences is scored by log P(sentence) + β · log P(its best span), the
// span model's calibrated probability floored so that a sentence with no likely span is not ruled out, and
// the best becomes the first quote; the rest keep their order.
import { probability, type LinearModel } from './linear.js';
import { TUNING } from './tuning.js';

export interface JointOptions {
  /** How many of the sentence model's best sentences (distinct texts) compete. */
  k: number;
  /** Weight of the best span's log probability against the sentence's. */
  beta: number;
  /** A best span less likely than this counts as this (a sentence with none: this too). */
  spanFloor: number;
  /** Only sentences at least this share of the best's probability compete. */
  minShare: number;
}

const env = (name: string, fallback: number) => (process.env[name] !== undefined ? Number(process.env[name]) : fallback);

export const JOINT: JointOptions = {
  k: env('JOINT_K', TUNING.joint.k),
  beta: env('JOINT_BETA', TUNING.joint.beta),
  spanFloor: env('JOINT_FLOOR', TUNING.joint.spanFloor),
  minShare: env('JOINT_SHARE', TUNING.joint.minShare),
};

/** The probability of the likeliest of a sentence's spans (0 with none). */
export function bestSpanProbability(model: LinearModel, spans: readonly { x: readonly number[] }[]): number {
  let best = 0;
  for (const s of spans) best = Math.max(best, probability(model, s.x));
  return best;
}

/**
 * Index in `ranked` (most likely first) of the sentence to quote first: the best by log P(sentence) + β · log
 * P(best span) among the top `k` distinct sentences. `spanProbability` is asked only of those.
 */
export function jointFirst<T extends { probability: number; text: string }>(ranked: readonly T[], spanProbability: (c: T) => number, o: JointOptions = JOINT): number {
  const best = ranked[0];
  if (!best || o.k < 2 || o.beta <= 0) return 0;
  const seen = new Set<string>();
  let chosen = 0;
  let top = -Infinity;
  for (const [i, c] of ranked.entries()) {
    if (seen.size >= o.k) break;
    if (seen.has(c.text)) continue;
    seen.add(c.text);
    if (c.probability < o.minShare * best.probability) break;
    const score = Math.log(Math.max(c.probability, 1e-9)) + o.beta * Math.log(Math.max(spanProbability(c), o.spanFloor));
    if (score > top) [chosen, top] = [i, score];
  }
  return chosen;
}

/** The list with item `i` moved to the front, the rest in their order. */
export const promote = <T>(list: readonly T[], i: number): T[] => (i <= 0 ? [...list] : [list[i] as T, ...list.slice(0, i), ...list.slice(i + 1)]);

/**
 * The candidates (most likely first) with the sentence holding the likeliest answer moved to the front, for a
 * question that expects a name or a value; otherwise as they are.
 */
export function firstByAnswer<T extends { probability: number; text: string }>(
  ranked: readonly T[], expectsEntity: boolean, spansOf: (c: T) => readonly { x: readonly number[] }[], model: LinearModel, o: JointOptions = JOINT,
): T[] {
  return expectsEntity ? promote(ranked, jointFirst(ranked, (c) => bestSpanProbability(model, spansOf(c)), o)) : [...ranked];
}
