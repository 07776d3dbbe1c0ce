import type { StoredCatalog } from '../domain/catalog';
import type { CsvOwnersOf } from './csv';

const lower = (s: string) => s.toLocaleLowerCase('en-US');

/**
 * The owners of each entity as the last catalog mapping read them, and the teams among
 * them by title (or name); nothing is known without a stored mapping.
 */
export function csvOwnersFromCatalog(
  catalog: StoredCatalog | undefined,
): CsvOwnersOf {
  if (!catalog) return () => undefined;
  const teamNames = new Map(
    catalog.teams.map(t => [lower(t.ref), t.title ?? t.name]),
  );
  const owners = new Map(
    catalog.entities.map(e => [lower(e.ref), e.ownerRefs.map(lower)]),
  );
  return entityRef => {
    const refs = owners.get(lower(entityRef));
    if (!refs) return undefined;
    return {
      owners: refs,
      teams: refs
        .filter(ref => ref.startsWith('group:'))
        .map(ref => teamNames.get(ref) ?? ref.slice(ref.indexOf('/') + 1)),
    };
  };
}
