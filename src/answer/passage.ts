// A sentence judged with its passage: how much of the question its article's candidate sentences cover
// together. An answer often sits in a sentence that shares few of the question's words while the
// sentences around it (read in the same chunks) name the rest of what the question is about.
import type { Candidate } from './candidates.js';
import { contentTerms, coverage, type FeatureContext, type QuestionFeatures } from './features.js';

/**
 * The passage features of every candidate (same order): the idf-weighted share of the question's words,
 * paraphrases counted as `coverSoft` counts them, found in the union of its article's title and candidate
 * sentences. Cross-validated (bbc / squad, with the passages' own sentence model at l2 300), first sentence holding the
 * answer 106 / 216 → 107 / 216, from a gold article 147 / 251 → 149 / 251, containment 128 / 238 → 128 / 240.
 * Also measured and dropped (docs/quality-ceiling.md, seventh pass): exact coverage of the same union, of the
 * whole article, gaps to the best article, the best other sentence's coverage, the rare words found.
 */
export function passageFeatures(qf: QuestionFeatures, candidates: readonly Candidate[], ctx: FeatureContext): number[][] {
  const bySource = new Map<string, Candidate[]>();
  for (const c of candidates) bySource.set(c.article.source, [...(bySource.get(c.article.source) ?? []), c]);
  const cover = new Map<string, number>();
  for (const [source, members] of bySource) {
    const union = [(members[0] as Candidate).article.title, ...members.map((c) => c.text)].flatMap(contentTerms);
    cover.set(source, coverage(qf.weighted, qf.total, union, ctx.words));
  }
  return candidates.map((c) => [cover.get(c.article.source) ?? 0]);
}
