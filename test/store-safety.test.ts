// The index as a safe store, damage done for real in temporary folders: folders that are not ours are
// refused untouched, damaged files are named on open (and rebuilt by the next ingest or npm start), the
// old layout is migrated, and bad corpus files are skipped with their real cause.
import { spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile, chmod } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LocalIndex } from 'vectra';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEngine } from '../src/app.js';
import { createEmbedder, LOCAL_MODEL_ID } from '../src/embed.js';
import { ingestCorpus } from '../src/ingest.js';
import { openIndex } from '../src/store.js';
import { renderFile } from '../src/store/version.js';
import { fakeEmbedder } from './support/fake-embedder.js';
import { folderChecksum, ROOT, run, versionOf, workspace } from './support/processes.js';

let work: string;
let seeds: string;
let other: string;
let fresh: () => string;
const ingest = (corpusDir: string, indexDir: string) => ingestCorpus({ corpusDir, indexDir, embedder: fakeEmbedder() });

beforeAll(async () => void ({ work, seeds, other, fresh } = await workspace('store-safety-')));
afterAll(() => rm(work, { recursive: true, force: true }));

describe('ownership: ingest writes only into a folder that is empty, new or already an index', () => {
  it.each([
    ['a folder with other files in it', async () => {
      const dir = path.join(work, 'foreign');
      await mkdir(path.join(dir, 'src'), { recursive: true });
      await writeFile(path.join(dir, 'README.md'), 'mine');
      await writeFile(path.join(dir, 'src', 'app.ts'), 'export {}');
      return { index: dir, guard: dir, why: /not a NewsQuote index \(README\.md, src\)/ };
    }],
    ['a folder whose only file merely shares a name with an old index file', async () => {
      const dir = path.join(work, 'lookalike');
      await mkdir(dir);
      await writeFile(path.join(dir, 'index.json'), '{"mine": true}');
      return { index: dir, guard: dir, why: /not a NewsQuote index \(index\.json\)/ };
    }],
    ['the corpus itself', async () => ({ index: seeds, guard: seeds, why: /it is the corpus folder/ })],
    ['a folder inside the corpus', async () => ({ index: path.join(seeds, 'idx'), guard: seeds, why: /inside the corpus folder/ })],
    ['a folder that contains the corpus', async () => ({ index: work, guard: seeds, why: /contains the corpus folder/ })],
    ['a file', async () => {
      await writeFile(path.join(work, 'a-file'), 'data');
      return { index: path.join(work, 'a-file'), guard: work, why: /is a file, not a folder/ };
    }],
  ])('refuses %s, touching nothing', async (_, setup) => {
    const { index, guard, why } = await setup();
    const before = await folderChecksum(guard);
    const err = await ingest(seeds, index).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'INDEX_DIR_REFUSED', message: expect.stringMatching(why) });
    expect((err as Error).message).not.toContain('\n');
    expect(await folderChecksum(guard)).toBe(before);
  });

  it('the real `npm run ingest` refuses a project folder with exit code 1 and one line, before loading the model', async () => {
    const project = path.join(work, 'project');
    await mkdir(path.join(project, '.git'), { recursive: true });
    await writeFile(path.join(project, 'package.json'), '{}');
    await writeFile(path.join(project, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    const before = await folderChecksum(project);
    const r = run('src/bin/ingest.ts', ['--corpus', seeds, '--index', project]);
    expect(await r.exit).toBe(1);
    expect(r.stderr().trim().split('\n')).toEqual([expect.stringMatching(/^Refusing to write an index into .*project: .*package\.json/)]);
    expect(await folderChecksum(project)).toBe(before);
  });
});

