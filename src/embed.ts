// The one place that talks to @huggingface/transformers. Everything else sees only the `Embedder`
// interface, so swapping models (the offline GloVe-SIF default or a hub model) never touches other code.
// transformers.js (with onnxruntime under it) is imported only when a hub model is chosen: the default
// model is one table lookup, run by src/model/sif.ts, and the runtime's import alone costs a process
// about 0.7 s and 170 MB.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FeatureExtractionPipeline, ProgressInfo, Tensor } from '@huggingface/transformers';
import { appError, AppError } from './errors.js';
import type { Logger } from './log.js';
import { buildGloveSifModel, DEFAULT_VOCAB_SIZE, isBuildCurrent } from './model/build.js';
import { openSifModel } from './model/sif.js';
import type { ProgressFn } from './progress.js';
import type { Embedder } from './types.js';

/** The default model: built offline from an npm package on first use (see src/model/build.ts). */
export const LOCAL_MODEL_ID = 'local:glove-sif-100d';
/** Folder name of the local model under the cache dir. */
export const LOCAL_MODEL_DIR = 'glove-sif-100d';
/**
 * Texts per forward pass of a transformers.js model. Measured when the offline model still ran through it:
 * 16, 64 and 256 all gave ~3-4k texts/s for ~100-word chunks on 2 (busy) cores, as tokenization
 * dominates. 64 amortizes per-call overhead while keeping padded tensors small for hub transformers,
 * whose cost grows with batch × longest sequence.
 */
const BATCH_SIZE = 64;

export interface EmbedderOptions {
  model: string;
  cacheDir: string;
  onProgress?: ProgressFn;
  log?: Logger;
  /** Hub models only: set false to load strictly from `cacheDir` (no network). Default true. */
  allowRemote?: boolean;
}

/** An Embedder that can also show its token ids (for diagnostics and tests; includes [CLS]/[SEP]). */
export interface LoadedEmbedder extends Embedder {
  tokenize(text: string): number[];
}

/** The pieces of a feature-extraction pipeline we use: its tokenizer and its model. */
export type TextPipeline = Pick<FeatureExtractionPipeline, 'tokenizer' | 'model'>;

/** Local builds in flight in this process, so concurrent callers share one build. */
const building = new Map<string, Promise<void>>();

/** How long the cache-folder probe may take before the folder counts as unusable (special file systems). */
const PROBE_TIMEOUT_MS = 5000;

/**
 * Can the model be built into `dir`? Create it and write and remove a probe file, before the build
 * spends its 10+ seconds; a file system that never answers (e.g. under /proc) fails after a timeout.
 */
