// Reply rules, without Discord: every view stays inside Discord's limits whatever the input, quoted text
// is escaped and cannot ping, and trimming only ever clips (with an ellipsis), never fails.
import type { APIEmbed } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { answerReply, timelineReply } from '../src/discord/answer-view.js';
import {
  DISCORD_LIMITS,
  clip,
  clipSafe,
  fitContent,
  fitEmbed,
  neutralizeMentions,
  notice,
  packLines,
  safeText,
  type ReplyPayload,
} from '../src/discord/format.js';
import { searchReply, sourceReply, sourcesReply } from '../src/discord/views.js';
import type { Answer, ArticleInfo, Chunk, Citation } from '../src/types.js';

function total(e: APIEmbed): number {
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.author?.name.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

/** Every limit Discord enforces on a message we send. */
function expectWithinLimits(p: ReplyPayload): void {
  expect(p.allowedMentions).toEqual({ parse: [] });
  expect((p.content ?? '').length).toBeLessThanOrEqual(DISCORD_LIMITS.content);
  let sum = 0;
  for (const e of p.embeds) {
    expect(e.title?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.title);
    expect(e.description?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.description);
    expect(e.fields?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.fields);
    for (const f of e.fields ?? []) {
      expect(f.name.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldName);
      expect(f.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
      expect(f.value.length).toBeGreaterThan(0);
    }
    sum += total(e);
  }
  expect(sum).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
  for (const row of p.components) for (const b of row.components) if ('custom_id' in b) expect(b.custom_id.length).toBeLessThanOrEqual(100);
}

const LONG_SENTENCE = 'The Syrian Observatory for Human Rights said fighting continued *near* the camp_area. ';

function citation(n: number, quote: string, extra: Partial<Citation> = {}): Citation {
  return { n, source: `a/${n}.txt`, title: `Article ${n}`, publisher: 'AFP', date: '2018-04-19', quote, start: 0, end: quote.length, score: 1, ...extra };
}

function answer(citations: Citation[], question = 'Who said what?'): Answer {
  return { question, answer: citations.map((c) => `“${c.quote}” [${c.n}]`).join(' '), abstained: false, citations, related: [] };
}

describe('text primitives', () => {
  it('clips with an ellipsis, preferring a word boundary, never over the limit', () => {
    expect(clip('short', 10)).toBe('short');
    expect(clip('the quick brown fox jumps', 12)).toBe('the quick…');
    expect(clip('x'.repeat(50), 10)).toBe('x'.repeat(9) + '…');
    expect(clip('anything', 0)).toBe('');
    expect(clip('anything', 1)).toBe('…');
  });

  it('escapes markdown so quotes read as written', () => {
    expect(safeText('*bold* _it_ `code` ||spoiler|| ~~x~~')).toBe('\\*bold\\* \\_it\\_ \\`code\\` \\|\\|spoiler\\|\\| \\~\\~x\\~\\~');
    expect(safeText('# heading\n- item\n[link](http://x)')).toBe('\\# heading\n\\- item\n\\[link](http://x)');
  });

  it('breaks @everyone, @here and mention syntax with a zero-width space', () => {
    expect(neutralizeMentions('hi @everyone and @here')).toBe('hi @\u200beveryone and @\u200bhere');
    expect(neutralizeMentions('<@123> <@!456> <@&789>')).toBe('<@\u200b123> <@\u200b!456> <@\u200b&789>');
    expect(fitContent('@everyone look')).not.toContain('@everyone');
    expect(notice('@here').content).toBe('@\u200bhere');
  });

  it('clips escaped text without leaving half an escape sequence', () => {
    for (const raw of ['*'.repeat(100), '_a_ '.repeat(40), '||x|| '.repeat(30)]) {
      for (const max of [5, 10, 11, 50, 199, 200]) {
        const out = clipSafe(raw, max);
        expect(out.length).toBeLessThanOrEqual(max);
        // A dangling backslash would escape the ellipsis or leave half an escape sequence.
        expect(out).not.toMatch(/\\…?$/);
      }
    }
    expect(clipSafe('*a*', 100)).toBe('\\*a\\*');
  });

  it('packs lines into field-sized values', () => {
    const values = packLines(Array.from({ length: 60 }, (_, i) => `[${i}] ${'word '.repeat(10)}`));
    expect(values.length).toBeGreaterThan(1);
    for (const v of values) expect(v.length).toBeLessThanOrEqual(1024);
  });
});

describe('fitEmbed', () => {
  it('makes an absurd embed valid instead of failing', () => {
    const fitted = fitEmbed({
      title: 't'.repeat(1000),
      description: 'd'.repeat(10_000),
      footer: { text: 'f'.repeat(5000) },
      fields: Array.from({ length: 40 }, (_, i) => ({ name: `n${i}`.repeat(100), value: 'v'.repeat(2000) })),
    });
    expectWithinLimits({ embeds: [fitted], components: [], allowedMentions: { parse: [] } });
  });

  it('clips the description before dropping fields (sources survive)', () => {
    const fitted = fitEmbed({ description: 'q'.repeat(4096), fields: [{ name: 'Sources', value: 's'.repeat(1024) }, { name: 'More', value: 's'.repeat(1024) }] });
    expect(fitted.fields).toHaveLength(2);
    expect(fitted.description!.endsWith('…')).toBe(true);
    expect(total(fitted)).toBeLessThanOrEqual(6000);
  });

  it('fills empty field values so Discord does not reject them', () => {
    expect(fitEmbed({ fields: [{ name: '', value: '' }] }).fields![0]!.value.length).toBeGreaterThan(0);
  });
});

describe('answer embed', () => {
  it('quotes with [n] markers and lists numbered sources', () => {
    const p = answerReply(answer([citation(1, 'IS killed 36 soldiers.'), citation(2, 'The camp was shelled.', { publisher: undefined })]), 'abc');
    const e = p.embeds[0]!;
    // Outlet and date before each quote, as the terminal answer shows them.
    expect(e.description).toBe('AFP, 19 April 2018: “IS killed 36 soldiers.” [1]\n\n19 April 2018: “The camp was shelled.” [2]');
    expect(e.fields![0]).toEqual({ name: 'Sources', value: '[1] Article 1 — AFP, 19 April 2018\n[2] Article 2 — 19 April 2018' });
    expect(p.components[0]!.components.map((b) => ('custom_id' in b ? b.custom_id : ''))).toEqual(['vote:up:abc', 'vote:down:abc']);
    expectWithinLimits(p);
  });

  it('escapes markdown and mentions inside quotes and the question', () => {
    const p = answerReply(answer([citation(1, '@everyone *look* at <@123>')], '@here **why**?'), 'abc');
    const e = p.embeds[0]!;
    expect(e.description).toBe('AFP, 19 April 2018: “@\u200beveryone \\*look\\* at <@\u200b123>” [1]');
    expect(e.title).toBe('@\u200bhere \\*\\*why\\*\\*?');
  });

  it('shows fewer quotes whole rather than many cut, and names the ones left out', () => {
    const citations = Array.from({ length: 12 }, (_, i) => citation(i + 1, LONG_SENTENCE.repeat(20), { title: 'T'.repeat(300) }));
    const p = answerReply(answer(citations, 'q'.repeat(500)), 'abc');
    expectWithinLimits(p);
    const e = p.embeds[0]!;
    const quoted = (e.description as string).split('\n\n').filter((l) => l.includes('“'));
    expect(quoted.length).toBeGreaterThan(0);
    // Every quote shown is whole: no cut mark inside any of them.
    for (const l of quoted) expect(l).not.toContain('…');
    for (let n = 1; n <= 12; n++) expect(e.description).toContain(`[${n}]`);
    expect(e.description).toMatch(/more quotes \(.*\[12\]\) left out for space/);
    expect(e.title!.length).toBeLessThanOrEqual(256);
  });

  it('keeps a single huge quote inside the description limit', () => {
    const p = answerReply(answer([citation(1, LONG_SENTENCE.repeat(200))]), 'abc');
    expectWithinLimits(p);
    expect(p.embeds[0]!.description!.endsWith('” [1]')).toBe(true);
  });

  it('quotes a wire copy once with both markers, and shows where the sources differ', () => {
    const citations = [citation(1, 'IS killed 36 soldiers.'), citation(2, 'IS killed 36 soldiers.', { copyOf: 1 }), citation(3, '79 fighters were killed.')];
    const p = answerReply({ ...answer(citations), notes: ['Sources differ: 36 soldiers killed [1][2]; 79 fighters killed [3]'] }, 'abc');
    const e = p.embeds[0]!;
    expect(e.description).toBe('AFP, 19 April 2018: “IS killed 36 soldiers.” [1][2]\n\nAFP, 19 April 2018: “79 fighters were killed.” [3]');
    expect(e.fields![0]).toEqual({ name: 'Reports compared', value: 'Sources differ: 36 soldiers killed [1][2]; 79 fighters killed [3]' });
    expect(e.fields![1]!.name).toBe('Sources');
    expectWithinLimits(p);
  });

  it('bolds the short span inside the quote, and never cuts it away', () => {
    const quote = `${LONG_SENTENCE.repeat(60)} In the end 79 government fighters were killed, the *monitor* said.`;
    const short = quote.indexOf('79 government fighters');
    const c = { ...citation(1, quote), start: 1000, end: 1000 + quote.length, short: { start: 1000 + short, end: 1000 + short + 22, text: '79 government fighters' } };
    const e = answerReply(answer([c]), 'abc').embeds[0]!;
    expect(e.description).toContain('**79 government fighters**');
    expect(e.description).toMatch(/^AFP, 19 April 2018: “…/);
    expect(e.description).toContain('the \\*monitor\\* said.” [1]');
  });

  it('says plainly when abstaining and lists possibly related articles', () => {
    const related: ArticleInfo[] = [{ source: 'x.txt', title: 'Sweida attack', publisher: 'AFP', date: '2018-07-25', chunks: 3 }];
    const p = answerReply({ question: 'q?', answer: '', abstained: true, citations: [], related }, 'abc');
    const e = p.embeds[0]!;
    expect(e.description).toMatch(/don't answer/);
    expect(e.fields).toEqual([{ name: 'Possibly related', value: '• Sweida attack — AFP, 25 July 2018' }]);
  });

  it('says how the question was read when shorthand or typos were repaired, answering or abstaining, within limits', () => {
    const read = 'how many people died in the *sweida* rampage';
    const answered = answerReply({ ...answer([citation(1, LONG_SENTENCE.repeat(200))], 'how many ppl died in the sweida rampage'), normalised: read }, 'abc');
    expectWithinLimits(answered);
    expect(answered.embeds[0]!.fields![0]).toEqual({ name: 'Read as', value: 'how many people died in the \\*sweida\\* rampage' });
    expect(answered.embeds[0]!.fields!.map((f) => f.name)).toContain('Sources');
    const abstained = answerReply({ question: 'whats bitcoin at rn', answer: '', abstained: true, citations: [], related: [], normalised: "what's bitcoin at right now" }, 'abc');
    expect(abstained.embeds[0]!.fields).toEqual([{ name: 'Read as', value: "what's bitcoin at right now" }]);
    // Read as typed: no such field.
    expect(answerReply(answer([citation(1, 'IS killed 36 soldiers.')]), 'abc').embeds[0]!.fields!.map((f) => f.name)).not.toContain('Read as');
  });
});

describe('other views stay within limits', () => {
  const chunk = (i: number, text: string): Chunk => ({ id: `s#${i}`, source: 's.txt', title: 'T'.repeat(400), date: '2018-01-01', ordinal: i, start: 0, end: text.length, text });

  it('timeline with many long entries', () => {
    const entries = Array.from({ length: 80 }, (_, i) => ({ date: `2018-01-${String((i % 28) + 1).padStart(2, '0')}`, citation: citation(i + 1, LONG_SENTENCE.repeat(10), { source: `s${i % 30}.txt`, title: 'T'.repeat(300) }) }));
    const p = timelineReply('topic', entries);
    expectWithinLimits(p);
    const dates = [...p.embeds[0]!.description!.matchAll(/\*\*(\d{4}-\d{2}-\d{2})\*\*/g)].map((m) => m[1]);
    expect([...dates].sort()).toEqual(dates);
  });

  it('search pages with huge passages, and their pager ids', () => {
    const hits = Array.from({ length: 23 }, (_, i) => ({ chunk: chunk(i, LONG_SENTENCE.repeat(100)), score: 1 - i / 100, keyword: 0, vector: 0 }));
    for (const page of [0, 2, 4]) expectWithinLimits(searchReply({ query: 'x'.repeat(4000), hits }, 'AbCd1234', page));
    expect(searchReply({ query: 'x', hits: [] }, 'id', 0).components).toEqual([]);
  });

  it('article list and one article', () => {
    const articles = Array.from({ length: 95 }, (_, i) => ({ source: `${i}.txt`, title: 'T'.repeat(500), publisher: 'P'.repeat(300), chunks: 1 }));
    expectWithinLimits(sourcesReply(articles, 9));
    const long = { source: 'p/'.repeat(60) + 'x.txt', title: 'T', url: 'javascript:alert(1)', chunks: 2 };
    const p = sourceReply(long, [chunk(0, 'a'.repeat(9000)), chunk(1, 'b')], 0, '#7');
    expectWithinLimits(p);
    expect(p.embeds[0]!.url).toBeUndefined();
  });
});
