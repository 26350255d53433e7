// Structured logs: one JSON object a line on stderr (stdout stays clean for `ask --json`).
// Anything that looks like a Discord token is masked before it is written, wherever it appears.

export type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

const TOKEN_LIKE = /[\w-]{20,}\.[\w-]{5,}\.[\w-]{20,}/g;

export function redact(text: string): string {
  return text.replace(TOKEN_LIKE, '[redacted]');
}

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

function serialize(value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}

export function createLogger(
  level: Level = 'info',
  write: (line: string) => void = (line) => process.stderr.write(line + '\n'),
  secrets: readonly string[] = [],
): Logger {
  const emit = (lvl: Level, msg: string, fields: Record<string, unknown> = {}) => {
    if (ORDER[lvl] < ORDER[level]) return;
    const entry: Record<string, unknown> = { time: new Date().toISOString(), level: lvl, msg };
    for (const [k, v] of Object.entries(fields)) entry[k] = serialize(v);
    let line = redact(JSON.stringify(entry));
    for (const s of secrets) if (s) line = line.split(s).join('[redacted]');
    write(line);
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  };
}
