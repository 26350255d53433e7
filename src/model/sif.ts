// The offline GloVe-SIF model (see build.ts) run directly, without transformers.js and onnxruntime. Its
// graph is one embedding lookup, so a sentence vector is the normalized sum of its tokens' table rows;
// loading the ML runtime for that cost a bot process about 1.3 s of start-up and 300 MB. Tokenization is
// the folder's own: @huggingface/tokenizers' BERT normalizer and pre-tokenizer (the code transformers.js
// runs), then the whole-word vocabulary from vocab.txt. Its general Tokenizer would build the same maps
// from tokenizer.json in about 0.5-1 s; vocab.txt loads in a few ms. test/model.test.ts checks every id
// and vector against the transformers.js pipeline over the same folder.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as tokenizers from '@huggingface/tokenizers';
import { MAX_CHARS_PER_WORD, MAX_TOKENS, NORMALIZER, SPECIALS } from './build.js';
import { readEmbeddingTable } from './onnx.js';

// The package's type declarations re-export through extensionless paths that NodeNext resolution cannot
// follow, so these two classes (exported at run time) are typed here.
const { BertNormalizer, BertPreTokenizer } = tokenizers as unknown as {
  BertNormalizer: new (config: typeof NORMALIZER) => (text: string) => string;
  BertPreTokenizer: new () => (text: string) => string[];
};

export interface SifModel {
  dimensions: number;
  /** Token ids as the folder's BERT tokenizer gives them, [CLS] and [SEP] included, untruncated. */
  tokenize(text: string): number[];
  /** Unit sentence vectors (zero vectors for texts with no known word). */
  embed(texts: readonly string[]): Float32Array[];
  /** The vocabulary's words without the special tokens, most frequent first (build.ts keeps the source's order). */
  words: readonly string[];
}

// Text that spells a special token ("[SEP]") is that token, as the tokenizer's added-token splitter has it.
const SPECIAL_TEXT = new RegExp(`(${SPECIALS.map((s) => s.replace(/[[\]]/g, '\\$&')).join('|')})`);

export async function openSifModel(dir: string): Promise<SifModel> {
  const [vocabText, { table, vocabSize, dimensions }] = await Promise.all([
    readFile(path.join(dir, 'vocab.txt'), 'utf8'),
    readEmbeddingTable(path.join(dir, 'onnx', 'model.onnx')),
  ]);
  const words = vocabText.split('\n');
  if (words[words.length - 1] === '') words.pop();
  const ids = new Map<string, number>();
  words.forEach((w, i) => ids.set(w, i));
  if (vocabSize !== words.length) throw new Error(`vocab.txt has ${words.length} words, the model ${vocabSize} rows`);
  const specialId = (t: string) => ids.get(t) as number;
  const [unk, cls, sep] = ['[UNK]', '[CLS]', '[SEP]'].map(specialId) as [number, number, number];
  const normalize = new BertNormalizer(NORMALIZER);
  const preTokenize = new BertPreTokenizer();

  const tokenize = (text: string): number[] => {
    const out = [cls];
    // Odd pieces are the special tokens the split captured; even ones are ordinary text.
    text.split(SPECIAL_TEXT).forEach((section, i) => {
      if (i % 2) return void out.push(ids.get(section) as number);
      const normalized = section && normalize(section);
      if (!normalized) return;
      // Whole words only: a word missing from the vocabulary (or too long) is one [UNK].
      for (const word of preTokenize(normalized)) out.push([...word].length > MAX_CHARS_PER_WORD ? unk : (ids.get(word) ?? unk));
    });
    out.push(sep);
    return out;
  };

  // As the pipeline pools: the rows of the first MAX_TOKENS ids summed in float64, then scaled to unit
  // length (the mean's divisor does not change the direction). Same order, so the same float32 result.
  const sum = new Float64Array(dimensions);
  const embedOne = (text: string): Float32Array => {
    sum.fill(0);
    const tokens = tokenize(text);
    const n = Math.min(tokens.length, MAX_TOKENS);
    for (let j = 0; j < n; j++) {
      const base = (tokens[j] as number) * dimensions;
      for (let k = 0; k < dimensions; k++) sum[k] = (sum[k] as number) + (table[base + k] as number);
    }
    let norm = 0;
    for (let k = 0; k < dimensions; k++) norm += (sum[k] as number) ** 2;
    norm = Math.sqrt(norm);
    const v = new Float32Array(dimensions);
    if (norm > 0 && Number.isFinite(norm)) for (let k = 0; k < dimensions; k++) v[k] = (sum[k] as number) / norm;
    return v;
  };
  return { dimensions, tokenize, embed: (texts) => texts.map(embedOne), words: words.slice(SPECIALS.length) };
}
