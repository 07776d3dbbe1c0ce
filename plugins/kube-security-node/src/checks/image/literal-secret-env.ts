import type { Check } from '../../engine/check';
import { list } from '../cloud/descriptor';
import { containerFinding, containerName, WORKLOAD_KINDS } from './containers';
import {
  credentialInArgument,
  credentialNameKind,
  credentialShape,
  isPlaceholder,
  looksLikePath,
  looksRandom,
} from './secretValues';

/**
 * Credentials belong in Secrets referenced by the pod, not in the spec as literal
 * values. A variable is one when its name says so (any non-empty literal value) or when
 * its value has the shape of one (a PEM private key, an AWS access key, a known token
 * format) whatever its name, or when a name that hints at one (`ENCRYPTION_KEY`) holds a
 * random-looking value. Credentials on the command line (`--db-password=…` in `args` or
 * `command`) count too. Messages name the variable or flag and the kind, never the value.
 */
const COMMAND_LINE = ['command', 'args'] as const;
const NONE: Array<{ what: string; path: string }> = [];

/** Credential flags in a container's `command` and `args`, with their evidence paths. */
function credentialFlags(
  container: any,
  path: string,
): Array<{ what: string; path: string }> {
  let found: Array<{ what: string; path: string }> | undefined;
  // Runs for every container: no iterator, and no list for a field that is not one.
  for (let f = 0; f < COMMAND_LINE.length; f++) {
    const field = COMMAND_LINE[f];
    const args = container?.[field];
    if (!Array.isArray(args)) continue;
    for (let i = 0; i < args.length; i++) {
      const arg = args[i];
      if (typeof arg !== 'string') continue;
      const previous =
        typeof args[i - 1] === 'string' ? args[i - 1] : undefined;
      const what = credentialInArgument(arg, previous);
      if (what) (found ??= []).push({ what, path: `${path}.${field}[${i}]` });
    }
  }
  return found ?? NONE;
}

/** A string function remembering its results (for one run of the check). */
function memo<T>(fn: (text: string) => T): (text: string) => T {
  const results = new Map<string, T>();
  return text => {
    let result = results.get(text);
    if (result === undefined) {
      result = fn(text);
      results.set(text, result);
    }
    return result;
  };
}

/** What a literal value is: a placeholder, a credential by its shape (`shape`), or neither. */
interface ValueVerdict {
  placeholder: boolean;
  shape?: string;
}

function judgeValue(value: string): ValueVerdict {
  if (isPlaceholder(value)) return { placeholder: true };
  return { placeholder: false, shape: credentialShape(value) };
}

export const literalSecretEnvCheck: Check = {
  id: 'image-externalized-config/literal-secret-env',
  itemId: 'image-externalized-config',
  reads: WORKLOAD_KINDS,
  run({ index, report }) {
    // The same names and values recur in every replica set and container of a cluster: each
    // is judged once per scan (pure functions of the string).
    const valueVerdict = memo(judgeValue);
    const random = memo(looksRandom);
    const items = index.containers;
    for (let k = 0; k < items.length; k++) {
      const c = items[k];
      let names: string[] | undefined;
      let firstPath = '';
      const env = list(c.container?.env);
      for (let i = 0; i < env.length; i++) {
        const variable = env[i];
        const name = variable?.name;
        const text = variable?.value;
        if (typeof name !== 'string' || typeof text !== 'string') continue;
        if (!text) continue;
        const value = valueVerdict(text);
        if (value.placeholder) continue;
        if (value.shape) (names ??= []).push(`${name} (${value.shape})`);
        else {
          // Not remembered: most names are judged by one pattern, and many are unique.
          const kind = credentialNameKind(name);
          if (kind === 'none') continue;
          if (kind === 'password-abbreviation') {
            if (looksLikePath(text)) continue; // PWD=/app: a working directory
            (names ??= []).push(name);
          } else if (kind === 'credential') (names ??= []).push(name);
          else if (kind === 'weak' && random(text)) (names ??= []).push(name);
          else continue;
        }
        firstPath ||= `${c.path}.env[${i}].value`;
      }
      const onCommandLine = credentialFlags(c.container, c.path);
      if (!names && !onCommandLine.length) continue;
      const flags = onCommandLine.map(f => f.what);
      firstPath ||= onCommandLine[0]?.path ?? '';
      const parts: string[] = [];
      if (names) {
        parts.push(
          `sets ${names.join(', ')} as literal value${
            names.length > 1 ? 's' : ''
          } in the pod spec`,
        );
      }
      if (flags.length) {
        parts.push(
          `passes ${[...new Set(flags)].join(
            ', ',
          )} with a literal value on its command line`,
        );
      }
      report({
        message: `Container "${containerName(c)}" ${parts.join(
          ' and ',
        )}; reference a Secret with valueFrom.secretKeyRef instead.`,
        ...containerFinding(c, firstPath),
      });
    }
    return index.containers.length > 0;
  },
};
