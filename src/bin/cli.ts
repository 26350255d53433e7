// Shared start-up for command-line entry points: one clear line on a known error, exit code 1.
import { AppError } from '../errors.js';
import { redact } from '../log.js';

export async function main(run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (err) {
    const message = err instanceof AppError ? err.message : `Unexpected error: ${(err as Error)?.stack ?? String(err)}`;
    process.stderr.write(redact(message) + '\n');
    process.exitCode = 1;
  }
}
