// The answer step through the real engine on a slice of the BBC corpus (../shared/corpora/bbc, copied
// into a temporary folder, never into the repo): the gold articles of the first 40 bbc-dev questions.
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbedder, LOCAL_MODEL_ID } from '../src/embed.js';
import { openEngine, type AnswerTrace, type LoadedEngine } from '../src/engine.js';
import { readQuestions, type EvalQuestion } from '../src/evaluate.js';
import { ingestCorpus } from '../src/ingest.js';

const BBC = path.resolve('..', 'shared', 'corpora', 'bbc');
let dir: string;
let engine: LoadedEngine;
let asked: { q: EvalQuestion; trace: AnswerTrace }[];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'answer-bbc-'));
  const questions = (await readQuestions(path.resolve('..', 'shared', 'eval', 'bbc-dev.jsonl'))).slice(0, 40);
  const sources = [...new Set(questions.flatMap((q) => q.sources))];
  for (const s of sources) {
    await mkdir(path.join(dir, 'corpus', path.dirname(s)), { recursive: true });
    await copyFile(path.join(BBC, s), path.join(dir, 'corpus', s));
  }
  const embedder = await createEmbedder({ model: LOCAL_MODEL_ID, cacheDir: '.cache/models' });
  await ingestCorpus({ corpusDir: path.join(dir, 'corpus'), indexDir: path.join(dir, 'index'), embedder });
  engine = await openEngine(path.join(dir, 'index'), embedder);
  asked = [];
  for (const q of questions) asked.push({ q, trace: await engine.askTraced(q.question) });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('answers over a BBC slice', () => {
  it('stores entities at ingest: sorted, inside the text, never empty', async () => {
    let count = 0;
    for (const article of await engine.backend.readArticles([...engine.backend.articles.keys()])) {
      const entities = article.entities ?? [];
      count += entities.length;
      for (const [i, e] of entities.entries()) {
        expect(e.start).toBeLessThan(e.end);
        expect(e.end).toBeLessThanOrEqual(article.text.length);
        expect(article.text.slice(e.start, e.end).trim()).not.toBe('');
        if (i > 0) expect(e.start).toBeGreaterThanOrEqual(entities[i - 1]!.start);
      }
    }
    expect(count).toBeGreaterThan(engine.backend.articles.size * 10);
  });

  it('quotes verbatim and contiguous, a sentence with its predecessor when it needs one', async () => {
    let withContext = 0;
    for (const { trace } of asked) {
      for (const c of trace.answer.citations) {
        const article = (await engine.backend.readArticles([c.source]))[0]!;
        expect(article.text.slice(c.start, c.end)).toBe(c.quote);
        // A quote never runs across a paragraph break.
        expect(c.quote).not.toContain('\n');
      }
      for (const chosen of trace.step.chosen) {
        if (chosen.quote.start < chosen.start) {
          withContext++;
          expect(chosen.quote.start).toBe(chosen.prev?.start);
          expect(chosen.quote.text.endsWith(chosen.text)).toBe(true);
        }
      }
    }
    expect(withContext).toBeGreaterThan(0);
  });

  it('gives a short answer inside its quote, verbatim, for most questions asking for a name or value', async () => {
    let shorts = 0;
    for (const { trace } of asked) {
      const first = trace.answer.citations[0];
      if (!first?.short) continue;
      shorts++;
      const article = (await engine.backend.readArticles([first.source]))[0]!;
      expect(first.short.start).toBeGreaterThanOrEqual(first.start);
      expect(first.short.end).toBeLessThanOrEqual(first.end);
      expect(article.text.slice(first.short.start, first.short.end)).toBe(first.short.text);
      expect(first.quote).toContain(first.short.text);
    }
    const wantShort = asked.filter(({ trace }) => !trace.answer.abstained && trace.step.qf.q.expects.length > 0).length;
    expect(shorts).toBeGreaterThanOrEqual(0.7 * wantShort);
  });

  it('quotes the gold answer for most answerable questions and abstains on a question the articles cannot answer', async () => {
    const answerable = asked.filter(({ q }) => q.answerable);
    const contained = answerable.filter(({ q, trace }) => {
      const quoted = trace.answer.citations.map((c) => c.quote.toLowerCase()).join(' ');
      return q.answers.some((a) => quoted.includes(a.toLowerCase()));
    });
    expect(contained.length / answerable.length).toBeGreaterThanOrEqual(0.6);
    // The example: nothing in the news corpus says how to change a Discord nickname.
    const off = await engine.ask('how do i change my nickname on discord');
    expect(off.abstained).toBe(true);
    expect(off.citations).toEqual([]);
    // A word or two in common ("change") makes no article "possibly related".
    expect(off.related).toEqual([]);
  });

  it('reads each question once into the value every stage uses', async () => {
    const trace = await engine.askTraced('how much did chelsea pay for desailly');
    expect(trace.step.qf.q.kind).toBe('money');
    expect(trace.step.qf.q.expects).toContain('money');
    expect(trace.step.scored.length).toBe(trace.step.features.length);
    expect(JSON.parse(await readFile(path.join('src', 'answer', 'weights.json'), 'utf8')).threshold).toEqual(engine.weights.threshold);
  });
});
