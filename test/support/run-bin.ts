// Run one of the project's command-line entry points as a real child process (node + tsx), with its
// own environment, collecting its output.
import { spawn, type ChildProcess } from 'node:child_process';

export interface BinRun {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

export function runBin(bin: string, args: string[], env: Record<string, string>): BinRun {
  const child = spawn(process.execPath, ['--import', 'tsx', `src/bin/${bin}.ts`, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', MODEL_CACHE_DIR: '.cache/models', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}
