import type { TeamAction } from '@kube-security/plugin-kube-security-common';

/*
 * A team's top actions as a caller who may not see every entity gets them. An action that
 * stands for several entities (one RBAC binding behind all of them) is kept while the
 * caller sees one of them, named after one the caller sees, and lists and points to only
 * the entities the caller sees.
 */

export function visibleActions(
  actions: readonly TeamAction[],
  sees: (entityRef: string) => boolean,
): TeamAction[] {
  const out: TeamAction[] = [];
  for (const action of actions) {
    if (!action.affectedEntities && !action.fixBy) {
      if (sees(action.entityRef)) out.push(action);
      continue;
    }
    const affected = action.affectedEntities?.filter(e => sees(e.entityRef));
    const lead = sees(action.entityRef)
      ? { entityRef: action.entityRef, entityTitle: action.entityTitle }
      : affected?.[0] && {
          entityRef: affected[0].entityRef,
          entityTitle: affected[0].title,
        };
    if (!lead) continue;
    const fixBy = action.fixBy?.filter(f => sees(f.entityRef));
    const {
      affectedEntities: _all,
      fixBy: _fixers,
      entityTitle: _title,
      ...rest
    } = action;
    out.push({
      ...rest,
      entityRef: lead.entityRef,
      ...(lead.entityTitle ? { entityTitle: lead.entityTitle } : {}),
      ...(affected && affected.length > 1
        ? { affectedEntities: affected }
        : {}),
      ...(fixBy?.length ? { fixBy } : {}),
    });
  }
  return out;
}
