// Sentence splitting and chunking: hand cases, then invariants over every seed and BBC article.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { chunkArticle, DEFAULT_CHUNK_OPTIONS, type ChunkOptions } from '../src/chunk.js';
import { readCorpus } from '../src/read.js';
import { capSpan, splitSentences } from '../src/sentences.js';
import type { Article } from '../src/types.js';

const SEEDS = join(dirname(fileURLToPath(import.meta.url)), '..', 'seeds');
const BBC = process.env.BBC_CORPUS ?? '/work/shared/corpora/bbc';

const sentences = (text: string): string[] => splitSentences(text).map((s) => text.slice(s.start, s.end));

describe('splitSentences', () => {
  it.each([
    ['Mr. Smith met Dr. Jones. They talked.', ['Mr. Smith met Dr. Jones.', 'They talked.']],
    ['The U.S. Army said so. Then it left.', ['The U.S. Army said so.', 'Then it left.']],
    ['He moved to the U.S. The move was quick.', ['He moved to the U.S.', 'The move was quick.']],
    ['George W. Bush spoke. J. K. Rowling wrote.', ['George W. Bush spoke.', 'J. K. Rowling wrote.']],
    ['Growth was 2.5% in Jan. 2005. It rose.', ['Growth was 2.5% in Jan. 2005.', 'It rose.']],
    ['It starts at 9 a.m. on Monday. Be early.', ['It starts at 9 a.m. on Monday.', 'Be early.']],
    ['He said: "We won." Then he left.', ['He said: "We won."', 'Then he left.']],
    ['“It is over.” The crowd cheered.', ['“It is over.”', 'The crowd cheered.']],
    ['"Why?" he asked. Nobody knew!', ['"Why?" he asked.', 'Nobody knew!']],
    ['Sales rose 11%. 2004 was a good year.', ['Sales rose 11%.', '2004 was a good year.']],
    ['Shares in M&S. fell. M&S. Shares rose.', ['Shares in M&S. fell.', 'M&S.', 'Shares rose.']],
    ['They met at No. 10 on Sunday. Visit example.com now.', ['They met at No. 10 on Sunday.', 'Visit example.com now.']],
    ['Wait... Then go.', ['Wait...', 'Then go.']],
    ['Deadliest attacks\n\nThe deal would not be the first.', ['Deadliest attacks', 'The deal would not be the first.']],
    ['A heading\nA line under it', ['A heading', 'A line under it']],
    ['  Padded sentence.   Another one.  ', ['Padded sentence.', 'Another one.']],
    ['', []],
    [' \n\n ', []],
  ])('%j', (text, expected) => expect(sentences(text)).toEqual(expected));

  it('spans are trimmed, ordered, and never cross a line or paragraph break', () => {
    const text = 'First one. Second one!\n\n  Third one?  \nFourth';
    const spans = splitSentences(text);
    for (const [i, s] of spans.entries()) {
      const t = text.slice(s.start, s.end);
      expect(t).toBe(t.trim());
      expect(t).not.toContain('\n');
      if (i > 0) expect(s.start).toBeGreaterThanOrEqual(spans[i - 1]!.end);
    }
    expect(spans).toHaveLength(4);
  });
});

/** Check every chunking invariant for one article; returns nothing, fails loudly with the article named. */
function checkChunks(a: Article, opts: ChunkOptions = {}): void {
  const o = { ...DEFAULT_CHUNK_OPTIONS, ...opts };
  const chunks = chunkArticle(a, opts);
  // Sentences longer than maxChars are cut into pieces; a chunk never cuts a piece.
  const spans = splitSentences(a.text).flatMap((s) => capSpan(a.text, s, Math.max(o.maxChars, o.targetChars)));
  const starts = new Set(spans.map((s) => s.start));
  const ends = new Set(spans.map((s) => s.end));
  expect(chunks.length > 0, a.source).toBe(spans.length > 0);
  chunks.forEach((c, i) => {
    expect(c.ordinal, a.source).toBe(i);
    expect(c.id).toBe(`${a.source}#${i}`);
    expect([c.source, c.title, c.publisher, c.date]).toEqual([a.source, a.title, a.publisher, a.date]);
    expect(c.text).toBe(a.text.slice(c.start, c.end));
    expect(starts.has(c.start) && ends.has(c.end), `${c.id} cuts a sentence`).toBe(true);
    expect(c.text.length, `${c.id} is ${c.text.length} chars`).toBeLessThanOrEqual(Math.max(o.maxChars, o.targetChars));
    const prev = chunks[i - 1];
    if (prev) {
      expect(c.start, `${c.id} does not advance`).toBeGreaterThan(prev.start);
      expect(c.end).toBeGreaterThan(prev.end);
      // Overlap is at most the requested number of sentences.
      const shared = spans.filter((s) => s.start >= c.start && s.end <= prev.end).length;
      expect(shared).toBeLessThanOrEqual(o.overlapSentences);
    }
  });
  for (const s of spans) expect(chunks.some((c) => c.start <= s.start && s.end <= c.end), `${a.source} drops a sentence`).toBe(true);
}

