import {
  SEVERITY_RANK,
  type Severity,
  type TeamAction,
} from '@kube-security/plugin-kube-security-common';

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
    const hidden =
      (affected?.length ?? 0) < (action.affectedEntities?.length ?? 0);
    out.push({
      ...rest,
      ...(hidden && affected ? { item: itemOf(rest.item, affected) } : {}),
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

/**
 * A merged item as the caller may see it: the affected and exposed resources and the worst
 * severity of the entities the caller sees (when the merge recorded each entity's share), so
 * counts of hidden entities do not show through.
 */
function itemOf(
  item: TeamAction['item'],
  visible: NonNullable<TeamAction['affectedEntities']>,
): TeamAction['item'] {
  if (visible.some(e => e.affected === undefined)) return item;
  let worst: Severity | undefined;
  for (const e of visible)
    if (
      e.severity &&
      (worst === undefined || SEVERITY_RANK[e.severity] > SEVERITY_RANK[worst])
    )
      worst = e.severity;
  const { severity: _merged, ...rest } = item;
  return {
    ...rest,
    affected: visible.reduce((n, e) => n + (e.affected ?? 0), 0),
    exposed: visible.reduce((n, e) => n + (e.exposed ?? 0), 0),
    ...(worst ? { severity: worst } : {}),
  };
}
