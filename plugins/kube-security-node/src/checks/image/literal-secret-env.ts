import type { Check } from '../../engine/check';
import { list } from '../cloud/descriptor';
import { containerFinding, WORKLOAD_KINDS } from './containers';

/** Names of variables that usually carry a credential. */
export const SECRET_NAME =
  /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?)/i;

/** Suffixes that point at a credential (a file, a Secret's name) rather than hold one. */
const POINTER_SUFFIX =
  /_(FILE|PATH|DIR|NAME|REF|TTL|EXPIRY|EXPIRES|EXPIRATION|HEADER|URL|ENDPOINT)$/i;

/** `$(OTHER_VAR)`: Kubernetes expands it from another variable, often a secretKeyRef. */
const VARIABLE_REFERENCE = /^\$\([A-Za-z_][A-Za-z0-9_]*\)$/;

/**
 * Credentials belong in Secrets referenced by the pod, not in the spec as literal
 * values. Messages name the variable, never its value.
 */
export const literalSecretEnvCheck: Check = {
  id: 'image-externalized-config/literal-secret-env',
  itemId: 'image-externalized-config',
  reads: WORKLOAD_KINDS,
  run({ index, report }) {
    for (const c of index.containers) {
      const names: string[] = [];
      let firstPath = '';
      list(c.container?.env).forEach((env, i) => {
        if (typeof env?.name !== 'string' || typeof env.value !== 'string')
          return;
        if (!env.value || VARIABLE_REFERENCE.test(env.value)) return;
        if (!SECRET_NAME.test(env.name) || POINTER_SUFFIX.test(env.name))
          return;
        names.push(env.name);
        firstPath ||= `${c.path}.env[${i}].value`;
      });
      if (!names.length) continue;
      report({
        message:
          `Container "${c.container.name}" sets ${names.join(
            ', ',
          )} as literal value${names.length > 1 ? 's' : ''} ` +
          'in the pod spec; reference a Secret with valueFrom.secretKeyRef instead.',
        ...containerFinding(c, firstPath),
      });
    }
    return index.containers.length > 0;
  },
};
