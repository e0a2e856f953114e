/**
 * Progress for long work: a bar on an interactive terminal, one quiet line per step otherwise
 * (CI logs, pipes).
 */
import cliProgress from 'cli-progress';
import { printable, rawStream } from './terminal.ts';

export interface Progress {
  tick(label: string): void;
  stop(): void;
}

export function progress(total: number, title: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (stream.isTTY && !process.env.CI) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${title} [{bar}] {value}/{total} {label}`,
        hideCursor: true,
        clearOnComplete: true,
        // the bar's cursor sequences are its own; labels are escaped before they get here
        stream: rawStream(stream),
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { label: '' });
    return { tick: (label) => bar.increment(1, { label: printable(label) }), stop: () => bar.stop() };
  }
  let done = 0;
  return {
    tick: (label) => {
      done++;
      stream.write(`${title} ${done}/${total} ${label}\n`);
    },
    stop: () => {},
  };
}
