import { execFileSync } from 'child_process';
import { promises as fs } from 'fs';
import path from 'path';

/**
 * bin/kube-security picks the bundle (dist/index.cjs.js) or the sources. Checked on a copy of
 * the bin in a package-shaped folder inside packages/cli (so that the TypeScript transform
 * resolves), with a stand-in bundle and stand-in sources that say which one ran.
 */
const cliRoot = path.resolve(__dirname, '..');
const SAID_BY_BUNDLE = 'ran the bundle';
const SAID_BY_SOURCES = 'ran the sources';

describe('bin/kube-security: bundle or sources', () => {
  let pkg: string;

  const run = (env: Record<string, string> = {}) =>
    execFileSync(process.execPath, [path.join(pkg, 'bin/kube-security')], {
      encoding: 'utf8',
      env: { ...process.env, KUBE_SECURITY_FROM_SOURCE: '', ...env },
    }).trim();

  const setTime = (file: string, seconds: number) =>
    fs.utimes(path.join(pkg, file), seconds, seconds);

  beforeEach(async () => {
    pkg = await fs.mkdtemp(path.join(cliRoot, '.bin-test-'));
    await fs.mkdir(path.join(pkg, 'bin'));
    await fs.mkdir(path.join(pkg, 'dist'));
    await fs.mkdir(path.join(pkg, 'src'));
    await fs.copyFile(
      path.join(cliRoot, 'bin/kube-security'),
      path.join(pkg, 'bin/kube-security'),
    );
    await fs.writeFile(
      path.join(pkg, 'dist/index.cjs.js'),
      `process.stdout.write(${JSON.stringify(SAID_BY_BUNDLE)});\n`,
    );
    await fs.writeFile(
      path.join(pkg, 'src/index.ts'),
      `const said: string = ${JSON.stringify(
        SAID_BY_SOURCES,
      )};\nprocess.stdout.write(said);\n`,
    );
    await fs.writeFile(
      path.join(pkg, 'dist/inputs.json'),
      JSON.stringify(['../src/index.ts']),
    );
    await setTime('src/index.ts', 1_000_000);
    await setTime('dist/index.cjs.js', 2_000_000);
  });

  afterEach(async () => {
    await fs.rm(pkg, { recursive: true, force: true });
  });

  it('runs the bundle when no source it was built from changed since', () => {
    expect(run()).toBe(SAID_BY_BUNDLE);
  });

  it('runs the sources when one of them is newer than the bundle', async () => {
    await setTime('src/index.ts', 3_000_000);
    expect(run()).toBe(SAID_BY_SOURCES);
  }, 60_000);

  it('runs the sources when asked to, or when the list of inputs is missing', async () => {
    expect(run({ KUBE_SECURITY_FROM_SOURCE: '1' })).toBe(SAID_BY_SOURCES);
    await fs.rm(path.join(pkg, 'dist/inputs.json'));
    expect(run()).toBe(SAID_BY_SOURCES);
  }, 60_000);

  it('runs the sources when there is no bundle', async () => {
    await fs.rm(path.join(pkg, 'dist'), { recursive: true });
    expect(run()).toBe(SAID_BY_SOURCES);
  }, 60_000);

  it('runs the bundle, unchecked, where there are no sources (the published package)', async () => {
    await fs.rm(path.join(pkg, 'src'), { recursive: true });
    await fs.rm(path.join(pkg, 'dist/inputs.json'));
    expect(run({ KUBE_SECURITY_FROM_SOURCE: '1' })).toBe(SAID_BY_BUNDLE);
  });
});
