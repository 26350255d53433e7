// Progress reporting for long first-run steps (model build, ingest). Bars go to stderr so stdout stays
// clean for `--json`; when stderr is not a terminal (CI, pipes, log files) a redrawn bar would be noise,
// so only one line per phase start and end is printed instead.
import cliProgress from 'cli-progress';

/** `done` of `total` units finished in the named phase; a phase ends when done >= total. */
export type ProgressFn = (done: number, total: number, phase: string) => void;

const LABELS: Record<string, string> = {
  vectors: 'reading word vectors',
  parse: 'parsing',
  weights: 'weighting',
  write: 'writing model',
  download: 'downloading',
  embed: 'embedding',
};

/** An onProgress callback drawing one cli-progress bar per phase on stderr (plain lines if not a TTY). */
export function progressBar(title: string, stream: NodeJS.WriteStream = process.stderr): ProgressFn {
  const tty = stream.isTTY === true;
  let phase: string | undefined;
  let bar: cliProgress.SingleBar | undefined;
  let started = 0;
  let finished = false;

  const end = () => {
    if (bar) bar.stop();
    else if (phase !== undefined && !finished) stream.write(`${title}: ${label(phase)} done (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
    bar = undefined;
    finished = true;
  };

  return (done, total, name) => {
    if (name !== phase) {
      if (phase !== undefined) end();
      phase = name;
      started = Date.now();
      finished = false;
      if (tty) {
        bar = new cliProgress.SingleBar(
          { stream, format: `${title}: ${label(name)} [{bar}] {percentage}% | {duration_formatted}`, hideCursor: true, clearOnComplete: false },
          cliProgress.Presets.shades_classic,
        );
        bar.start(Math.max(total, 1), Math.min(done, total));
      } else {
        stream.write(`${title}: ${label(name)}…\n`);
      }
    } else if (bar) {
      bar.setTotal(Math.max(total, 1));
      bar.update(Math.min(done, total));
    }
    if (done >= total && !finished) end();
  };
}

function label(phase: string): string {
  return LABELS[phase] ?? phase;
}
