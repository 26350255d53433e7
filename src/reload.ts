// Live reload: an Engine that follows the index's published version. Before each question it reads the
// index's CURRENT pointer (one small file); when a new version has been published it opens it and
// switches between questions. A question in flight keeps the engine it started with, so none is
// dropped; a new version that fails its integrity checks is logged and the current one kept.
// It also applies the question length limit (Discord's), so every front end built on it has the same.
import type { LoadedEngine } from './engine.js';
import { appError } from './errors.js';
import type { Logger } from './log.js';
import { indexVersion } from './store.js';
import type { AskOptions, Engine, SearchOptions } from './types.js';

export interface ReloadingEngine extends Engine {
  /** The engine answering now. */
  readonly current: LoadedEngine;
  /** Check the pointer now and switch if a new version is published; true when it switched. */
  refresh(): Promise<boolean>;
  /** Stop the background check (if `pollMs` was given). */
  close(): void;
}

export interface ReloadOptions {
  /** Opens a published index as an engine (the same model and tuning as the first). */
  open: (indexDir: string) => Promise<LoadedEngine>;
  log?: Logger;
  /** Also check every this many ms between questions (a bot's lists and autocomplete stay fresh). */
  pollMs?: number;
  /** Refuse longer questions (QUESTION_TOO_LONG) before they are embedded. */
  maxQuestionLength?: number;
}

export function reloadingEngine(first: LoadedEngine, options: ReloadOptions): ReloadingEngine {
  // Only a folder index has versions to follow; Postgres readers always see the latest commit.
  const dir = first.backend.dir;
  let current = first;
  /** A version that failed to open: not retried until the pointer moves again. */
  let failed: string | undefined;
  let pending: Promise<boolean> | undefined;

  const switchTo = async (): Promise<boolean> => {
    if (!dir) return false;
    const version = await indexVersion(dir).catch(() => undefined);
    if (!version || version === current.backend.version || version === failed) return false;
    try {
      const next = await options.open(dir);
      if (next.backend.version === current.backend.version) return false;
      current = next;
      failed = undefined;
      options.log?.info(`index reloaded: now serving version ${next.backend.version} (${next.backend.articles.size} articles)`, { dir });
      return true;
    } catch (err) {
      failed = version;
      options.log?.warn(`index version ${version} could not be opened; still serving ${current.backend.version}`, { error: (err as Error).message });
      return false;
    }
  };
  // Concurrent questions share one reload.
  const refresh = (): Promise<boolean> => (pending ??= switchTo().finally(() => (pending = undefined)));
  /** The engine for one call: the newest published one, resolved before the call starts. */
  const engine = async (text: string): Promise<LoadedEngine> => {
    const max = options.maxQuestionLength;
    if (max !== undefined && text.trim().length > max) throw appError('QUESTION_TOO_LONG', max);
    await refresh();
    return current;
  };

  const timer = options.pollMs ? setInterval(() => void refresh(), options.pollMs) : undefined;
  timer?.unref();

  return {
    get current() {
      return current;
    },
    refresh,
    close: () => clearInterval(timer),
    ask: async (question: string, o?: AskOptions) => (await engine(question)).ask(question, o),
    search: async (query: string, o?: SearchOptions) => (await engine(query)).search(query, o),
    timeline: async (topic: string, o?: AskOptions) => (await engine(topic)).timeline(topic, o),
    articles: () => current.articles(),
    passages: (source: string) => current.passages(source),
    outlets: () => current.outlets(),
    stats: () => current.stats(),
  };
}
