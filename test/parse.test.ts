// Parsing and reading against the real corpora: the five captured seed pages, the BBC corpus and the
// SQuAD paragraphs, plus a temp folder of deliberately bad files.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDates, parseDate } from '../src/dates.js';
import { normalizeText } from '../src/markup.js';
import { applyOverride, parseArticle } from '../src/parse.js';
import { listCorpusFiles, loadOverrides, readArticleFile, readCorpus, type CorpusFile } from '../src/read.js';
import type { Article } from '../src/types.js';

const SEEDS = join(dirname(fileURLToPath(import.meta.url)), '..', 'seeds');
const BBC = process.env.BBC_CORPUS ?? '/work/shared/corpora/bbc';
const SQUAD = process.env.SQUAD_CORPUS ?? '/work/shared/eval/squad-dev/corpus';

describe('seed articles', () => {
  const seeds = new Map<string, Article>();
  beforeAll(async () => {
    for (const rel of await listCorpusFiles(SEEDS)) {
      const r = await readArticleFile(SEEDS, rel);
      expect(r.warning).toBeUndefined();
      seeds.set(rel.slice(0, 3), r.article!);
    }
  });
  const seed = (n: string): Article => seeds.get(n)!;

  it.each([
    ['000', 'Daesh moves into Damascus suburb as Syrian regime forces opposition to retreat', undefined, undefined],
    ['001', 'Daesh cornered in pocket of southern Syria', 'AFP', '2018-08-01'],
    ['002', 'Syrian regime launches offensive on IS-held areas in Damascus', 'The New Arab', '2018-04-19'],
    ['003', 'Islamic State loses ground to Syrian rebels in Damascus suburb', 'ARA News', undefined],
    // 004 gives no date of its own; the embedded tweet's date (the day of the fighting) bounds it.
    ['004', 'Syrian army, Islamic State wage fierce battle south of Damascus', 'Middle East Eye', '2018-04-28'],
  ])('%s: title, publisher and date', (n, title, publisher, date) => {
    expect(seed(n).title).toBe(title);
    expect(seed(n).publisher).toBe(publisher);
    expect(seed(n).date).toBe(date);
  });

  it('keeps no site furniture in any body', () => {
    const furniture = [
      'Espanol', 'You are here', 'Middle East Near You', '[Pakistan Defence/Facebook]', 'Read:', 'Related Articles',
      'READ MORE', 'Leave a Reply', 'Your email address', '1 × 5', '[contf', 'International OrganisationsMiddle',
      'Israeli Elections 2019', 'Original Article', 'pic.twitter.com', 'Issued on', '(@AnnetteSN01)', 'By AFP',
      '2 min read', '[Getty]', '(AFP)', '(Reuters photo)', 'File photo', 'Reporting by', 'middle east eye',
      'Syrian army kills 19 civilians',
    ];
    for (const [n, a] of seeds) {
      for (const f of furniture) expect(a.text, `${n} contains ${f}`).not.toContain(f);
      expect(a.text.split('\n\n')[0], `${n} repeats its title`).not.toBe(a.title);
      expect(a.text).not.toMatch(/\n{3,}|^\s|\s$| {2}/);
    }
  });

  it('keeps the story, first paragraph to last', () => {
    expect(seed('000').text).toMatch(/^Daesh militants have moved into a southern suburb of Damascus/);
    expect(seed('000').text).toMatch(/regime backer Russia regarding a ceasefire\.$/);
    expect(seed('001').text).toMatch(/^BEIRUT — Heavy clashes erupted Tuesday/);
    expect(seed('001').text).toContain(
      'One such deal took place on Tuesday in Jubata Al Khashab near the Israeli-occupied section of the Golan, according to Syria’s official SANA news agency.',
    );
    expect(seed('001').text).toMatch(/observatory head Rami Abdel Rahman told AFP\.$/);
    expect(seed('002').text).toContain('Mayadeen lies in the eastern province of Deir az-Zour on the western bank of the Euphrates River');
    expect(seed('002').text).toContain('sources told The New Arab.');
    expect(seed('003').text).toMatch(/^Damascus Subsequent to clashes with the Islamic State/);
    expect(seed('003').text).toMatch(/from the infidels and their mercenaries,” the extremist group said\.$/);
    expect(seed('004').text).toContain('It has held onto some areas of desert in eastern Syria');
    expect(seed('004').text).toMatch(/^The Syrian army and its allies engaged in a fierce battle on Saturday/);
    expect(seed('004').text).toMatch(/would be illegal and unsustainable\.$/);
    expect(seed('001').text.split('\n\n')).toHaveLength(23);
    expect(seed('002').text.split('\n\n')).toHaveLength(14);
  });
});