describe('chunkArticle', () => {
  let seeds: Article[] = [];
  beforeAll(async () => {
    seeds = (await readCorpus(SEEDS)).files.map((f) => f.article!);
  });

  it('holds every invariant on the seeds, with default and other options', () => {
    expect(seeds).toHaveLength(5);
    for (const a of seeds) {
      checkChunks(a);
      checkChunks(a, { targetChars: 200, maxChars: 300, overlapSentences: 0 });
      checkChunks(a, { targetChars: 1200, maxChars: 2000, overlapSentences: 2 });
    }
  });

  it('overlaps consecutive chunks by one sentence by default, none when asked', () => {
    const a = seeds.find((s) => s.source.startsWith('001'))!;
    const chunks = chunkArticle(a);
    expect(chunks.length).toBeGreaterThan(3);
    for (let i = 1; i < chunks.length; i++) expect(chunks[i]!.start).toBeLessThan(chunks[i - 1]!.end);
    const plain = chunkArticle(a, { overlapSentences: 0 });
    for (let i = 1; i < plain.length; i++) expect(plain[i]!.start).toBeGreaterThanOrEqual(plain[i - 1]!.end);
  });

  it('sizes chunks around the target', () => {
    const lengths = seeds.flatMap((a) => chunkArticle(a).map((c) => c.text.length));
    const median = lengths.sort((x, y) => x - y)[Math.floor(lengths.length / 2)]!;
    expect(median).toBeGreaterThan(400);
    expect(median).toBeLessThan(800);
  });

  it('cuts a too-long sentence at spaces into chunks no longer than maxChars, and an empty article has no chunks', () => {
    const long = 'Word ' + 'word '.repeat(400).trim() + '.';
    const a: Article = { source: 'x.txt', title: 'X', text: `Short one. ${long} Short two.` };
    const chunks = chunkArticle(a, { targetChars: 100, maxChars: 200 });
    expect(chunks[0]?.text).toBe('Short one.');
    for (const c of chunks) expect(c.text.length).toBeLessThanOrEqual(200);
    expect(chunks.map((c) => c.text).join(' ')).toBe(a.text);
    checkChunks(a, { targetChars: 100, maxChars: 200 });
    // No spaces at all (a 2 MB one-line file): cut every maxChars, never inside a surrogate pair.
    const blob = '😀'.repeat(10) + 'x'.repeat(5000);
    const pieces = chunkArticle({ source: 'b.txt', title: 'B', text: blob });
    expect(pieces.map((c) => c.text).join('')).toBe(blob);
    for (const c of pieces) expect(c.text.length).toBeLessThanOrEqual(DEFAULT_CHUNK_OPTIONS.maxChars);
    expect(chunkArticle({ source: 'e.txt', title: 'E', text: '' })).toEqual([]);
  });
});

describe.skipIf(!existsSync(BBC))('BBC corpus', () => {
  let articles: Article[] = [];
  beforeAll(async () => {
    articles = (await readCorpus(BBC)).files.map((f) => f.article!);
  });

  it('splits all 2,225 articles into sentences in well under a second', () => {
    const t0 = performance.now();
    let n = 0;
    for (const a of articles) n += splitSentences(a.text).length;
    expect(n).toBeGreaterThan(40000);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('holds every chunking invariant on every article', () => {
    expect(articles).toHaveLength(2225);
    for (const a of articles) checkChunks(a);
  });
});
