import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

/**
 * An entity ref as an assistant may write it: `kind:namespace/name`, or without the
 * namespace (`default`); lower-cased like the catalog's. `defaultKind` fills a missing kind
 * where the action knows it (teams are Groups); elsewhere the kind is required.
 */
export function entityRefInput(
  value: string,
  what: string,
  defaultKind?: string,
): string {
  let ref;
  try {
    ref = parseEntityRef(value.trim(), {
      defaultKind,
      defaultNamespace: 'default',
    });
  } catch (e) {
    throw new InputError(
      `Invalid ${what}: "${value}" is not an entity ref like ${
        defaultKind
          ? `${defaultKind}:default/name or name`
          : 'component:default/name'
      } (${(e as Error).message})`,
    );
  }
  return stringifyEntityRef(ref).toLocaleLowerCase('en-US');
}