describe('parseDate', () => {
  it.each([
    ['By AFP - Aug 01,2018 - Last updated at Aug 01,2018', '2018-08-01'],
    ['19 April, 2018', '2018-04-19'],
    ['— Annette Nicholson (@AnnetteSN01) April 28, 2018', '2018-04-28'],
    ['28 April 2018', '2018-04-28'],
    ['Saturday, 28 April 2018', '2018-04-28'],
    ['Sat, Apr. 28th, 2018 12:00 GMT', '2018-04-28'],
    ['the 3rd of March 2019', '2019-03-03'],
    ['2018-04-28', '2018-04-28'],
    ['2019-03-05T10:00:00Z', '2019-03-05'],
    ['Issued on: 21/10/2020 – 12:18', '2020-10-21'],
    ['05/04/2020', '2020-04-05'],
    ['12/25/2020', '2020-12-25'],
    ['September 9, 2001', '2001-09-09'],
  ])('%s → %s', (text, iso) => expect(parseDate(text)).toBe(iso));

  it.each(['', 'on 27 April', 'in May 2018', '31/02/2020', 'February 30, 2019', 'Version 2.5.1', '2 min read', '1300 GMT'])(
    'no date in %j',
    (text) => expect(parseDate(text)).toBeUndefined(),
  );

  it('finds every date in a passage with its offsets', () => {
    const text = 'Talks began on 3 May 2018 and collapsed on May 9, 2018.';
    const hits = findDates(text);
    expect(hits.map((h) => h.date)).toEqual(['2018-05-03', '2018-05-09']);
    expect(hits.map((h) => text.slice(h.start, h.end))).toEqual(['3 May 2018', 'May 9, 2018']);
  });
});

describe('markup', () => {
  it('html: drops scripts, styles, navigation, captions and footers; decodes entities', () => {
    const html = `<!doctype html><html><head><title>Rebels retake town near Aleppo | Example News</title>
      <meta property="article:published_time" content="2019-03-05T10:00:00Z">
      <style>p { color: red }</style><script>var s = "<p>not text</p>";</script></head>
      <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
      <header><h1>Rebels retake town&nbsp;near Aleppo</h1></header>
      <article><figure><img src="a.jpg"><figcaption>Fighters [Getty]</figcaption></figure>
      <p>Rebel fighters retook the town on Tuesday, a monitor said &mdash; the first gain in &quot;months&quot;.</p>
      <p>The town lies 20&#160;km west of Aleppo &amp; was heavily <b>damaged</b>.</p></article>
      <footer>Copyright &copy; Example</footer></body></html>`;
    const a = parseArticle(html, 'news/a.html', 'html');
    expect(a.title).toBe('Rebels retake town near Aleppo');
    expect(a.publisher).toBe('Example News');
    expect(a.date).toBe('2019-03-05');
    expect(a.text).toBe(
      'Rebel fighters retook the town on Tuesday, a monitor said — the first gain in "months".\n\nThe town lies 20 km west of Aleppo & was heavily damaged.',
    );
  });

  it('md: title from the first heading; syntax stripped; wrapped lines joined', () => {
    const md = '---\ndate: 2020-01-02\n---\n\n# Storm hits coast\n\n**Heavy rain** hit the coast on Monday, the [Met Office](https://x.org) said.\nWinds reached 100 km/h in _some_ places.\n\n- Schools closed.\n\n![map](map.png)\n\n## Clean-up begins\n\nCrews cleared roads on `Tuesday`.\n';
    const a = parseArticle(md, 'b.md', 'md');
    expect(a.title).toBe('Storm hits coast');
    expect(a.date).toBe('2020-01-02');
    expect(a.text).toBe(
      'Heavy rain hit the coast on Monday, the Met Office said. Winds reached 100 km/h in some places.\n\nSchools closed.\n\nClean-up begins\n\nCrews cleared roads on Tuesday.',
    );
  });

  it('txt: hard-wrapped paragraphs are joined, CRLF and odd spaces normalised', () => {
    const p1 = 'The council met on Monday to discuss the plan for the new bridge over the\nriver, which has been delayed for three years because of rising costs.';
    const p2 = 'Work on the southern ramp is now expected to begin in the spring, and\nthe bridge should open to traffic by the end of next year, officials said.';
    const a = parseArticle(`Bridge plan approved at last\r\n\r\n${p1}\r\n\r\n${p2}\r\n`.replace(/(?<!\r)\n/g, '\r\n'), 'c.txt', 'txt');
    expect(a.title).toBe('Bridge plan approved at last');
    expect(a.text).toBe(`${p1}\n\n${p2}`.replace(/(?<!\n)\n(?!\n)/g, ' '));
    expect(normalizeText('a\u00a0\u00a0b\u200b c\r\n')).toBe('a b c');
  });

  it('overrides win over the text', () => {
    const a: Article = { source: 'x.txt', title: 'T', publisher: 'AFP', date: '2018-08-01', text: 'Body.' };
    expect(applyOverride(a, { publisher: 'Middle East Monitor', date: '2018-03-21', url: 'https://x.org/a' })).toEqual({
      ...a, publisher: 'Middle East Monitor', date: '2018-03-21', url: 'https://x.org/a',
    });
    expect(applyOverride(a, undefined)).toBe(a);
  });
});