/** Rewrite a version file's checksum in the manifest, as a consistent-looking edit would. */
async function fixChecksum(version: string, name: string): Promise<void> {
  const file = path.join(version, 'manifest.json');
  const manifest = JSON.parse(await readFile(file, 'utf8'));
  const bytes = await readFile(path.join(version, name));
  manifest.checksums[name] = { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  await writeFile(file, JSON.stringify(manifest));
}

type Damage = (version: string, index: string) => Promise<void>;
const editJson = async (file: string, edit: (data: any) => void) => {
  const data = JSON.parse(await readFile(file, 'utf8'));
  edit(data);
  await writeFile(file, JSON.stringify(data));
};
const truncate = (name: string, keep: (size: number) => number): Damage => async (v) => {
  const bytes = await readFile(path.join(v, name));
  await writeFile(path.join(v, name), bytes.subarray(0, keep(bytes.length)));
};

describe('integrity checks on open', () => {
  it.each<[string, Damage, RegExp, boolean?]>([
    ['a truncated index.json', truncate('index.json', (s) => s >> 1), /index\.json: \d+ bytes where the manifest says \d+ \(truncated/],
    ['a 0-byte index.json', truncate('index.json', () => 0), /index\.json: 0 bytes where the manifest says/],
    ['a truncated manifest', truncate('manifest.json', (s) => s >> 1), /manifest\.json: not valid JSON/],
    ['a 0-byte manifest', truncate('manifest.json', () => 0), /manifest\.json: empty file/],
    ['half the vectors deleted', async (v) => editJson(path.join(v, 'index.json'), (d) => d.items.splice(0, d.items.length >> 1)), /index\.json: (\d+ bytes where the manifest says|contents differ from the manifest checksum)/],
    ['half the vectors deleted, checksum redone', async (v) => {
      await editJson(path.join(v, 'index.json'), (d) => d.items.splice(0, d.items.length >> 1));
      await fixChecksum(v, 'index.json');
    }, /index\.json: holds \d+ vectors where the manifest counts \d+ chunks/],
    ['a vector cut to 50 dimensions', async (v) => {
      await editJson(path.join(v, 'index.json'), (d) => (d.items[3].vector = d.items[3].vector.slice(0, 50)));
      await fixChecksum(v, 'index.json');
    }, /index\.json: vector of .* has 50 dimensions, not 64/],
    ['a keyword.json from another index', async (v) => {
      const elsewhere = fresh();
      await ingest(other, elsewhere);
      await cp(path.join(await versionOf(elsewhere), 'keyword.json'), path.join(v, 'keyword.json'));
    }, /keyword\.json: .*(bytes where|checksum)/, true],
    ['a keyword.json from another index, checksum redone', async (v) => {
      const elsewhere = fresh();
      await ingest(other, elsewhere);
      await cp(path.join(await versionOf(elsewhere), 'keyword.json'), path.join(v, 'keyword.json'));
      await fixChecksum(v, 'keyword.json');
    }, /keyword\.json: indexes \d+ chunks where the manifest counts \d+/, true],
    ['an article shortened under its chunks', async (v) => {
      await editJson(path.join(v, 'articles.json'), (d) => (d[0].text = d[0].text.slice(0, 20)));
      await fixChecksum(v, 'articles.json');
    }, /index\.json: chunk .* has offsets \d+-\d+ outside its article \(20 characters\)/, true],
    ['a CURRENT that names no version', async (_, index) => writeFile(path.join(index, 'CURRENT'), 'garbage\n'), /CURRENT does not name a version/],
    ['the published version folder deleted', async (v) => rm(v, { recursive: true }), /manifest\.json: missing/],
  ])('%s: one line naming the file; the next ingest rebuilds it, re-using no damaged vector', async (_, damage, message, vectorsSound = false) => {
    const index = fresh();
    const first = await ingest(seeds, index);
    await damage(await versionOf(index), index);
    const err = await openIndex(index).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'INDEX_CORRUPT', message: expect.stringMatching(message) });
    expect((err as Error).message).not.toContain('\n');
    const again = await ingest(seeds, index);
    // Vectors are re-used only from an index.json (and manifest) that pass their checks.
    expect(again.embedded).toBe(vectorsSound ? 0 : first.chunks);
    expect((await openIndex(index)).chunks.size).toBe(first.chunks);
  });

  it('npm start (loadEngine with buildIfMissing) rebuilds a damaged index instead of dying', async () => {
    const index = fresh();
    const config = { EMBEDDING_MODEL: LOCAL_MODEL_ID, MODEL_CACHE_DIR: path.join(ROOT, '.cache/models'), INDEX_DIR: index, CORPUS_DIR: seeds };
    await ingestCorpus({ corpusDir: seeds, indexDir: index, embedder: await createEmbedder({ model: LOCAL_MODEL_ID, cacheDir: config.MODEL_CACHE_DIR }) });
    await truncate('index.json', () => 0)(await versionOf(index), index);
    await expect(loadEngine(config)).rejects.toMatchObject({ code: 'INDEX_CORRUPT' });
    const engine = await loadEngine(config, undefined, { buildIfMissing: true });
    expect(engine.stats().articles).toBe(5);
  });

  it('a version folder is still a vectra index', async () => {
    const index = fresh();
    const s = await ingest(seeds, index);
    expect((await new LocalIndex(await versionOf(index)).listItems()).length).toBe(s.chunks);
  });
});

describe('the old layout', () => {
  it('a version of another index format is reported as such and rebuilt', async () => {
    const index = fresh();
    const first = await ingest(seeds, index);
    const version = await versionOf(index);
    await editJson(path.join(version, 'manifest.json'), (m) => (m.format = 2));
    await expect(openIndex(index)).rejects.toMatchObject({ code: 'INDEX_OUTDATED', message: expect.stringMatching(/index format 2; this version reads format 4/) });
    expect((await ingest(seeds, index)).embedded).toBe(first.chunks);
  });

  it('is reported to readers and rebuilt by the next ingest, keeping .gitkeep', async () => {
    const index = fresh();
    await mkdir(index);
    await writeFile(path.join(index, '.gitkeep'), '');
    for (const f of ['index.json', 'articles.json', 'keyword.json']) await writeFile(path.join(index, f), '{}');
    await writeFile(path.join(index, 'manifest.json'), JSON.stringify({ format: 2, model: 'x', dimensions: 64, builtAt: '', corpus: seeds, files: {} }));
    await expect(openIndex(index)).rejects.toMatchObject({ code: 'INDEX_OUTDATED', message: expect.stringMatching(/old layout.*npm run ingest/) });
    const s = await ingest(seeds, index);
    expect(s.added).toHaveLength(5);
    expect((await readdir(index)).sort()).toEqual(['.gitkeep', 'CURRENT', 'newsquote-index.json', 'versions']);
  });
});

