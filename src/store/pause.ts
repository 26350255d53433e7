// Test hook for deterministic crash tests: NEWSQUOTE_TEST_PAUSE_AT=<step> makes the writer announce
// "PAUSED <step>" on stderr and stop at that publishing step, so a test can kill -9 it exactly there.
// Unset (always, outside tests), it costs one environment lookup per step.
export type PauseStep = 'locked' | 'writing' | 'written' | 'published' | 'cleaning';

export async function pauseAt(step: PauseStep): Promise<void> {
  if (process.env.NEWSQUOTE_TEST_PAUSE_AT !== step) return;
  process.stderr.write(`PAUSED ${step}\n`);
  await new Promise<never>(() => setInterval(() => undefined, 60_000));
}
