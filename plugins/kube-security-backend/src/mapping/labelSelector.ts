/**
 * Kubernetes label selectors as written in `backstage.io/kubernetes-label-selector`:
 * equality-based (`a=b`, `a==b`, `a!=b`) and set-based (`a in (x,y)`, `a notin (x)`, `a`, `!a`)
 * requirements, comma-separated, all of which must hold.
 */
import type { LabelSelector } from '../domain/catalog';

export type { LabelRequirement, LabelSelector } from '../domain/catalog';

const KEY = String.raw`[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?`;
const VALUE = String.raw`([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?`;
const SET_RE = new RegExp(String.raw`^(${KEY})\s+(in|notin)\s+\(([^)]*)\)$`);
const EQ_RE = new RegExp(String.raw`^(${KEY})\s*(==|=|!=)\s*(${VALUE})$`);
const EXISTS_RE = new RegExp(String.raw`^(!?)\s*(${KEY})$`);

/** Splits on commas that are not inside parentheses. */
function splitRequirements(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts.map(p => p.trim()).filter(p => p.length > 0);
}

/** Parses a selector; throws an Error naming the part that is not valid. */
export function parseLabelSelector(selector: string): LabelSelector {
  const parts = splitRequirements(selector);
  if (parts.length === 0) {
    throw new Error('the label selector is empty');
  }
  return parts.map(part => {
    let m = SET_RE.exec(part);
    if (m) {
      const values = m[4]
        .split(',')
        .map(v => v.trim())
        .filter(Boolean);
      return { key: m[1], op: m[3] as 'in' | 'notin', values };
    }
    m = EQ_RE.exec(part);
    if (m) {
      const op = m[3] === '!=' ? 'notin' : 'in';
      return { key: m[1], op, values: [m[4]] };
    }
    m = EXISTS_RE.exec(part);
    if (m) {
      return { key: m[2], op: m[1] ? 'notexists' : 'exists' };
    }
    throw new Error(`"${part}" is not a valid label requirement`);
  });
}

export function matchesLabelSelector(
  selector: LabelSelector,
  labels: Record<string, string>,
): boolean {
  return selector.every(req => {
    const has = Object.prototype.hasOwnProperty.call(labels, req.key);
    switch (req.op) {
      case 'in':
        return has && req.values.includes(labels[req.key]);
      case 'notin':
        return !has || !req.values.includes(labels[req.key]);
      case 'exists':
        return has;
      case 'notexists':
        return !has;
      default:
        return false;
    }
  });
}