describe.skipIf(!existsSync(BBC))('BBC corpus', () => {
  let files: CorpusFile[] = [];
  beforeAll(async () => {
    files = (await readCorpus(BBC)).files;
  });

  it('reads every one of the 2,225 articles, skipping none', () => {
    expect(files).toHaveLength(2225);
    expect(files.filter((f) => f.warning || !f.article)).toEqual([]);
  });

  it('title is the first line, and every paragraph after it survives', () => {
    for (const f of files) {
      // The one Latin-1 file is read as such here; the reader has to find that out by itself.
      const raw = readFileSync(join(BBC, f.source), f.source === 'sport/199.txt' ? 'latin1' : 'utf8');
      const [first, ...rest] = normalizeText(raw).split('\n').filter(Boolean);
      expect(f.article!.title, f.source).toBe(first);
      // A line of bare punctuation (politics/174.txt ends with ".") is not a paragraph.
      expect(f.article!.text.split('\n\n'), f.source).toEqual(rest.filter((p) => /[\p{L}\p{N}]/u.test(p)));
    }
  });

  it('decodes the Latin-1 file sport/199.txt correctly', () => {
    const f = files.find((x) => x.source === 'sport/199.txt')!;
    expect(f.article!.text).toContain('a £15.8m signing from Parma');
    expect(files.every((x) => !x.article!.text.includes('\uFFFD'))).toBe(true);
  });

  it('hashes the raw bytes', () => {
    const f = files.find((x) => x.source === 'sport/199.txt')!;
    expect(f.hash).toBe(createHash('sha256').update(readFileSync(join(BBC, 'sport/199.txt'))).digest('hex'));
  });
});

describe.skipIf(!existsSync(SQUAD))('SQuAD corpus', () => {
  it('title is the first line; body is the rest', async () => {
    const { files } = await readCorpus(SQUAD);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const [first, ...rest] = normalizeText(readFileSync(join(SQUAD, f.source), 'utf8')).split('\n').filter(Boolean);
      expect(f.article?.title, f.source).toBe(first);
      expect(f.article?.text.split('\n\n'), f.source).toEqual(rest);
    }
  });
});