async function checkWritable(cacheDir: string, dir: string): Promise<void> {
  const probe = path.join(dir, `.write-probe-${process.pid}`);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS / 1000}s`)), PROBE_TIMEOUT_MS);
  });
  try {
    await Promise.race([(async () => {
      await mkdir(dir, { recursive: true });
      await writeFile(probe, 'probe');
      await rm(probe, { force: true });
    })(), timeout]);
  } catch (err) {
    throw appError('MODEL_CACHE_UNWRITABLE', cacheDir, shortReason(err));
  } finally {
    clearTimeout(timer);
  }
}

async function ensureLocalModel(dir: string, onProgress: ProgressFn | undefined, log: Logger | undefined, cacheDir = dir): Promise<void> {
  if (await isBuildCurrent(dir, DEFAULT_VOCAB_SIZE)) return;
  await checkWritable(cacheDir, dir);
  let job = building.get(dir);
  if (!job) {
    log?.info('building the offline embedding model (first run only)', { dir });
    const started = Date.now();
    job = buildGloveSifModel(dir, { vocabSize: DEFAULT_VOCAB_SIZE, ...(onProgress ? { onProgress } : {}) })
      .then(() => log?.info('offline embedding model built', { dir, seconds: (Date.now() - started) / 1000 }))
      .finally(() => building.delete(dir));
    building.set(dir, job);
  }
  await job;
}

/** First line of an error, trimmed to something that fits in one user-facing sentence. */
function shortReason(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const line = (text.split('\n')[0] ?? '').trim().replace(/\.+$/, '') || 'unknown error';
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}

/** Load the configured model (building the local one on first use) and return an Embedder for it. */
export async function createEmbedder(opts: EmbedderOptions): Promise<LoadedEmbedder> {
  const { model, onProgress, log } = opts;
  const cacheDir = path.resolve(opts.cacheDir);
  const started = Date.now();
  let embedder: LoadedEmbedder;
  try {
    if (model === LOCAL_MODEL_ID) {
      const dir = path.join(cacheDir, LOCAL_MODEL_DIR);
      await ensureLocalModel(dir, onProgress, log, opts.cacheDir);
      const sif = await openSifModel(dir);
      embedder = { modelId: model, dimensions: sif.dimensions, embed: async (texts) => sif.embed(texts), tokenize: sif.tokenize, words: sif.words };
    } else {
      embedder = await createEmbedderFromPipeline(model, await loadPipeline(model, cacheDir, opts));
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    log?.debug('embedding model unavailable', { model, error: err });
    throw appError('MODEL_UNAVAILABLE', model, shortReason(err));
  }
  log?.info('embedding model ready', { model, dimensions: embedder.dimensions, seconds: (Date.now() - started) / 1000 });
  return embedder;
}

/** A hub model (or a transformers.js model folder given by absolute path) through transformers.js. */
async function loadPipeline(model: string, cacheDir: string, opts: EmbedderOptions): Promise<FeatureExtractionPipeline> {
  const { env, LogLevel, pipeline } = await import('@huggingface/transformers');
  // Both the hub download cache and local model lookups point at the same folder, so a hub model fetched
  // once (stored as <cacheDir>/<org>/<name>/...) is found again offline. An absolute folder path is never
  // mistaken for a hub id, and transformers.js's file-lookup memo is then keyed per folder.
  env.allowLocalModels = true;
  env.localModelPath = cacheDir + path.sep;
  env.cacheDir = cacheDir;
  env.logLevel = LogLevel.ERROR; // our structured logger reports what matters; keep stderr clean
  env.allowRemoteModels = opts.allowRemote ?? true;
  const { onProgress } = opts;
  const progress_callback = onProgress
    ? (info: ProgressInfo) => {
        if (info.status === 'progress_total' && info.total > 0) onProgress(info.loaded, info.total, 'download');
      }
    : undefined;
  return pipeline('feature-extraction', model, {
    device: 'cpu',
    cache_dir: cacheDir,
    local_files_only: !env.allowRemoteModels,
    ...(progress_callback ? { progress_callback } : {}),
  });
}

/**
 * Wrap a loaded pipeline. `embed` does what the feature-extraction pipeline does with
 * `{ pooling: 'mean', normalize: true }` (tokenize with padding + truncation, run the model, average the
 * hidden states over the attention mask, L2-normalize), but pools in one tight loop: the library's
 * `mean_pooling` converts each int64 mask entry once per dimension and was 40% of embedding time.
 * Texts are batched in length order (restored afterwards) so padding stays small.
 */
export async function createEmbedderFromPipeline(modelId: string, pipe: TextPipeline): Promise<LoadedEmbedder> {
  const embed = async (texts: string[]): Promise<Float32Array[]> => {
    const out: Float32Array[] = new Array(texts.length);
    const order = texts.map((_, i) => i).sort((a, b) => (texts[a] as string).length - (texts[b] as string).length);
    for (let start = 0; start < order.length; start += BATCH_SIZE) {
      const ids = order.slice(start, start + BATCH_SIZE);
      const batch = ids.map((i) => texts[i] ?? '');
      const inputs = pipe.tokenizer(batch, { padding: true, truncation: true }) as { attention_mask: Tensor };
      const outputs = (await pipe.model(inputs)) as Record<string, Tensor | undefined>;
      const hidden = outputs.last_hidden_state ?? outputs.token_embeddings ?? outputs.logits;
      if (!hidden) throw new Error(`model ${modelId} returned no hidden states`);
      poolAndNormalize(hidden, inputs.attention_mask).forEach((v, k) => (out[ids[k] as number] = v));
    }
    return out;
  };
  // Dimensions come from a real output rather than the config, which hub models fill in inconsistently.
  const [probe] = await embed(['dimension probe']);
  return { modelId, dimensions: probe?.length ?? 0, embed, tokenize: (text) => pipe.tokenizer.encode(text) };
}

/** Masked mean over the sequence, then unit length; all-masked or zero rows give a zero vector, never NaN. */
function poolAndNormalize(hidden: Tensor, mask: Tensor): Float32Array[] {
  const t = hidden.type === 'float32' ? hidden : hidden.to('float32');
  const data = t.data as Float32Array;
  const dims = t.dims;
  if (dims.length === 2) return poolRows(data, dims[0] as number, 1, dims[1] as number, () => 1); // already pooled
  const [batch, seq, dim] = dims as [number, number, number];
  const m = mask.data as ArrayLike<number | bigint>;
  return poolRows(data, batch, seq, dim, (b, j) => Number(m[b * seq + j]));
}

/** Weighted sum over positions j of each [seq, dim] slice b, L2-normalized. */
function poolRows(data: Float32Array, batch: number, seq: number, dim: number, weight: (b: number, j: number) => number): Float32Array[] {
  const result: Float32Array[] = [];
  const sum = new Float64Array(dim);
  for (let b = 0; b < batch; b++) {
    sum.fill(0);
    for (let j = 0; j < seq; j++) {
      const w = weight(b, j);
      if (w === 0) continue;
      const base = (b * seq + j) * dim;
      for (let k = 0; k < dim; k++) sum[k] = (sum[k] as number) + w * (data[base + k] as number);
    }
    // The mean's divisor does not change the direction, so normalizing the sum gives the same vector.
    let norm = 0;
    for (let k = 0; k < dim; k++) norm += (sum[k] as number) ** 2;
    norm = Math.sqrt(norm);
    const v = new Float32Array(dim);
    if (norm > 0 && Number.isFinite(norm)) {
      for (let k = 0; k < dim; k++) {
        const x = (sum[k] as number) / norm;
        v[k] = Number.isNaN(x) ? 0 : x;
      }
    }
    result.push(v);
  }
  return result;
}
