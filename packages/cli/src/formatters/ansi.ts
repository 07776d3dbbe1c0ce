import type { Severity } from '@kube-security/plugin-kube-security-common';

/** Minimal ANSI styling; a no-op unless the caller decided colour is wanted. */
export interface Painter {
  bold(text: string): string;
  dim(text: string): string;
  severity(severity: Severity, text: string): string;
  status(status: string, text: string): string;
}

const wrap = (open: number, close: number) => (text: string) =>
  `\u001b[${open}m${text}\u001b[${close}m`;

const bold = wrap(1, 22);
const dim = wrap(2, 22);
const red = wrap(31, 39);
const magenta = wrap(35, 39);
const yellow = wrap(33, 39);
const cyan = wrap(36, 39);
const green = wrap(32, 39);

const SEVERITY_COLOR: Record<Severity, (text: string) => string> = {
  critical: t => bold(magenta(t)),
  high: red,
  medium: yellow,
  low: cyan,
  info: dim,
};

const STATUS_COLOR: Record<string, (text: string) => string> = {
  fail: red,
  partial: yellow,
  warn: yellow,
  unknown: dim,
  pass: green,
  accepted: cyan,
  attested: green,
  'not-applicable': dim,
};

export function createPainter(color: boolean): Painter {
  if (!color) {
    const plain = (_: string, text: string) => text;
    return { bold: t => t, dim: t => t, severity: plain, status: plain };
  }
  return {
    bold,
    dim,
    severity: (severity, text) => SEVERITY_COLOR[severity](text),
    status: (status, text) => (STATUS_COLOR[status] ?? (t => t))(text),
  };
}
