// Real BBC articles (../shared/corpora/bbc, read in place, never copied into the repo) and their sentences as
// candidates of the answer step, for the short-answer tests; and a small engine over a handful of them.
import { copyFile, mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { annotate } from '../../src/annotate.js';
import type { Candidate } from '../../src/answer/candidates.js';
import { createEmbedder, LOCAL_MODEL_ID } from '../../src/embed.js';
import { openEngine, type LoadedEngine } from '../../src/engine.js';
import { ingestCorpus } from '../../src/ingest.js';
import { parseArticle } from '../../src/parse.js';
import { entitiesIn } from '../../src/spans.js';
import type { Article } from '../../src/types.js';

export const BBC = path.resolve('..', 'shared', 'corpora', 'bbc');

/** A BBC article, parsed and annotated as ingest does. */
export const article = async (source: string): Promise<Article> => {
  const parsed = parseArticle(await readFile(path.join(BBC, source), 'utf8'), source, 'txt');
  return { ...parsed, entities: annotate(parsed.text) };
};

/** The sentence of an article that contains `words`, as a candidate of the answer step. */
export function sentenceWith(a: Article, words: string): Candidate {
  const at = a.text.indexOf(words);
  expect(at).toBeGreaterThanOrEqual(0);
  const start = Math.max(a.text.lastIndexOf('. ', at) + 2, a.text.lastIndexOf('\n', at) + 1);
  const stop = a.text.indexOf('. ', at + words.length);
  const end = stop < 0 ? a.text.length : stop + 1;
  return {
    chunk: { id: `${a.source}#0`, source: a.source, title: a.title, ordinal: 0, start: 0, end: a.text.length, text: a.text },
    article: a, start, end, text: a.text.slice(start, end), index: 1, chunkRank: 0, articleRank: 0, chunkScore: 1, articleScore: 1,
    entities: entitiesIn(a.entities ?? [], start, end),
  };
}

/** The real engine (committed weights, offline model) over copies of these BBC articles in a temporary folder. */
export async function engineOver(sources: readonly string[], prefix: string): Promise<{ dir: string; engine: LoadedEngine }> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  for (const s of sources) {
    await mkdir(path.join(dir, 'corpus', path.dirname(s)), { recursive: true });
    await copyFile(path.join(BBC, s), path.join(dir, 'corpus', s));
  }
  const embedder = await createEmbedder({ model: LOCAL_MODEL_ID, cacheDir: '.cache/models' });
  await ingestCorpus({ corpusDir: path.join(dir, 'corpus'), indexDir: path.join(dir, 'index'), embedder });
  return { dir, engine: await openEngine(path.join(dir, 'index'), embedder) };
}
