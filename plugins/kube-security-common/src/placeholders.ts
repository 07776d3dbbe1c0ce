import type { RemediationStep, ResourceRef } from './types';

/**
 * The placeholders of the catalog's fix commands and manifests whose value a finding's
 * resource determines. Others (`<rg>`, `<project>`, `<role-arn>`, a new pool's name...)
 * stay as written: nothing in a finding says what they are.
 *
 * @public
 */
export const RESOURCE_PLACEHOLDERS = [
  'cluster',
  'namespace',
  'container',
  'deployment',
  'service-account',
  'user',
] as const;

/** @public */
export type ResourcePlaceholder = (typeof RESOURCE_PLACEHOLDERS)[number];

/**
 * The distinct values of one placeholder among some findings: the first few, sorted,
 * and how many there are in all.
 *
 * @public
 */
export interface PlaceholderValue {
  values: string[];
  total: number;
}

/** @public */
export type PlaceholderValues = Partial<
  Record<ResourcePlaceholder, PlaceholderValue>
>;

/** Values kept per placeholder; past it only the count grows. */
export const MAX_PLACEHOLDER_VALUES = 20;

/** The placeholder a resource of this kind names by its own name. */
const NAMED_BY_KIND: Readonly<Record<string, ResourcePlaceholder>> = {
  Namespace: 'namespace',
  Deployment: 'deployment',
  ServiceAccount: 'service-account',
  IAMUser: 'user',
};

// A name with a control character (a line break in a cluster's configured name) is not
// pasted into a command: the placeholder stays.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

function valuesOf(resource: ResourceRef): Array<[ResourcePlaceholder, string]> {
  const pairs: Array<[ResourcePlaceholder, string | undefined]> = [
    ['cluster', resource.cluster],
    ['namespace', resource.namespace],
    ['container', resource.container],
  ];
  const byKind = NAMED_BY_KIND[resource.kind];
  if (byKind) pairs.push([byKind, resource.name]);
  return pairs.filter(
    (pair): pair is [ResourcePlaceholder, string] =>
      pair[1] !== undefined && pair[1] !== '' && !CONTROL.test(pair[1]),
  );
}

/**
 * The values that the placeholders of a fix take for these resources, e.g. the
 * namespaces and containers of an item's failing findings on one cluster.
 *
 * @public
 */
export function placeholderValues(
  resources: Iterable<ResourceRef>,
  options: { omit?: readonly ResourcePlaceholder[] } = {},
): PlaceholderValues {
  const sets = new Map<ResourcePlaceholder, Set<string>>();
  for (const resource of resources) {
    for (const [placeholder, value] of valuesOf(resource)) {
      if (options.omit?.includes(placeholder)) continue;
      const set = sets.get(placeholder) ?? new Set<string>();
      set.add(value);
      sets.set(placeholder, set);
    }
  }
  const result: PlaceholderValues = {};
  for (const placeholder of RESOURCE_PLACEHOLDERS) {
    const set = sets.get(placeholder);
    if (!set) continue;
    const sorted = [...set].sort((a, b) => a.localeCompare(b, 'en'));
    result[placeholder] = {
      values: sorted.slice(0, MAX_PLACEHOLDER_VALUES),
      total: sorted.length,
    };
  }
  return result;
}

/**
 * Where a placeholder's value goes: a shell command, a YAML manifest, or prose (the
 * step's sentence, a console path), which the page or PDF shows as plain text.
 *
 * @public
 */
export type PlaceholderContext = 'shell' | 'yaml' | 'text';

const SHELL_SAFE = /^[A-Za-z0-9._/:@%+=,-]+$/;
const YAML_SAFE = /^[A-Za-z0-9._/-]+$/;
// Plain YAML scalars that would not be read back as the string (numbers, booleans, null).
const YAML_NOT_A_STRING =
  /^(?:true|false|yes|no|on|off|y|n|null|~|[-+]?(?:\d[\d_]*)?(?:\.\d*)?(?:e[-+]?\d+)?|0x[0-9a-f]+|0o[0-7]+)$/i;

/** A value as it must be written to mean itself in that context. */
export function quotePlaceholderValue(
  value: string,
  context: PlaceholderContext,
): string {
  if (context === 'shell') {
    return SHELL_SAFE.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
  }
  if (context === 'yaml') {
    return YAML_SAFE.test(value) && !YAML_NOT_A_STRING.test(value)
      ? value
      : JSON.stringify(value);
  }
  return value;
}

/**
 * A placeholder left in a text because the findings give it several values; the step
 * lists them so the reader runs it once per value.
 *
 * @public
 */
export interface SeveralValues {
  placeholder: ResourcePlaceholder;
  values: string[];
  total: number;
}

/** @public */
export interface FilledText {
  text: string;
  /** Placeholders of the text with several values (left in place), in text order. */
  several: SeveralValues[];
}

const PLACEHOLDER = /<([a-z][a-z0-9-]*)>/g;

function isResourcePlaceholder(name: string): name is ResourcePlaceholder {
  return (RESOURCE_PLACEHOLDERS as readonly string[]).includes(name);
}

/**
 * Replaces each resource placeholder (`<namespace>`) that has exactly one value with
 * that value, written safely for the context (quoted for the shell or YAML when it has
 * to be). A placeholder with no value or several values stays; those with several are
 * returned with their values.
 *
 * @public
 */
export function fillPlaceholders(
  text: string,
  values: PlaceholderValues,
  context: PlaceholderContext,
): FilledText {
  const several = new Map<ResourcePlaceholder, SeveralValues>();
  const filled = text.replace(PLACEHOLDER, (match, name: string) => {
    if (!isResourcePlaceholder(name)) return match;
    const value = values[name];
    if (!value || value.total === 0) return match;
    if (value.total > 1) {
      several.set(name, { placeholder: name, ...value });
      return match;
    }
    return quotePlaceholderValue(value.values[0], context);
  });
  return { text: filled, several: [...several.values()] };
}

/** @public */
export interface FilledStep {
  step: RemediationStep;
  several: SeveralValues[];
}

/**
 * A catalog step with its placeholders filled: the command for the shell, the manifest
 * for YAML, the sentence and console path as text.
 *
 * @public
 */
export function fillRemediationStep(
  step: RemediationStep,
  values: PlaceholderValues,
): FilledStep {
  const several = new Map<ResourcePlaceholder, SeveralValues>();
  const fill = (text: string | undefined, context: PlaceholderContext) => {
    if (text === undefined) return undefined;
    const result = fillPlaceholders(text, values, context);
    for (const entry of result.several) several.set(entry.placeholder, entry);
    return result.text;
  };
  const filled: RemediationStep = { text: fill(step.text, 'text')! };
  const consolePath = fill(step.consolePath, 'text');
  const command = fill(step.command, 'shell');
  const manifest = fill(step.manifest, 'yaml');
  if (consolePath !== undefined) filled.consolePath = consolePath;
  if (command !== undefined) filled.command = command;
  if (manifest !== undefined) filled.manifest = manifest;
  return { step: filled, several: [...several.values()] };
}

/**
 * `<namespace>: payments, shop` (with `and 3 more` past the listed ones): the values a
 * placeholder left in a step stands for.
 *
 * @public
 */
export function describeSeveralValues(entry: SeveralValues): string {
  const more =
    entry.total > entry.values.length
      ? ` and ${entry.total - entry.values.length} more`
      : '';
  return `<${entry.placeholder}>: ${entry.values.join(', ')}${more}`;
}
