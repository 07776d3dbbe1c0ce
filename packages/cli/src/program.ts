import { Command } from 'commander';
import { CliIo } from './io';
import { createScanCommand } from './commands/scan';
import { parseCommand } from './commands/parse';

import { cliVersion } from './version';

export function createProgram(io: CliIo, exit: { code: number }): Command {
  const program = new Command('kube-security')
    .description(
      'Checks Kubernetes manifests and cloud cluster descriptors against the ' +
        'Kubernetes security action plan.',
    )
    .version(cliVersion);
  program.addCommand(createScanCommand(io, exit));
  return program;
}

/** Runs the CLI with `argv` (without node and script) and resolves to the exit code. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const exit = { code: 0 };
  return parseCommand(createProgram(io, exit), argv, io, exit);
}
