import { ACTION_ITEMS } from '@kube-security/plugin-kube-security-common';
import { wrapCode, wrapCodeLine } from './wrapCode';

/**
 * What a shell makes of wrapped lines: backslash-newline disappears, and the
 * spaces around it only separate words, so runs of spaces count as one.
 */
function unwrapShell(lines: string[]): string {
  return lines
    .join('\n')
    .replace(/'\\\n'/g, '')
    .replace(/\\\n/g, '')
    .replace(/ +/g, ' ');
}

describe('wrapCodeLine', () => {
  it('keeps lines that fit', () => {
    expect(wrapCodeLine('kubectl get nodes -o wide', 40, 'shell')).toEqual([
      'kubectl get nodes -o wide',
    ]);
  });

  it('breaks shell lines at spaces with a continuation backslash', () => {
    const line =
      'aws ec2 revoke-security-group-ingress --group-id <sg> --protocol tcp --port 22 --cidr 0.0.0.0/0';
    const lines = wrapCodeLine(line, 40, 'shell');
    expect(lines.length).toBeGreaterThan(1);
    for (const wrapped of lines) expect(wrapped.length).toBeLessThanOrEqual(40);
    for (const wrapped of lines.slice(0, -1))
      expect(wrapped.endsWith(' \\')).toBe(true);
    for (const wrapped of lines.slice(1))
      expect(wrapped.startsWith('    ')).toBe(true);
    // Flags stay whole: "--port" is never split from its dashes.
    expect(lines.some(wrapped => /--$|^\s*port/.test(wrapped))).toBe(false);
    expect(unwrapShell(lines)).toBe(line);
  });

  it('does not break inside quotes', () => {
    const line =
      'az aks nodepool list -g <rg> --query "[].{pool:name, publicIp:enableNodePublicIp}" -o table';
    const lines = wrapCodeLine(line, 60, 'shell');
    expect(lines.join('\n')).toContain(
      '"[].{pool:name, publicIp:enableNodePublicIp}"',
    );
    expect(unwrapShell(lines)).toBe(line);
  });

  it('keeps YAML indentation and adds no backslash in plain style', () => {
    const line = `    message: ${'word '.repeat(12).trim()}`;
    const lines = wrapCodeLine(line, 30, 'plain');
    expect(lines[0].startsWith('    message:')).toBe(true);
    for (const wrapped of lines) {
      expect(wrapped.length).toBeLessThanOrEqual(30);
      expect(wrapped.endsWith('\\')).toBe(false);
    }
    expect(lines.slice(1).every(w => w.startsWith('        '))).toBe(true);
  });

  it('cuts a long shell word with a bare backslash the shell joins back', () => {
    const url = `https://example.com/${'segment/'.repeat(10)}template.yaml`;
    const line = `aws cloudformation create-stack --template-url ${url}`;
    const lines = wrapCodeLine(line, 40, 'shell');
    expect(lines.every(w => w.length <= 40)).toBe(true);
    expect(unwrapShell(lines)).toBe(line);
  });

  it('closes and reopens single quotes around a cut', () => {
    const json = `'[${'{"category":"Audit","enabled":true},'.repeat(4)}{}]'`;
    const line = `az monitor diagnostic-settings create --logs ${json}`;
    const lines = wrapCodeLine(line, 40, 'shell');
    expect(lines.every(w => w.length <= 40)).toBe(true);
    expect(lines.slice(1).some(w => w.startsWith("'"))).toBe(true);
    expect(unwrapShell(lines)).toBe(line);
  });

  it('cuts a token longer than a line', () => {
    const path = 'spec.template.spec.containers[0].securityContext.privileged';
    const lines = wrapCodeLine(path, 20, 'plain');
    expect(lines.every(w => w.length <= 20)).toBe(true);
    expect(lines.map(w => w.trim()).join('')).toBe(path);
  });

  it('wraps every catalog command so that the shell reads it unchanged', () => {
    for (const item of ACTION_ITEMS) {
      for (const remediation of Object.values(item.remediation)) {
        for (const step of remediation.steps) {
          if (!step.command) continue;
          const lines = wrapCode(step.command, 80, 'shell');
          expect(lines.every(w => w.length <= 80)).toBe(true);
          expect(unwrapShell(lines)).toBe(step.command.replace(/ +/g, ' '));
        }
      }
    }
  });
});
