import type { Check } from '../../engine/check';
import { list } from '../cloud/descriptor';
import { containerFinding, WORKLOAD_KINDS } from './containers';
import {
  credentialInArgument,
  credentialShape,
  isCredentialName,
  isPasswordAbbreviation,
  isPlaceholder,
  isWeakCredentialName,
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
/** Credential flags in a container's `command` and `args`, with their evidence paths. */
function credentialFlags(
  container: any,
  path: string,
): Array<{ what: string; path: string }> {
  const found: Array<{ what: string; path: string }> = [];
  for (const field of ['command', 'args'] as const) {
    const args = list(container?.[field]);
    args.forEach((arg, i) => {
      if (typeof arg !== 'string') return;
      const previous =
        typeof args[i - 1] === 'string' ? args[i - 1] : undefined;
      const what = credentialInArgument(arg, previous);
      if (what) found.push({ what, path: `${path}.${field}[${i}]` });
    });
  }
  return found;
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

/** What a variable's name says, in the order the check asks. */
type NameVerdict = 'password-abbreviation' | 'credential' | 'weak' | 'none';

function judgeName(name: string): NameVerdict {
  if (isPasswordAbbreviation(name)) return 'password-abbreviation';
  if (isCredentialName(name)) return 'credential';
  if (isWeakCredentialName(name)) return 'weak';
  return 'none';
}

export const literalSecretEnvCheck: Check = {
  id: 'image-externalized-config/literal-secret-env',
  itemId: 'image-externalized-config',
  reads: WORKLOAD_KINDS,
  run({ index, report }) {
    // The same names and values recur in every replica set and container of a cluster: each
    // is judged once per scan (pure functions of the string).
    const valueVerdict = memo(judgeValue);
    const nameVerdict = memo(judgeName);
    const random = memo(looksRandom);
    for (const c of index.containers) {
      const names: string[] = [];
      let firstPath = '';
      list(c.container?.env).forEach((env, i) => {
        if (typeof env?.name !== 'string' || typeof env.value !== 'string')
          return;
        if (!env.value) return;
        const value = valueVerdict(env.value);
        if (value.placeholder) return;
        if (value.shape) names.push(`${env.name} (${value.shape})`);
        else {
          const name = nameVerdict(env.name);
          if (name === 'password-abbreviation') {
            if (looksLikePath(env.value)) return; // PWD=/app: a working directory
            names.push(env.name);
          } else if (name === 'credential') names.push(env.name);
          else if (name === 'weak' && random(env.value)) names.push(env.name);
          else return;
        }
        firstPath ||= `${c.path}.env[${i}].value`;
      });
      const onCommandLine = credentialFlags(c.container, c.path);
      const flags = onCommandLine.map(f => f.what);
      firstPath ||= onCommandLine[0]?.path ?? '';
      if (!names.length && !flags.length) continue;
      const parts: string[] = [];
      if (names.length) {
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
        message: `Container "${c.container.name}" ${parts.join(
          ' and ',
        )}; reference a Secret with valueFrom.secretKeyRef instead.`,
        ...containerFinding(c, firstPath),
      });
    }
    return index.containers.length > 0;
  },
};
