// Answers through the real thing: the offline model built from its npm package, loaded by
// transformers.js, the seeds ingested, and the questions in seeds-dev.jsonl asked.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbedder, LOCAL_MODEL_ID } from '../src/embed.js';
import { openEngine, type LoadedEngine } from '../src/engine.js';
import { readQuestions, runQuestions, type QuestionResult } from '../src/evaluate.js';
import { ingestCorpus } from '../src/ingest.js';

let dir: string;
let engine: LoadedEngine;
let results: QuestionResult[];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'answers-'));
  const embedder = await createEmbedder({ model: LOCAL_MODEL_ID, cacheDir: '.cache/models' });
  await ingestCorpus({ corpusDir: 'seeds', indexDir: dir, embedder });
  engine = await openEngine(dir, embedder);
  results = await runQuestions(engine, await readQuestions('test/seeds-dev.jsonl'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('answers on seeds-dev.jsonl', () => {
  it('cites the right article first for every answerable question', () => {
    const answerable = results.filter((r) => r.q.answerable);
    expect(answerable.length).toBeGreaterThan(10);
    for (const r of answerable) expect({ id: r.q.id, rank: r.rank }).toEqual({ id: r.q.id, rank: 1 });
  });

  it('quotes the expected words for every answerable question', () => {
    for (const r of results.filter((x) => x.q.answerable)) expect({ id: r.q.id, contained: r.contained }).toEqual({ id: r.q.id, contained: true });
  });

  it('judges every question by the model and threshold of long articles (the seeds are news articles)', () => {
    for (const r of results) {
      expect({ id: r.q.id, profile: r.trace.step.profile }).toEqual({ id: r.q.id, profile: 'articles' });
      expect(r.trace.step.threshold).toBe(engine.weights.threshold.articles);
    }
  });

  it('abstains on every unanswerable question, without citing anything', () => {
    const un = results.filter((r) => !r.q.answerable);
    expect(un.length).toBeGreaterThan(0);
    for (const r of un) {
      expect({ id: r.q.id, abstained: r.trace.answer.abstained }).toEqual({ id: r.q.id, abstained: true });
      expect(r.trace.answer.citations).toEqual([]);
      expect(r.trace.answer.answer).toMatch(/do not answer/);
    }
  });

  it('quotes verbatim: every quote is the cleaned text at its offsets and stands in the original file (white space aside)', async () => {
    for (const r of results) {
      for (const c of r.trace.answer.citations) {
        expect((await engine.backend.readArticles([c.source]))[0]?.text.slice(c.start, c.end)).toBe(c.quote);
        // Cleaning only unifies white space (non-breaking spaces, line ends), so up to that the quote
        // stands word for word in the file as captured.
        const raw = (await readFile(path.join('seeds', c.source), 'utf8')).replace(/\s+/g, ' ');
        expect(raw).toContain(c.quote.replace(/\s+/g, ' '));
        expect(r.trace.answer.answer.length).toBeLessThanOrEqual(2000);
      }
    }
  });

  it('restricts to one article and refuses an unknown one', async () => {
    const sources = engine.articles().map((a) => a.source);
    const only = sources[2] as string;
    const answer = await engine.ask('Who was killed?', { source: only });
    for (const c of answer.citations) expect(c.source).toBe(only);
    await expect(engine.ask('Who was killed?', { source: 'nope.txt' })).rejects.toThrow(/No article named "nope.txt"/);
    await expect(engine.ask('   ')).rejects.toThrow(/Ask a question/);
  });
});
