// The interactive terminal chat: the same engine as Discord, one question a line.
import { createInterface } from 'node:readline/promises';
import { attribution, formatDate } from './compose.js';
import { AppError } from './errors.js';
import type { Engine } from './types.js';

export const CHAT_HELP = `Ask a question about the articles, or:
  /search <words>     the best-matching passages
  /timeline <topic>   dated events about a topic, oldest first
  /sources            the articles in the corpus
  /stats              what the index holds
  /help, /quit`;

/** Answer one line of chat input; returns the text to print. Pure apart from the engine call. */
export async function chatTurn(engine: Engine, line: string): Promise<string> {
  const [, command, rest = ''] = /^\/(\w+)\s*(.*)$/s.exec(line.trim()) ?? [];
  try {
    switch (command) {
      case undefined:
        return (await engine.ask(line)).answer;
      case 'help':
        return CHAT_HELP;
      case 'sources':
        return engine.articles().map((a) => `• ${a.title}${attribution(a) ? ` — ${attribution(a)}` : ' — undated'} (${a.source})`).join('\n');
      case 'search': {
        const hits = await engine.search(rest, { limit: 5 });
        if (!hits.length) return 'No passage matches.';
        return hits.map((h, i) => `${i + 1}. ${h.chunk.title} (${formatDate(h.chunk.date) ?? 'undated'}, score ${h.score.toFixed(2)})\n   ${h.chunk.text.slice(0, 200)}${h.chunk.text.length > 200 ? '…' : ''}`).join('\n');
      }
      case 'timeline': {
        const entries = await engine.timeline(rest);
        if (!entries.length) return 'No dated passages about that topic.';
        return entries.map((e) => `${formatDate(e.date)} — “${e.citation.quote}” [${e.citation.n}] ${e.citation.title}`).join('\n');
      }
      case 'stats': {
        const s = engine.stats();
        return [
          `${s.articles} articles, ${s.chunks} chunks, ${s.outlets.length} outlets (${s.outlets.join(', ') || 'none known'})`,
          `dates: ${s.from ? `${formatDate(s.from)} to ${formatDate(s.to)}` : 'none'}${s.undated ? `, ${s.undated} undated` : ''}`,
          `model: ${s.model} (${s.dimensions} dimensions); index built ${s.builtAt}`,
        ].join('\n');
      }
      default:
        return `Unknown command /${command}.\n${CHAT_HELP}`;
    }
  } catch (err) {
    if (err instanceof AppError) return err.message;
    throw err;
  }
}

export async function runChat(engine: Engine, intro?: string): Promise<void> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  if (intro) console.log(intro);
  console.log(`${engine.articles().length} articles loaded. Type a question, /help, or /quit.`);
  rl.setPrompt('> ');
  rl.prompt();
  for await (const line of rl) {
    const text = line.trim();
    if (text === '/quit' || text === '/exit') break;
    if (text) console.log(`\n${await chatTurn(engine, text)}\n`);
    rl.prompt();
  }
  rl.close();
}
