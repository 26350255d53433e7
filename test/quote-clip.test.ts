// The quote-clipping rule as a property over every sentence of the seeds and the BBC corpus, plus long
// synthetic sentences: take the "…" marks away and what is left is verbatim source text that starts and
// ends on word boundaries, within the budget, holding the kept span whole.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discordQuote } from '../src/discord/format.js';
import { ELLIPSIS, clipQuote, packQuotes, type Range } from '../src/quote-clip.js';
import { splitSentences } from '../src/sentences.js';

const flat = (s: string) => s.replace(/\s+/g, ' ').trim();

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : /\.txt$/i.test(name) && name !== 'README.TXT' ? [p] : [];
  });
}

function sentencesOf(files: string[]): string[] {
  return files.flatMap((f) => {
    const text = readFileSync(f, 'utf8');
    return splitSentences(text).map((s) => text.slice(s.start, s.end)).filter((s) => s.trim());
  });
}

/** A small deterministic generator, so a failure names a reproducible case. */
function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => ((x = (x * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/** Checks the rule for one clipped quote; returns a reason or '' when it holds. */
function violation(source: string, out: string | undefined, max: number, keep?: Range): string {
  const whole = flat(source);
  const words = whole.split(' ');
  const keptWords = keep ? flat(source.slice(keep.start, keep.end)) : '';
  if (out === undefined) {
    // Only allowed when not even the smallest window (first word, or the kept words) fits.
    const smallest = keep ? keptWords.length : words[0]!.length;
    return smallest + 2 > max || whole.length > max ? '' : 'nothing returned though a window fits';
  }
  if (out.length > max) return `over budget: ${out.length} > ${max}`;
  const cutStart = out.startsWith(ELLIPSIS);
  const cutEnd = out.endsWith(ELLIPSIS) && out.length > 1;
  const core = out.slice(cutStart ? 1 : 0, cutEnd ? -1 : undefined);
  if (core.includes(ELLIPSIS) && !whole.includes(ELLIPSIS)) return 'an ellipsis inside the quote';
  if (!cutStart && !cutEnd) return core === whole ? '' : 'unmarked change';
  // Some occurrence of the core sits on word boundaries, cut exactly where the marks say.
  let ok = false;
  for (let i = whole.indexOf(core); i >= 0 && !ok; i = whole.indexOf(core, i + 1)) {
    const j = i + core.length;
    const startOk = i === 0 ? !cutStart : cutStart && whole[i - 1] === ' ';
    const endOk = j === whole.length ? !cutEnd : cutEnd && whole[j] === ' ';
    ok = startOk && endOk;
  }
  if (!ok) return `not verbatim on word boundaries: ${JSON.stringify(out)}`;
  if (keep && !core.includes(keptWords)) return 'kept span cut or missing';
  return '';
}

function check(sentences: string[], seed: number): { checked: number; cut: number } {
  const rnd = lcg(seed);
  let checked = 0;
  let cut = 0;
  for (const s of sentences) {
    for (const max of [24, 60, 140, Math.floor(10 + rnd() * 400)]) {
      const out = clipQuote(s, max);
      const why = violation(s, out, max);
      if (why) throw new Error(`${why}\nmax ${max}\nsource ${JSON.stringify(s)}\nout ${JSON.stringify(out)}`);
      // A kept span: one word of the sentence, chosen at random (a figure or a name in real answers).
      const ws = [...s.matchAll(/\S+/g)];
      const w = ws[Math.floor(rnd() * ws.length)]!;
      const keep = { start: w.index, end: w.index + w[0].length };
      const kept = clipQuote(s, max, keep);
      const why2 = violation(s, kept, max, keep);
      if (why2) throw new Error(`${why2}\nmax ${max} keep ${JSON.stringify(w[0])}\nsource ${JSON.stringify(s)}\nout ${JSON.stringify(kept)}`);
      checked += 2;
      if (out !== undefined && out !== flat(s)) cut++;
    }
  }
  return { checked, cut };
}

describe('clipQuote: whole, or whole words marked with …', () => {
  it('holds over every sentence of the seeds', () => {
    const sentences = sentencesOf(filesUnder('../shared/seeds'));
    expect(sentences.length).toBeGreaterThan(50);
    const { checked, cut } = check(sentences, 1);
    expect(cut).toBeGreaterThan(0);
    expect(checked).toBe(sentences.length * 8);
  });

  it('holds over every sentence of the BBC corpus', () => {
    const sentences = sentencesOf(filesUnder('../shared/corpora/bbc'));
    expect(sentences.length).toBeGreaterThan(20_000);
    const { cut } = check(sentences, 2);
    expect(cut).toBeGreaterThan(10_000);
  });

  it('holds over long synthetic sentences full of numbers and names', () => {
    const rnd = lcg(3);
    const vocab = ['3,368', 'residents', 'Tell', 'Al-Qadam', '36', 'soldiers', 'surface-to-surface', 'missiles', 'Yarmouk', '£1.2bn', 'U.N.', 'al-Hajar', '—', '"quoted"', '(2018)'];
    const sentences = Array.from({ length: 300 }, () =>
      Array.from({ length: 50 + Math.floor(rnd() * 400) }, () => vocab[Math.floor(rnd() * vocab.length)]).join(rnd() < 0.1 ? '\n' : ' '),
    );
    expect(check(sentences, 4).cut).toBeGreaterThan(800);
  });

  it('never ends inside a number (the “Tell M64 where 336” case)', () => {
    const s = 'The regime captured the village of Tell M64 where 3368 residents lived before the war.';
    for (let max = 10; max < s.length; max++) {
      const out = clipQuote(s, max)!;
      expect(out.endsWith('336…')).toBe(false);
      expect(out.endsWith(ELLIPSIS)).toBe(true);
    }
    expect(clipQuote('killed 36 soldiers', 8)).toBe('killed…');
  });

  it('keeps the kept span visible however small the budget', () => {
    const s = 'After weeks of fighting, officials said on Sunday that 79 government fighters were killed in the battle.';
    const start = s.indexOf('79 government fighters');
    const out = clipQuote(s, 40, { start, end: start + '79 government fighters'.length });
    expect(out).toContain('79 government fighters');
    expect(out!.startsWith(ELLIPSIS)).toBe(true);
    expect(out!.length).toBeLessThanOrEqual(40);
  });
});

describe('discordQuote: escaped, bold kept span, same rule', () => {
  it('bolds the short span, escapes the rest and fits the budget', () => {
    const s = 'Some *starred* words and __underlined__ ones: 36 soldiers were killed near Yarmouk.';
    const start = s.indexOf('36 soldiers');
    const out = discordQuote(s, 60, { start, end: start + 11 })!;
    expect(out).toContain('**36 soldiers**');
    expect(out.length).toBeLessThanOrEqual(60);
    expect(out.startsWith(ELLIPSIS)).toBe(true);
    const whole = discordQuote(s, 500, { start, end: start + 11 })!;
    expect(whole).toBe('Some \\*starred\\* words and \\_\\_underlined\\_\\_ ones: **36 soldiers** were killed near Yarmouk.');
  });

  it('holds the rule over the seed sentences once escapes and stars are taken away', () => {
    const sentences = sentencesOf(filesUnder('../shared/seeds'));
    for (const s of sentences) {
      for (const max of [30, 90, 200]) {
        const out = discordQuote(s, max);
        const plain = out?.replace(/\\(.)/g, '$1');
        expect(out === undefined || out.length <= max).toBe(true);
        const why = violation(s, plain, Number.MAX_SAFE_INTEGER);
        expect(why, `${JSON.stringify(s)} → ${JSON.stringify(out)}`).toBe('');
      }
    }
  });
});

describe('packQuotes: fewer quotes whole rather than more quotes cut', () => {
  const quotes = ['a'.repeat(50), 'b'.repeat(80), 'c'.repeat(30)];
  const line = (i: number, room?: number) => (room === undefined ? quotes[i] : clipQuote(quotes[i]!.replace(/(.{10})/g, '$1 '), room));

  it('keeps whole quotes and leaves out the one that does not fit', () => {
    const { lines, omitted } = packQuotes(3, 100, 2, line);
    expect(lines).toEqual([quotes[0], quotes[2]]);
    expect(omitted).toEqual([1]);
  });

  it('cuts only the first quote, and only when even it does not fit', () => {
    const { lines, omitted } = packQuotes(3, 30, 2, line);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.endsWith(ELLIPSIS)).toBe(true);
    expect(omitted).toEqual([1, 2]);
  });
});
