// News-aware answers through the real engine over the five seed reports: who published each and when,
// the date and outlet filters, a timeline, a figure the outlets disagree on, a wire report two outlets
// ran, and the corpus stats.
import { copyFile, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attribution } from '../src/compose.js';
import { createEmbedder, LOCAL_MODEL_ID } from '../src/embed.js';
import { corpusStats, openEngine, type LoadedEngine } from '../src/engine.js';
import { ingestCorpus } from '../src/ingest.js';
import { isWireCopy } from '../src/news.js';
import { formatTimeline } from '../src/terminal.js';
import type { Answer, Embedder } from '../src/types.js';

const SEEDS = {
  monitor: '000_9730e26d5898b01a.txt',
  afp: '001_03146239e8682a65.txt',
  newArab: '002_dd5445a2a5432432.txt',
  ara: '003_f964ef8d3eddc13b.txt',
  mee: '004_34e4c95bf64eb021.txt',
};
const QADAM = 'How many soldiers were killed in the fighting in Qadam?';

let dirs: string[] = [];
let embedder: Embedder;
let engine: LoadedEngine;

async function build(corpusDir: string): Promise<LoadedEngine> {
  const indexDir = await mkdtemp(path.join(tmpdir(), 'news-index-'));
  dirs.push(indexDir);
  await ingestCorpus({ corpusDir, indexDir, embedder });
  return openEngine(indexDir, embedder);
}

/** Every quote is the article's own words at its offsets, and the answer fits a Discord message. */
async function expectVerbatim(e: LoadedEngine, answer: Answer): Promise<void> {
  expect(answer.answer.length).toBeLessThanOrEqual(2000);
  for (const c of answer.citations) expect((await e.backend.readArticles([c.source]))[0]?.text.slice(c.start, c.end)).toBe(c.quote);
}

const marker = (answer: Answer, source: string): string => `[${answer.citations.find((c) => c.source === source)?.n}]`;

beforeAll(async () => {
  embedder = await createEmbedder({ model: LOCAL_MODEL_ID, cacheDir: '.cache/models' });
  engine = await build('seeds');
});
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  dirs = [];
});

describe('publishers and dates of the seed reports', () => {
  it('lists each seed with its outlet and date, or undated', () => {
    const meta = Object.fromEntries(engine.articles().map((a) => [a.source, { publisher: a.publisher, date: a.date }]));
    expect(meta).toEqual({
      [SEEDS.monitor]: { publisher: 'Middle East Monitor', date: undefined }, // outlet from seeds/sources.json
      [SEEDS.afp]: { publisher: 'AFP', date: '2018-08-01' },
      [SEEDS.newArab]: { publisher: 'The New Arab', date: '2018-04-19' },
      [SEEDS.ara]: { publisher: 'ARA News', date: undefined },
      [SEEDS.mee]: { publisher: 'Middle East Eye', date: '2018-04-28' },
    });
    // Dated first, oldest first; undated last.
    expect(engine.articles().map((a) => a.source)).toEqual([SEEDS.newArab, SEEDS.mee, SEEDS.afp, SEEDS.monitor, SEEDS.ara]);
  });

  it.each([
    ['How many Syrian soldiers did Daesh kill when they entered Al-Qadam?', SEEDS.monitor, 'Middle East Monitor: “'],
    ['How many Druze women and children did Daesh kidnap?', SEEDS.afp, 'AFP, 1 August 2018: “'],
    ['How many fighters were evacuated from Yarmouk and Hajar al-Aswad?', SEEDS.newArab, 'The New Arab, 19 April 2018: “'],
    ['What did media activist Louay al-Amer tell ARA News?', SEEDS.ara, 'ARA News: “'],
    ['How many IS militants have government forces killed over the last few days?', SEEDS.mee, 'Middle East Eye, 28 April 2018: “'],
  ])('attributes "%s" to its outlet and date', async (question, source, by) => {
    const answer = await engine.ask(question);
    expect(answer.citations[0]?.source).toBe(source);
    expect(answer.answer.startsWith(by)).toBe(true);
    const info = engine.articles().find((a) => a.source === source);
    expect(answer.answer).toContain(`${info?.title} — ${attribution(info ?? {})} (${source})`);
    await expectVerbatim(engine, answer);
  });
});

