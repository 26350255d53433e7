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
