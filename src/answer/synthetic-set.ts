// The synthetic questions' source: articles of a corpus that no dev question cites (so cross-validation stays
// honest: no held-out question's article, nor a copy of it, is ever read for them), in an order fixed by the
// seed, read and tagged as ingest tags them, until there are enough questions.
import { annotate } from '../annotate.js';
import { listCorpusFiles, readArticleFile } from '../read.js';
import { draw, syntheticGroup, syntheticQuestions, type SyntheticOptions, type SyntheticQuestion } from './synthetic.js';
import type { Group } from './fitting.js';

export interface SyntheticSetOptions extends SyntheticOptions {
  /** Questions wanted. */
  size: number;
  /** Corpus files (relative paths) to leave out: the cited ones. Copies of them (same title) are left out too. */
  exclude: ReadonlySet<string>;
}

/**
 * What `npm run train` makes by default. Mean of five fold splits, short match bbc / squad / seeds (start 0.435 /
 * 0.158 / 0.543), with the synthetic questions in the long-article span model only: 2,000 × 0.1 → 0.441 / 0.158 /
 * 0.571, 5,000 × 0.03 → 0.439 / 0.158 / 0.571. In one span model for every question: 500 × 0.1 → 0.434 / 0.154 /
 * 0.571, 2,000 × 0.1 → 0.441 / 0.152 / 0.571, 2,000 × 0.3 (gap 0) → 0.419 / 0.153 / 0.571 (docs/quality-ceiling.md,
 * fourteenth pass). A few seconds to read, tag and featurise.
 */
export const DEFAULT_SYNTHETIC = { size: 2000, weight: 0.1, seed: 1, perArticle: 8, gap: 2 } as const;

/** Synthetic questions from the corpus in `dir`. */
export async function readSyntheticQuestions(dir: string, options: SyntheticSetOptions): Promise<SyntheticQuestion[]> {
  const all = await listCorpusFiles(dir);
  const titleOf = async (f: string) => (await readArticleFile(dir, f)).article?.title.trim().toLowerCase();
  const excludedTitles = new Set(await Promise.all(all.filter((f) => options.exclude.has(f)).map(titleOf)));
  const files = all
    .filter((f) => !options.exclude.has(f))
    .map((f) => ({ f, u: draw(options.seed, 'article', f) }))
    .sort((a, b) => a.u - b.u);
  const out: SyntheticQuestion[] = [];
  for (const { f } of files) {
    if (out.length >= options.size) break;
    const { article } = await readArticleFile(dir, f);
    if (!article || excludedTitles.has(article.title.trim().toLowerCase())) continue;
    out.push(...syntheticQuestions({ ...article, entities: annotate(article.text) }, options).slice(0, options.size - out.length));
  }
  return out;
}

/** The span model's groups from synthetic questions, each of this weight against a real question's one. */
export const syntheticGroups = (questions: readonly SyntheticQuestion[], weight: number): Group[] =>
  questions.flatMap((s) => syntheticGroup(s, weight) ?? []);