describe('bad files', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'newsquote-read-'));
    const story = 'A real headline about the harbour\n\nThe harbour reopened on Monday after a week of storms, officials said.\n';
    await mkdir(join(dir, 'sub', '.hidden'), { recursive: true });
    await writeFile(join(dir, 'empty.txt'), '');
    await writeFile(join(dir, 'blank.md'), ' \n\t\n  ');
    await writeFile(join(dir, 'binary.txt'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00, 0x41]));
    await writeFile(join(dir, 'big.txt'), story + 'More text follows here. '.repeat(100));
    await writeFile(join(dir, 'latin1.txt'), Buffer.from('Caf\xe9 owners protest\n\nThe caf\xe9 owners in S\xe3o Paulo protested on Monday.\n', 'latin1'));
    await writeFile(join(dir, 'bom.txt'), '\uFEFF' + story);
    await writeFile(join(dir, 'furniture.txt'), 'Home\n\nYou are here\n\nRelated Articles\n\nSomething else entirely here');
    await writeFile(join(dir, 'sub', 'nested.html'), `<h1>Nested story</h1><p>${story}</p>`);
    await writeFile(join(dir, 'sub', '.hidden', 'secret.txt'), story);
    await writeFile(join(dir, '.dot.txt'), story);
    await writeFile(join(dir, 'image.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    await writeFile(join(dir, 'README.txt'), 'About this dataset.');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('lists only article files, recursively, sorted, with forward slashes', async () => {
    expect(await listCorpusFiles(dir)).toEqual(['big.txt', 'binary.txt', 'blank.md', 'bom.txt', 'empty.txt', 'furniture.txt', 'latin1.txt', 'sub/nested.html']);
    await expect(listCorpusFiles(join(dir, 'missing'))).rejects.toMatchObject({ code: 'CORPUS_MISSING' });
  });

  it.each([
    ['empty.txt', /empty\.txt: skipped, empty file/],
    ['blank.md', /blank\.md: skipped, empty file/],
    ['binary.txt', /binary\.txt: skipped, looks binary/],
    ['furniture.txt', /furniture\.txt: skipped, no article text/],
  ])('%s is skipped with a warning naming it', async (rel, warning) => {
    const r = await readArticleFile(dir, rel);
    expect(r.article).toBeUndefined();
    expect(r.warning).toMatch(warning);
    expect(r.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('skips files over the size limit (configurable)', async () => {
    const r = await readArticleFile(dir, 'big.txt', { maxBytes: 1000 });
    expect(r.article).toBeUndefined();
    expect(r.warning).toMatch(/big\.txt: skipped, \d+ bytes is over the 1000-byte limit/);
    expect(r.hash).toBe(createHash('sha256').update(readFileSync(join(dir, 'big.txt'))).digest('hex'));
    expect((await readArticleFile(dir, 'big.txt')).article).toBeDefined();
  });

  it('falls back to Windows-1252 for invalid UTF-8, and strips a BOM', async () => {
    const latin = await readArticleFile(dir, 'latin1.txt');
    expect(latin.encoding).toBe('windows-1252');
    expect(latin.article?.title).toBe('Café owners protest');
    expect(latin.article?.text).toContain('in São Paulo');
    const bom = await readArticleFile(dir, 'bom.txt');
    expect(bom.encoding).toBe('utf-8');
    expect(bom.article?.title).toBe('A real headline about the harbour');
  });

  it('sources.json: good entries apply, bad entries and bad files are reported, never fatal', async () => {
    await writeFile(join(dir, 'sources.json'), '{ "bom.txt": { "publisher": "Harbour Times" }, oops }');
    const broken = await loadOverrides(dir);
    expect(Object.keys(broken.entries)).toHaveLength(0);
    expect(broken.warnings[0]).toMatch(/sources\.json: not valid JSON/);

    await writeFile(join(dir, 'sources.json'), JSON.stringify({
      './bom.txt': { publisher: 'Harbour Times', date: '3 March 2021', url: 'https://example.org/harbour' },
      'latin1.txt': { date: 'yesterday' },
      'sub/nested.html': { pubisher: 'Typo' },
      'gone.txt': { title: 'No such file' },
    }));
    const { entries, warnings } = await loadOverrides(dir);
    expect(Object.keys(entries)).toEqual(['bom.txt', 'gone.txt']);
    expect(entries['bom.txt']).toEqual({ publisher: 'Harbour Times', date: '2021-03-03', url: 'https://example.org/harbour' });
    expect(warnings).toEqual([
      expect.stringMatching(/sources\.json: entry "latin1\.txt" skipped: field "date" is not a date/),
      expect.stringMatching(/sources\.json: entry "sub\/nested\.html" skipped: .*pubisher/),
    ]);
    const corpus = await readCorpus(dir);
    expect(corpus.warnings).toContainEqual(expect.stringMatching(/entry "gone\.txt" names no article file/));
    const bom = corpus.files.find((f) => f.source === 'bom.txt')!.article!;
    expect([bom.publisher, bom.date, bom.url]).toEqual(['Harbour Times', '2021-03-03', 'https://example.org/harbour']);
    expect(corpus.files.find((f) => f.source === 'sub/nested.html')?.article?.title).toBe('Nested story');

    await writeFile(join(dir, 'sources.json'), '[1, 2]');
    expect((await loadOverrides(dir)).warnings[0]).toMatch(/must be a JSON object/);
    await rm(join(dir, 'sources.json'));
    const none = await loadOverrides(dir);
    expect([Object.keys(none.entries), none.warnings]).toEqual([[], []]);
  });
});
