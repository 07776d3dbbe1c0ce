/**
 * Where the CLI reads and writes. Commands take this instead of touching `process`, so tests
 * run them in-process and capture everything.
 */
export interface CliIo {
  stdout: { write(chunk: string): unknown; isTTY?: boolean };
  stderr: { write(chunk: string): unknown };
  /** Base for relative paths, and what file names in the output are relative to. */
  cwd: string;
  env: Record<string, string | undefined>;
  /** The clock that decides whether exception annotations expired; the system's by default. */
  now?: () => Date;
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    env: process.env,
  };
}

/** ANSI colour only for a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function colorEnabled(io: CliIo): boolean {
  return Boolean(io.stdout.isTTY) && !io.env.NO_COLOR;
}
