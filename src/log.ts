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
): Logger {
  const emit = (lvl: Level, msg: string, fields: Record<string, unknown> = {}) => {
    if (ORDER[lvl] < ORDER[level]) return;
    const entry: Record<string, unknown> = { time: new Date().toISOString(), level: lvl, msg };
    for (const [k, v] of Object.entries(fields)) entry[k] = serialize(v);
    write(redact(JSON.stringify(entry)));
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  };
}

/**
 * A logger that masks one exact secret (the bot token) in the message and every field, whatever shape
 * a library or an error prints it in: `redact` above only knows the usual token shape.
 */
export function maskSecret(log: Logger, secret: string): Logger {
  const mask = (s: string) => s.split(secret).join('[redacted]');
  const value = (v: unknown): unknown => {
    if (v instanceof Error) return { name: v.name, message: mask(v.message), stack: v.stack && mask(v.stack) };
    if (typeof v === 'string') return mask(v);
    try {
      return v === undefined ? v : (JSON.parse(mask(JSON.stringify(v) ?? 'null')) as unknown);
    } catch {
      return mask(String(v)); // circular or BigInt: a string is still worth logging
    }
  };
  const fields = (f?: Record<string, unknown>) => f && Object.fromEntries(Object.entries(f).map(([k, v]) => [k, value(v)]));
  return {
    debug: (m, f) => log.debug(mask(m), fields(f)),
    info: (m, f) => log.info(mask(m), fields(f)),
    warn: (m, f) => log.warn(mask(m), fields(f)),
    error: (m, f) => log.error(mask(m), fields(f)),
  };
}