describe('a count of one side', () => {
  it('quotes the asked side’s toll, not the same article’s count of the other side (the README example)', async () => {
    const answer = await engine.ask('How many government fighters were killed in the battle south of Damascus?');
    expect(answer.citations.map((c) => c.quote)).toEqual(['At least 79 government fighters have also been killed, the Observatory said.']);
    expect(answer.answer).not.toContain('68 IS militants');
    await expectVerbatim(engine, answer);
  });

  it('never quotes a sub-heading as an answer', async () => {
    const answer = await engine.ask('Did IS attack Damascus airport?');
    expect(answer.citations.map((c) => c.quote)).not.toContain('Deadliest attacks');
    expect((await engine.backend.readArticles([SEEDS.afp]))[0]?.text).toContain('\nDeadliest attacks\n'); // the heading is there to be skipped
  });

  // Was a known miss of the learned scorer (issue #9) until the sentence model's penalty was raised
  // (l2 1 → 100): the quote without any count no longer passes for an answer.
  it('says the corpus has no count of what was asked rather than quoting a count of something else', async () => {
    const answer = await engine.ask('How many people were displaced?');
    expect(answer.abstained).toBe(true);
    expect(answer.citations).toEqual([]);
    expect(answer.answer).toContain('do not answer');
  });
});

describe('filters', () => {
  it('a date range leaves out articles outside it, and undated ones', async () => {
    // Within the range only Middle East Eye's report of the battle is left, and it answers this.
    const answer = await engine.ask('How many government fighters were killed in the battle south of Damascus?', { from: '2018-04-20', to: '2018-05-31' });
    expect(answer.abstained).toBe(false);
    const cited = new Set(answer.citations.map((c) => c.source));
    expect(cited).toEqual(new Set([SEEDS.mee]));
    for (const c of answer.citations) expect(c.date! >= '2018-04-20' && c.date! <= '2018-05-31').toBe(true);
    expect(answer.answer).not.toContain(SEEDS.monitor);
  });

  it('an outlet filter keeps to that outlet, whatever its case', async () => {
    const answer = await engine.ask('Who was killed in the fighting?', { outlet: 'the new arab' });
    expect(answer.citations.length).toBeGreaterThan(0);
    for (const c of answer.citations) expect(c.publisher).toBe('The New Arab');
  });
});

describe('timeline', () => {
  it('orders the fighting in Yarmouk and Qadam by date, each event quoted and cited', async () => {
    const entries = await engine.timeline('Yarmouk Qadam fighting');
    expect(entries.length).toBeGreaterThanOrEqual(2);
    const dates = entries.map((e) => e.date);
    expect([...dates].sort()).toEqual(dates);
    const order = entries.map((e) => e.citation.source).filter((s, i, all) => all.indexOf(s) === i);
    const known = [SEEDS.newArab, SEEDS.mee, SEEDS.afp].filter((s) => order.includes(s));
    expect(order.filter((s) => known.includes(s))).toEqual(known);
    expect(known.slice(0, 2)).toEqual([SEEDS.newArab, SEEDS.mee]);
    // Undated articles with no dated sentence of their own are left out; no article gives more than two.
    for (const e of entries) expect([SEEDS.monitor, SEEDS.ara]).not.toContain(e.citation.source);
    for (const s of order) expect(entries.filter((e) => e.citation.source === s).length).toBeLessThanOrEqual(2);
    for (const e of entries) expect((await engine.backend.readArticles([e.citation.source]))[0]?.text.slice(e.citation.start, e.citation.end)).toBe(e.citation.quote);
    // One marker per article, numbered in the order shown.
    expect([...new Set(entries.map((e) => e.citation.n))]).toEqual(order.map((_, i) => i + 1));
    const text = formatTimeline(entries);
    expect(text).toMatch(/^19 April 2018 — “.+” \[1\]$/m);
    expect(text).toContain(`[1] Syrian regime launches offensive on IS-held areas in Damascus — The New Arab, 19 April 2018 (${SEEDS.newArab})`);
  });

  it('dates an event by the date in its own sentence', async () => {
    const entries = await engine.timeline('Sweida rampage Druze kidnapped');
    const rampage = entries.find((e) => e.citation.quote.includes('on July 25'));
    expect(rampage?.date).toBe('2018-07-25'); // the year comes from the AFP report of 1 August 2018
  });

  it('respects the filters', async () => {
    const entries = await engine.timeline('Yarmouk Qadam fighting', { to: '2018-04-30' });
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) expect(e.citation.date! <= '2018-04-30').toBe(true);
  });
});

