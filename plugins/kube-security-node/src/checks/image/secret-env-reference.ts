import type { Check } from '../../engine/check';
import { isObject, list } from '../cloud/descriptor';
import { containerFinding, containerName, WORKLOAD_KINDS } from './containers';

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
    const system = new Set(options.systemNamespaces);
    const items = index.containers;
    for (let k = 0; k < items.length; k++) {
      const c = items[k];
      if (system.has(c.workload.namespace)) continue;
      // Few per container: a list is cheaper than a set (made at the first Secret).
      let secrets: string[] | undefined;
      let firstPath = '';
      const env = list(c.container?.env);
      for (let i = 0; i < env.length; i++) {
        const ref = env[i]?.valueFrom?.secretKeyRef;
        if (!isObject(ref)) continue;
        const name = String(ref.name ?? '(unnamed)');
        if (!secrets) secrets = [name];
        else if (!secrets.includes(name)) secrets.push(name);
        firstPath ||= `${c.path}.env[${i}].valueFrom.secretKeyRef`;
      }
      const envFrom = list(c.container?.envFrom);
      for (let i = 0; i < envFrom.length; i++) {
        const ref = envFrom[i]?.secretRef;
        if (!isObject(ref)) continue;
        const name = String(ref.name ?? '(unnamed)');
        if (!secrets) secrets = [name];
        else if (!secrets.includes(name)) secrets.push(name);
        firstPath ||= `${c.path}.envFrom[${i}].secretRef`;
      }
      if (!secrets) continue;
      // Usually one Secret: its text without a sorted and mapped copy.
      const names =
        secrets.length === 1
          ? `'${secrets[0]}'`
          : secrets
              .sort()
              .map(s => `'${s}'`)
              .join(', ');
      report({
        message:
          `Container "${containerName(
            c,
          )}" reads Secret ${names} into environment variables; ` +
          'mount the Secret as a volume and read the file instead, so the value stays out of the process environment.',
        ...containerFinding(c, firstPath),
      });
    }
    return index.containers.length > 0;
  },
};
