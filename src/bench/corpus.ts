// Bench inputs made from the real corpus: N-fold copies of it (in a temp folder, never the repo) and
// questions generated from its sentences with a fixed-seed PRNG, so nothing is hand-written and every
// run asks the same questions.
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { listCorpusFiles, readArticleFile } from '../read.js';
import { splitSentences } from '../sentences.js';
import { isStopword, words } from '../terms.js';
import type { BenchQuestion } from './types.js';

/** mulberry32: a tiny deterministic PRNG returning floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Bytes of a corpus file with " (copy k)" appended to its first line (the title in BBC files). */
export function retitle(bytes: Buffer, copy: number): Buffer {
  const nl = bytes.indexOf(0x0a);
  const cut = nl < 0 ? bytes.length : nl > 0 && bytes[nl - 1] === 0x0d ? nl - 1 : nl;
  return Buffer.concat([bytes.subarray(0, cut), Buffer.from(` (copy ${copy})`), bytes.subarray(cut)]);
}

/**
 * Write `n` copies of the corpus under `target` as copy-1/…, copy-n/… (copy 1 byte-identical, later
 * copies retitled so no two files are the same). Returns the number of files written.
 */
export async function scaleCorpus(corpusDir: string, n: number, target: string): Promise<number> {
  const files = await listCorpusFiles(corpusDir);
  const jobs: (() => Promise<void>)[] = [];
  for (let copy = 1; copy <= n; copy++) {
    for (const rel of files) {
      const to = path.join(target, `copy-${copy}`, rel);
      const from = path.join(corpusDir, rel);
      jobs.push(async () => {
        await mkdir(path.dirname(to), { recursive: true });
        if (copy === 1) await copyFile(from, to);
        else await writeFile(to, retitle(await readFile(from), copy));
      });
    }
  }
  for (let i = 0; i < jobs.length; i += 64) await Promise.all(jobs.slice(i, i + 64).map((job) => job()));
  return jobs.length;
}

/** The original article a (possibly copied) source was made from: "copy-3/sport/001.txt" → "sport/001.txt". */
export const originalSource = (source: string): string => source.replace(/^copy-\d+\//, '');

const contentWords = (text: string): string[] => words(text).filter((w) => w.length > 2 && !isStopword(w) && !/^\d/.test(w));

function pick<T>(items: readonly T[], rand: () => number): T {
  return items[Math.floor(rand() * items.length)] as T;
}

/** `k` items of `items` in their original order, chosen at random. */
function sample<T>(items: readonly T[], k: number, rand: () => number): T[] {
  const idx = items.map((_, i) => i);
  for (let i = idx.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [idx[i], idx[j]] = [idx[j] as number, idx[i] as number];
  }
  return idx.slice(0, k).sort((a, b) => a - b).map((i) => items[i] as T);
}

/**
 * `count` questions from the corpus: a random article, a random body sentence of 8–40 words, turned
 * into a question one of three ways (sentence with a third of its words dropped; title plus a few of
 * the sentence's content words; "what did … say about" plus content words).
 */
export async function generateQuestions(corpusDir: string, count: number, seed = 20240601): Promise<BenchQuestion[]> {
  const rand = prng(seed);
  const files = await listCorpusFiles(corpusDir);
  const articles = [];
  for (const rel of files) {
    const { article } = await readArticleFile(corpusDir, rel);
    if (article) articles.push(article);
  }
  if (articles.length === 0) throw new Error(`no readable articles in ${corpusDir}`);
  const out: BenchQuestion[] = [];
  for (let guard = 0; out.length < count && guard < count * 50; guard++) {
    const article = pick(articles, rand);
    const sentences = splitSentences(article.text)
      .map((s) => article.text.slice(s.start, s.end).replace(/\s+/g, ' ').trim())
      .filter((s) => {
        const n = s.split(' ').length;
        return n >= 8 && n <= 40;
      });
    if (sentences.length === 0) continue;
    const sentence = pick(sentences, rand);
    const content = contentWords(sentence);
    if (content.length < 4) continue;
    const form = out.length % 3;
    let question: string;
    if (form === 0) {
      const tokens = sentence.replace(/[.!?…"'“”‘’]+$/u, '').split(' ');
      question = `${sample(tokens, Math.max(5, Math.ceil((tokens.length * 2) / 3)), rand).join(' ')}?`;
    } else if (form === 1) {
      question = `${article.title}: what about ${sample(content, 3, rand).join(' ')}?`;
    } else {
      question = `What did the report say about ${sample(content, Math.min(5, content.length), rand).join(' ')}?`;
    }
    out.push({ question, source: article.source });
  }
  return out;
}