describe('bad corpus files never stop a run', () => {
  it('skips dangling links, link loops, linked folders and non-UTF-8 names, each with its real cause', async () => {
    const corpus = path.join(work, 'links');
    await cp(seeds, corpus, { recursive: true });
    await symlink(path.join(corpus, 'nowhere.txt'), path.join(corpus, 'dangling.txt'));
    await symlink(path.join(corpus, 'loop-b.txt'), path.join(corpus, 'loop-a.txt'));
    await symlink(path.join(corpus, 'loop-a.txt'), path.join(corpus, 'loop-b.txt'));
    await symlink(seeds, path.join(corpus, 'linked-folder'));
    await writeFile(Buffer.concat([Buffer.from(path.join(corpus, 'bad')), Buffer.from([0xff, 0xfe]), Buffer.from('.txt')]), 'Title\n\nA story.');
    const s = await ingest(corpus, fresh());
    expect(s.articles).toBe(5);
    const reasons = s.skipped.map((k) => k.reason).sort();
    expect(reasons).toEqual([
      expect.stringMatching(/^bad\uFFFD\uFFFD\.txt: skipped, file name is not valid UTF-8 \(bytes 626164fffe2e747874\)$/),
      'dangling.txt: skipped, dangling symbolic link (its target does not exist)',
      'linked-folder: skipped, symbolic link to a folder, not followed',
      'loop-a.txt: skipped, symbolic link loop',
      'loop-b.txt: skipped, symbolic link loop',
    ]);
  });

  const asRoot = process.getuid?.() === 0;
  // Root reads everything, so the ingest runs as `nobody` (uid 65534); without root there is no way to
  // switch users, and an unprivileged run cannot make a file it owns unreadable to itself in a useful way.
  // Nor can `nobody` run the project when a folder above it is closed to others (a checkout inside a
  // `mktemp -d` folder, mode 0700): the test is skipped then too, as it cannot be set up.
  const nobodyCanRun =
    asRoot &&
    spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(path.join(ROOT, 'node_modules', 'tsx', 'package.json'))})`], { uid: 65534, gid: 65534 }).status === 0;
  it.skipIf(!nobodyCanRun)('skips an unreadable file and an unreadable folder (ingest run as nobody), naming EACCES', async () => {
    const base = await mkdtemp(path.join(tmpdir(), 'eacces-'));
    try {
      await chmod(base, 0o777);
      const corpus = path.join(base, 'corpus');
      await cp(seeds, corpus, { recursive: true });
      await chmod(corpus, 0o755);
      await writeFile(path.join(corpus, 'secret.txt'), 'Secret\n\nNot for you.');
      await chmod(path.join(corpus, 'secret.txt'), 0o000);
      await mkdir(path.join(corpus, 'locked'));
      await writeFile(path.join(corpus, 'locked', 'inner.txt'), 'Inner\n\nHidden.');
      await chmod(path.join(corpus, 'locked'), 0o000);
      const r = run('test/support/ingest-child.ts', [corpus, path.join(base, 'index')], {}, { uid: 65534, gid: 65534 });
      expect(await r.exit, r.stderr()).toBe(0);
      expect(r.stdout()).toBe('DONE 5\n');
      expect(r.stderr()).toMatch(/SKIPPED locked\/: skipped, folder cannot be read \(EACCES/);
      expect(r.stderr()).toMatch(/SKIPPED secret\.txt: skipped, cannot be read \(EACCES/);
    } finally {
      await rm(base, { recursive: true, force: true });
    }
  });
});

describe('an index too large for the embedded store', () => {
  it('says so in one line naming the chunk count and what to use instead, not "Invalid string length"', () => {
    const contents = { manifest: {} as never, articles: [], chunks: new Array(546_050), vectors: [] };
    // The real error V8 throws for a string past its longest (2^29 characters), as JSON.stringify does at 50× BBC.
    const tooLong = { name: 'index.json', render: () => 'x'.repeat(2 ** 29) };
    expect(() => renderFile(tooLong, contents, '/data/index')).toThrow(/546,050 chunks are more than the embedded index in \/data\/index can hold.*DATABASE_URL/);
    expect(() => renderFile(tooLong, contents, '/data/index')).toThrow(expect.objectContaining({ code: 'INDEX_TOO_LARGE' }));
    // Other failures pass through unchanged.
    const broken = { name: 'index.json', render: () => { throw new Error('no 100-dimension vector for chunk x'); } };
    expect(() => renderFile(broken, contents, '/data/index')).toThrow('no 100-dimension vector for chunk x');
  });
});
