import type { PendingAnnotationException } from '@kube-security/plugin-kube-security-common';
import { Knex } from 'knex';
import type { DeclaredException } from './DecisionStore';

const TABLE = 'kube_security_pending_annotation_exceptions';

/** A declaration a scan did not honour, and why. */
export interface PendingDeclaration extends DeclaredException {
  reason: string;
}

/**
 * Annotation exceptions that a scan read but did not honour, per cluster. Each scan
 * replaces its cluster's list (in one transaction), so a removed annotation disappears.
 */
export class PendingAnnotationStore {
  constructor(
    private readonly db: Knex,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async replace(cluster: string, pending: PendingDeclaration[]): Promise<void> {
    await this.db.transaction(async tx => {
      await tx(TABLE).where({ cluster }).delete();
      if (!pending.length) return;
      const seenAt = this.now();
      await tx(TABLE).insert(
        pending.map(p => ({
          cluster,
          entity_ref: p.entityRef,
          declaration: JSON.stringify({
            itemId: p.itemId,
            checkId: p.checkId,
            resource: p.resource,
            annotation: p.annotation,
            justification: p.justification,
            expiresAt: p.expiresAt.toISOString(),
          }),
          reason: p.reason,
          seen_at: seenAt,
        })),
      );
    });
  }

  /** The pending declarations of some entities, oldest first. */
  async forEntities(
    entityRefs: string[],
  ): Promise<PendingAnnotationException[]> {
    if (!entityRefs.length) return [];
    const rows = await this.db(TABLE)
      .whereIn('entity_ref', entityRefs)
      .orderBy('id');
    return rows.map(row => ({
      entityRef: row.entity_ref,
      ...JSON.parse(row.declaration),
      reason: row.reason,
      seenAt: new Date(row.seen_at).toISOString(),
    }));
  }
}
