// Ingest bookkeeping through the real parse/chunk/store code, with a counting embedder at the seam.
import { cp, mkdir, mkdtemp, readFile, rm, writeFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEngine } from '../src/engine.js';
import { ingestCorpus } from '../src/ingest.js';
import { openIndex } from '../src/store.js';
import { fakeEmbedder } from './support/fake-embedder.js';

let work: string;
let corpus: string;
let index: string;

beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'ingest-'));
  corpus = path.join(work, 'corpus');
  index = path.join(work, 'index');
  await cp('seeds', corpus, { recursive: true });
});
afterEach(() => rm(work, { recursive: true, force: true }));

describe('ingest', () => {
  it('indexes the seeds with offsets that point into the stored article text', async () => {
    const summary = await ingestCorpus({ corpusDir: corpus, indexDir: index, embedder: fakeEmbedder() });
    expect(summary.articles).toBe(5);
    expect(summary.added).toHaveLength(5);
    expect(summary.chunks).toBeGreaterThanOrEqual(10);
    expect(summary.embedded).toBe(summary.chunks);
    const opened = await openIndex(index);
    expect(opened.chunks.size).toBe(summary.chunks);
    for (const c of opened.chunks.values()) {
      expect(opened.articles.get(c.source)?.text.slice(c.start, c.end)).toBe(c.text);
    }
    expect(opened.manifest.model).toBe('test:hashed-bow');
  });

  it('re-embeds only new and changed files and drops deleted ones', async () => {
    await ingestCorpus({ corpusDir: corpus, indexDir: index, embedder: fakeEmbedder() });
    const again = fakeEmbedder();
    const same = await ingestCorpus({ corpusDir: corpus, indexDir: index, embedder: again });
    expect(same.unchanged).toBe(5);
    expect(same.embedded).toBe(0);
    expect(again.texts).toBe(0);

    const files = (await readdir(corpus)).sort();
    const changed = path.join(corpus, files[2] as string);
    await writeFile(changed, (await readFile(changed, 'utf8')) + '\n\nA new closing paragraph about the siege was added later.\n');
    await rm(path.join(corpus, files[4] as string));
    await writeFile(path.join(corpus, 'new.md'), '# A new report\n\nRebels and regime forces agreed a truce in the south on Monday.\n');
    const third = fakeEmbedder();
    const s = await ingestCorpus({ corpusDir: corpus, indexDir: index, embedder: third });
    expect(s.changed).toEqual([files[2]]);
    expect(s.removed).toEqual([files[4]]);
    expect(s.added).toEqual(['new.md']);
    expect(s.unchanged).toBe(3);
    const opened = await openIndex(index);
    const expected = (opened.chunksBySource.get(files[2] as string)?.length ?? 0) + (opened.chunksBySource.get('new.md')?.length ?? 0);
    expect(third.texts).toBe(expected);
    expect(opened.articles.has(files[4] as string)).toBe(false);
  });

  it('skips bad files with a warning naming them and goes on', async () => {
    await writeFile(path.join(corpus, 'empty.txt'), '   \n');
    await writeFile(path.join(corpus, 'binary.txt'), Buffer.from([0, 1, 2, 3, 0, 255, 0, 7]));
    const s = await ingestCorpus({ corpusDir: corpus, indexDir: index, embedder: fakeEmbedder() });
    expect(s.articles).toBe(5);
    expect(s.skipped.map((k) => k.file).sort()).toEqual(['binary.txt', 'empty.txt']);
    for (const k of s.skipped) expect(k.reason).toContain(k.file);
  });

  it('keeps the previous index when an ingest fails', async () => {
    await ingestCorpus({ corpusDir: corpus, indexDir: index, embedder: fakeEmbedder() });
    const before = await readFile(path.join(index, 'CURRENT'), 'utf8');
    await writeFile(path.join(corpus, 'extra.txt'), 'Extra story\n\nSomething else happened in the capital today.\n');
    await expect(ingestCorpus({ corpusDir: corpus, indexDir: index, embedder: fakeEmbedder(undefined, undefined, () => true) })).rejects.toThrow(/embedding failed/);
    expect(await readFile(path.join(index, 'CURRENT'), 'utf8')).toBe(before);
    // A missing corpus folder and one with nothing readable fail clearly, and the index stays.
    await expect(ingestCorpus({ corpusDir: path.join(work, 'nope'), indexDir: index, embedder: fakeEmbedder() })).rejects.toThrow(/does not exist/);
    const junk = path.join(work, 'junk');
    await cp(path.join(corpus, 'extra.txt'), path.join(junk, 'notes.csv'), { recursive: true });
    await writeFile(path.join(junk, 'blank.txt'), '');
    await expect(ingestCorpus({ corpusDir: junk, indexDir: index, embedder: fakeEmbedder() })).rejects.toThrow(/No readable articles/);
    expect(await readFile(path.join(index, 'CURRENT'), 'utf8')).toBe(before);
    expect(await readdir(path.join(index, 'versions'))).toEqual([before.trim()]);
  });

  it('refuses an index built with another model, saying to re-ingest', async () => {
    await ingestCorpus({ corpusDir: corpus, indexDir: index, embedder: fakeEmbedder('test:model-a') });
    await expect(openEngine(index, fakeEmbedder('test:model-b'))).rejects.toThrow(/built with embedding model "test:model-a".*Re-ingest/);
  });

  it('builds into an existing empty index folder', async () => {
    await mkdir(index);
    await writeFile(path.join(index, '.gitkeep'), '');
    await ingestCorpus({ corpusDir: corpus, indexDir: index, embedder: fakeEmbedder() });
    expect((await readdir(index)).sort()).toEqual(['.gitkeep', 'CURRENT', 'newsquote-index.json', 'versions']);
  });
});
