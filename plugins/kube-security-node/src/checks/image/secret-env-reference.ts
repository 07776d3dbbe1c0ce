import type { Check } from '../../engine/check';
import { isObject, list } from '../cloud/descriptor';
import { containerFinding, WORKLOAD_KINDS } from './containers';

/**
 * Secrets passed as environment variables leak more easily than mounted files: into
 * crash dumps, child processes, `/proc/<pid>/environ` and logs that print the
 * environment. Reports containers that read a Secret through `env[].valueFrom.secretKeyRef`
 * or `envFrom[].secretRef`, naming the Secrets. Platform namespaces are left out: their
 * components are not the teams' to change.
 */
export const secretEnvReferenceCheck: Check = {
  id: 'image-externalized-config/secret-env-reference',
  itemId: 'image-externalized-config',
  reads: WORKLOAD_KINDS,
  run({ index, options, report }) {
    for (const c of index.containers) {
      if (options.systemNamespaces.includes(c.workload.namespace)) continue;
      const secrets = new Set<string>();
      let firstPath = '';
      list(c.container?.env).forEach((env, i) => {
        const ref = env?.valueFrom?.secretKeyRef;
        if (!isObject(ref)) return;
        secrets.add(String(ref.name ?? '(unnamed)'));
        firstPath ||= `${c.path}.env[${i}].valueFrom.secretKeyRef`;
      });
      list(c.container?.envFrom).forEach((from, i) => {
        const ref = from?.secretRef;
        if (!isObject(ref)) return;
        secrets.add(String(ref.name ?? '(unnamed)'));
        firstPath ||= `${c.path}.envFrom[${i}].secretRef`;
      });
      if (!secrets.size) continue;
      const names = [...secrets].sort().map(s => `'${s}'`);
      report({
        message:
          `Container "${c.container.name}" reads Secret ${names.join(
            ', ',
          )} into environment variables; ` +
          'mount the Secret as a volume and read the file instead, so the value stays out of the process environment.',
        ...containerFinding(c, firstPath),
      });
    }
    return index.containers.length > 0;
  },
};
