import path from 'path';
import type { CliIo } from '../io';

const fixtures = path.resolve(__dirname, '../__fixtures__');

/**
 * The CLI's input and output in memory: what the command writes to stdout and stderr is
 * kept in `captured`. The working directory is the test fixtures unless `cwd` says
 * otherwise; `now`, when given, fixes the clock.
 */
export function memoryIo(
  options: {
    isTTY?: boolean;
    env?: CliIo['env'];
    cwd?: string;
    now?: Date;
  } = {},
) {
  const captured = { stdout: '', stderr: '' };
  const io: CliIo = {
    stdout: {
      write: (chunk: string) => {
        captured.stdout += chunk;
        return true;
      },
      isTTY: options.isTTY,
    },
    stderr: {
      write: (chunk: string) => {
        captured.stderr += chunk;
        return true;
      },
    },
    cwd: options.cwd ?? fixtures,
    env: options.env ?? {},
    ...(options.now ? { now: () => options.now! } : {}),
  };
  return { io, captured };
}
