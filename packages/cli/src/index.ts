import { processIo } from './io';
import { run } from './program';

run(process.argv.slice(2), processIo()).then(
  code => {
    // exitCode rather than exit(): lets stdout drain when it is a pipe.
    process.exitCode = code;
  },
  error => {
    process.stderr.write(`error: ${error?.stack ?? error}\n`);
    process.exitCode = 2;
  },
);