describe('reports that disagree', () => {
  it('shows both tolls for the soldiers killed in Qadam, each with its source', async () => {
    const answer = await engine.ask(QADAM);
    await expectVerbatim(engine, answer);
    const sources = answer.citations.map((c) => c.source);
    expect(sources).toContain(SEEDS.monitor);
    expect(sources).toContain(SEEDS.mee);
    expect(answer.answer).toContain('36 Syrian Arab Army soldiers');
    expect(answer.answer).toContain('At least 79 government fighters have also been killed');
    const note = answer.notes?.find((n) => n.startsWith('Sources differ:'));
    expect(note).toContain(`36 Syrian Arab Army soldiers killed ${marker(answer, SEEDS.monitor)}`);
    expect(note).toContain(`at least 79 government fighters killed ${marker(answer, SEEDS.mee)}`);
    // The note sits above the sources.
    expect(answer.answer.indexOf('Sources differ:')).toBeLessThan(answer.answer.indexOf('Sources:\n'));
  });

  it('says nothing of the kind when one source answers', async () => {
    const answer = await engine.ask('How many fighters were evacuated from Yarmouk and Hajar al-Aswad?');
    expect(answer.notes).toBeUndefined();
    expect(answer.answer).not.toMatch(/Sources (differ|agree)/);
  });
});

describe('a wire report two outlets ran', () => {
  let wire: LoadedEngine;
  const COPY = '005_wire_copy.txt';
  beforeAll(async () => {
    const corpus = await mkdtemp(path.join(tmpdir(), 'news-corpus-'));
    dirs.push(corpus);
    for (const f of await readdir('seeds')) await copyFile(path.join('seeds', f), path.join(corpus, f));
    // Another outlet's edit of the Middle East Eye report's opening: same sentences, a changed verb.
    const mee = await readFile(path.join('seeds', SEEDS.mee), 'utf8');
    const lead = mee.slice(mee.indexOf('The Syrian army and its allies'), mee.indexOf('Still, in spite')).replace('engaged in', 'fought');
    await writeFile(path.join(corpus, COPY), `Syrian troops battle Islamic State south of Damascus\n\n${lead}`);
    const overrides = JSON.parse(await readFile(path.join('seeds', 'sources.json'), 'utf8'));
    overrides[COPY] = { publisher: 'Wire Reprint', date: '2018-04-29' };
    await writeFile(path.join(corpus, 'sources.json'), JSON.stringify(overrides));
    wire = await build(corpus);
  });

  it('quotes the shared sentence once and cites both outlets', async () => {
    const answer = await wire.ask('How many IS militants have government forces killed over the last few days?');
    await expectVerbatim(wire, answer);
    const cited = answer.citations.filter((c) => c.quote.includes('68 IS militants'));
    expect(new Set(cited.map((c) => c.source))).toEqual(new Set([SEEDS.mee, COPY]));
    expect(answer.answer.match(/68 IS militants/g)).toHaveLength(1);
    const [first, second] = [...cited].sort((a, b) => a.n - b.n);
    expect(answer.answer).toContain(`” [${first?.n}][${second?.n}]`);
    expect(answer.answer).toMatch(/Middle East Eye, 28 April 2018; Wire Reprint, 29 April 2018: “|Wire Reprint, 29 April 2018; Middle East Eye, 28 April 2018: “/);
    expect(answer.answer).toContain(`(${COPY})`);
  });

  it('folds the republished passage into one search hit that names both outlets', async () => {
    const hits = await wire.search('government forces have killed 68 IS militants', { limit: 5 });
    const hit = hits.find((h) => [h.chunk.source, ...(h.copies ?? []).map((c) => c.source)].includes(COPY));
    expect(new Set([hit?.chunk.source, ...(hit?.copies ?? []).map((c) => c.source)])).toEqual(new Set([SEEDS.mee, COPY]));
    for (const [i, a] of hits.entries()) for (const b of hits.slice(i + 1)) expect(isWireCopy(a.chunk.text, b.chunk.text)).toBe(false);
  });
});

describe('stats', () => {
  it('counts articles, outlets, dates and undated reports', () => {
    const s = engine.stats();
    expect(s.articles).toBe(5);
    expect(s.outlets.length).toBeGreaterThanOrEqual(4);
    expect(s.outlets).toEqual(expect.arrayContaining(['AFP', 'Middle East Eye', 'Middle East Monitor', 'The New Arab']));
    expect([s.from, s.to]).toEqual(['2018-04-19', '2018-08-01']);
    expect(s.undated).toBe(2);
    expect(s.chunks).toBe(engine.backend.chunkCount);
    expect(s.model).toBe(LOCAL_MODEL_ID);
    expect(Number.isNaN(Date.parse(s.builtAt))).toBe(false);
    // What `npm run stats` prints, read without loading a model.
    expect(corpusStats(engine.backend)).toEqual(s);
  });
});
