import type { Check } from '../../engine/check';
import { list } from '../cloud/descriptor';
import { containerFinding, WORKLOAD_KINDS } from './containers';
import {
  credentialShape,
  isCredentialName,
  isPlaceholder,
} from './secretValues';

/**
 * Credentials belong in Secrets referenced by the pod, not in the spec as literal
 * values. A variable is one when its name says so (any non-empty literal value) or when
 * its value has the shape of one (a PEM private key, an AWS access key, a known token
 * format) whatever its name. Messages name the variable and the kind, never its value.
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
        if (!env.value || isPlaceholder(env.value)) return;
        const shape = credentialShape(env.value);
        if (shape) names.push(`${env.name} (${shape})`);
        else if (isCredentialName(env.name)) names.push(env.name);
        else return;
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
