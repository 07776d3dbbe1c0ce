import { promises as fs } from 'fs';
import os from 'os';
import path from 'path';
import MarkdownIt from 'markdown-it';
import type { CliIo } from '../io';
import { runScan } from '../commands/scan';

/**
 * Resource names come from the scanned files, so whoever writes a manifest controls them.
 * They must not forge markup in a pull-request comment or drive the reader's terminal.
 */
async function scanFile(yaml: string, format: string, fileName = 'app.yaml') {
  const dir = await fs.mkdtemp(
    path.join(os.tmpdir(), 'kube-security-hostile-'),
  );
  await fs.writeFile(path.join(dir, fileName), yaml);
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: {
      write: (c: string) => {
        stdout += c;
        return true;
      },
      isTTY: false,
    },
    stderr: {
      write: (c: string) => {
        stderr += c;
        return true;
      },
    },
    cwd: dir,
    env: {},
  };
  const code = await runScan(['--manifests', dir, '--format', format], io);
  return { code, stdout, stderr };
}

const privilegedPod = (name: string, container = 'app') => `apiVersion: v1
kind: Pod
metadata:
  name: ${JSON.stringify(name)}
  namespace: shop
spec:
  containers:
    - name: ${JSON.stringify(container)}
      image: registry.k8s.io/pause:3.9
      securityContext: {privileged: true}
`;

describe('hostile names in markdown output', () => {
  // GitHub-flavoured rendering: raw HTML allowed, bare URLs and www. names linked.
  const render = (text: string) =>
    new MarkdownIt({ html: true, linkify: true }).render(text);
  const forged =
    'web\n# Forged heading\n[click me](https://evil.example/x) @acme/security www.evil.example ```js\n<img src=x onerror=alert(1)>';

  it('cannot start a heading, a link, an autolink, a fence, HTML or a mention', async () => {
    const { stdout } = await scanFile(
      privilegedPod(forged, 'c`|`'),
      'markdown',
    );
    const html = render(stdout);
    expect(stdout).toContain('Forged heading');
    expect(html).not.toMatch(/<h1>/); // the report's own headings are h2 and h3
    expect(html).not.toMatch(/<a [^>]*evil|<img|<pre/);
    // Outside code spans, a mention is broken by a zero-width space.
    const prose = html.replace(/<code>[\s\S]*?<\/code>/g, '');
    expect(prose).toContain('acme/security');
    expect(prose).not.toMatch(/(^|[^\w\u200b])@acme/);
  });

  it('keeps names with backticks and pipes inside their code span', async () => {
    const { stdout } = await scanFile(
      privilegedPod('web` **bold** `', 'x`` `y'),
      'markdown',
      'weird``name.yaml',
    );
    const html = render(stdout);
    expect(html).not.toContain('<strong>bold</strong>');
    expect(html).toContain('<code>Pod shop/web` **bold** ` [x`` `y]</code>');
    expect(html).toContain('<code>weird``name.yaml:1</code>');
  });
});

describe('hostile names in terminal output', () => {
  const controls =
    'web\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007\u001b[2J\u009b31m\r\u202eevil';

  it('strips control sequences from the table and from error messages', async () => {
    const { stdout, stderr } = await scanFile(
      `${privilegedPod(controls)}---\nkind: [broken\n`,
      'table',
      'bad\u001b[31mname.yaml',
    );
    for (const text of [stdout, stderr]) {
      expect(text).not.toMatch(
        // eslint-disable-next-line no-control-regex -- what must not be printed
        /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/,
      );
    }
    expect(stdout).toContain('click');
    expect(stderr).toContain('name.yaml');
  });
});
