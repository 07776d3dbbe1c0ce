import { Command, CommanderError } from 'commander';
import { CliIo } from '../io';

/**
 * Parses `argv` with a command tree whose actions store their exit code in `exit`.
 * Commander's own exits become return values so tests (and embedders) keep the process.
 */
export async function parseCommand(
  command: Command,
  argv: string[],
  io: CliIo,
  exit: { code: number },
): Promise<number> {
  const configure = (c: Command) => {
    c.exitOverride();
    c.configureOutput({
      writeOut: s => io.stdout.write(s),
      writeErr: s => io.stderr.write(s),
    });
    c.commands.forEach(configure);
  };
  configure(command);
  try {
    await command.parseAsync(argv, { from: 'user' });
    return exit.code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0. A usage error means nothing was
      // scanned, so it shares exit code 2 with "nothing could be read" rather than 1,
      // which CI pipelines read as "findings over the threshold".
      return error.exitCode === 0 ? 0 : 2;
    }
    throw error;
  }
}
