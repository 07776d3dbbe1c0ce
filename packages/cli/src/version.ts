// Read at run time so the reported version is the one of the package that runs.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const cliVersion: string = require('../package.json').version;
