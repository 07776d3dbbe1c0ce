import { ConflictError, NotFoundError } from '@backstage/errors';
import type {
  ActionItemId,
  Attestation,
  AuditAction,
  AuditEvent,
  ResourceRef,
  RiskException,
} from '@kube-security/plugin-kube-security-common';
import { annotationActor } from '@kube-security/plugin-kube-security-node';
import { Knex } from 'knex';
import { COLUMN, fitNullable, fitText, withoutNul } from './storedText';
import { toIso } from './tables';

/** Refs per `WHERE entity_ref IN (...)`. */
const REF_CHUNK = 900;

/** What the store sets itself: ids, creation time, revocation. */
type StoreSet =
  | 'id'
  | 'createdAt'
  | 'expiresAt'
  | 'revokedAt'
  | 'revokedBy'
  | 'revokeReason';

export type NewException = Omit<RiskException, StoreSet> & {
  expiresAt: Date;
  /** The annotation key, for exceptions declared on Kubernetes objects. */
  annotation?: string;
};

export type NewAttestation = Omit<Attestation, StoreSet> & { expiresAt: Date };

/** An exception declared by an annotation, as a scan read it. */
export interface DeclaredException
  extends Omit<NewException, 'source' | 'createdBy'> {
  resource: ResourceRef;
  checkId: string;
  annotation: string;
}

/** A decision about to expire or just expired, for reminders and the audit trail. */
export interface DecisionRef {
  type: 'exception' | 'attestation';
  id: number;
  entityRef: string;
  itemId: ActionItemId;
  expiresAt: string;
  summary: string;
}

/** Who revoked a decision, when and why; nothing when it was never revoked. */
function revocationOf(row: any) {
  if (!row.revoked_at) return {};
  return {
    revokedAt: toIso(row.revoked_at),
    revokedBy: row.revoked_by ?? undefined,
    revokeReason: row.revoke_reason ?? undefined,
  };
}

const DECISION_TABLES = {
  exception: 'kube_security_exceptions',
  attestation: 'kube_security_attestations',
} as const;

const DECISION_TYPES = ['exception', 'attestation'] as const;

function decisionRef(type: DecisionRef['type'], row: any): DecisionRef {
  return {
    type,
    id: Number(row.id),
    entityRef: row.entity_ref,
    itemId: row.item_id,
    expiresAt: toIso(row.expires_at)!,
    summary: type === 'exception' ? row.justification : row.statement,
  };
}

function exceptionFromRow(row: any): RiskException {
  const resource: ResourceRef | undefined =
    row.kind && row.name
      ? {
          cluster: row.cluster ?? undefined,
          kind: row.kind,
          namespace: row.namespace ?? undefined,
          name: row.name,
        }
      : undefined;
  return {
    id: Number(row.id),
    entityRef: row.entity_ref,
    scope: row.scope,
    itemId: row.item_id,
    ...(row.check_id ? { checkId: row.check_id } : {}),
    ...(row.finding_id ? { findingId: row.finding_id } : {}),
    ...(resource ? { resource } : {}),
    justification: row.justification,
    ...(row.ticket_url ? { ticketUrl: row.ticket_url } : {}),
    createdBy: row.created_by,
    createdAt: toIso(row.created_at)!,
    expiresAt: toIso(row.expires_at)!,
    source: row.source,
    ...revocationOf(row),
  };
}

function attestationFromRow(row: any): Attestation {
  return {
    id: Number(row.id),
    entityRef: row.entity_ref,
    itemId: row.item_id,
    statement: row.statement,
    evidenceUrl: row.evidence_url,
    createdBy: row.created_by,
    createdAt: toIso(row.created_at)!,
    expiresAt: toIso(row.expires_at)!,
    ...revocationOf(row),
  };
}

function auditFromRow(row: any): AuditEvent {
  return {
    id: Number(row.id),
    at: toIso(row.at)!,
    actor: row.actor,
    action: row.action,
    entityRef: row.entity_ref,
    itemId: row.item_id,
    subjectId: Number(row.subject_id),
    reason: row.reason,
    ...(row.details ? { details: JSON.parse(row.details) } : {}),
  };
}

function insertedId(row: unknown): number {
  return Number(
    typeof row === 'object' && row !== null ? (row as { id: number }).id : row,
  );
}

/** An annotation's exception as the columns hold it. */
function storedDeclaration(d: DeclaredException): DeclaredException {
  const r = d.resource;
  const resource: ResourceRef = {
    cluster: fitNullable(r.cluster, COLUMN.cluster) ?? undefined,
    kind: fitText(r.kind, COLUMN.kind),
    name: fitText(r.name, COLUMN.name),
  };
  if (r.namespace !== undefined)
    resource.namespace = fitText(r.namespace, COLUMN.namespace);
  if (r.container !== undefined) resource.container = r.container;
  return {
    ...d,
    resource,
    checkId: fitText(d.checkId, COLUMN.checkId),
    annotation: fitText(d.annotation, COLUMN.annotation),
    justification: withoutNul(d.justification),
  };
}

function annotationKey(e: {
  resource?: ResourceRef;
  checkId?: string;
  annotation?: string;
}): string {
  const r = e.resource;
  return [
    r?.cluster,
    r?.kind,
    r?.namespace ?? '',
    r?.name,
    e.checkId,
    e.annotation,
  ].join('\u0000');
}

/**
 * Exceptions, attestations, their audit trail and the record of notifications sent.
 * Every write of a decision and its audit event happen in one transaction.
 */
export class DecisionStore {
  constructor(
    private readonly db: Knex,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private async audit(
    tx: Knex.Transaction,
    event: Omit<AuditEvent, 'id' | 'at'>,
  ): Promise<void> {
    await tx('kube_security_audit').insert({
      at: this.now(),
      actor: fitText(event.actor, COLUMN.actor),
      action: event.action,
      entity_ref: fitText(event.entityRef, COLUMN.entityRef),
      item_id: event.itemId,
      subject_id: event.subjectId,
      reason: withoutNul(event.reason),
      details: event.details ? JSON.stringify(event.details) : null,
    });
  }

  private async insertException(
    tx: Knex.Transaction,
    e: NewException,
  ): Promise<RiskException> {
    const [row] = await tx('kube_security_exceptions')
      .insert({
        entity_ref: fitText(e.entityRef, COLUMN.entityRef),
        scope: e.scope,
        item_id: e.itemId,
        check_id: fitNullable(e.checkId, COLUMN.checkId),
        finding_id: e.findingId ?? null,
        cluster: fitNullable(e.resource?.cluster, COLUMN.cluster),
        kind: fitNullable(e.resource?.kind, COLUMN.kind),
        namespace: fitNullable(e.resource?.namespace, COLUMN.namespace),
        name: fitNullable(e.resource?.name, COLUMN.name),
        justification: withoutNul(e.justification),
        ticket_url: e.ticketUrl ?? null,
        created_by: fitText(e.createdBy, COLUMN.actor),
        created_at: this.now(),
        expires_at: e.expiresAt,
        source: e.source,
        annotation: fitNullable(e.annotation, COLUMN.annotation),
      })
      .returning('id');
    const id = insertedId(row);
    const details: Record<string, string> = {
      scope: e.scope,
      expiresAt: e.expiresAt.toISOString(),
    };
    if (e.checkId) details.checkId = e.checkId;
    if (e.findingId) details.findingId = e.findingId;
    if (e.resource) {
      details.resource = [
        e.resource.cluster,
        e.resource.kind,
        e.resource.namespace,
        e.resource.name,
      ]
        .filter(Boolean)
        .join('/');
    }
    if (e.ticketUrl) details.ticketUrl = e.ticketUrl;
    if (e.annotation) details.annotation = e.annotation;
    await this.audit(tx, {
      actor: e.createdBy,
      action: 'exception.create',
      entityRef: e.entityRef,
      itemId: e.itemId,
      subjectId: id,
      reason: e.justification,
      details,
    });
    return exceptionFromRow(
      await tx('kube_security_exceptions').where({ id }).first(),
    );
  }

  async createException(e: NewException): Promise<RiskException> {
    return this.db.transaction(tx => this.insertException(tx, e));
  }

  async createAttestation(a: NewAttestation): Promise<Attestation> {
    return this.db.transaction(async tx => {
      const [row] = await tx('kube_security_attestations')
        .insert({
          entity_ref: a.entityRef,
          item_id: a.itemId,
          statement: a.statement,
          evidence_url: a.evidenceUrl,
          created_by: a.createdBy,
          created_at: this.now(),
          expires_at: a.expiresAt,
        })
        .returning('id');
      const id = insertedId(row);
      await this.audit(tx, {
        actor: a.createdBy,
        action: 'attestation.create',
        entityRef: a.entityRef,
        itemId: a.itemId,
        subjectId: id,
        reason: a.statement,
        details: {
          evidenceUrl: a.evidenceUrl,
          expiresAt: a.expiresAt.toISOString(),
        },
      });
      return attestationFromRow(
        await tx('kube_security_attestations').where({ id }).first(),
      );
    });
  }

  async getException(id: number): Promise<RiskException | undefined> {
    const row = await this.db('kube_security_exceptions').where({ id }).first();
    return row ? exceptionFromRow(row) : undefined;
  }

  async getAttestation(id: number): Promise<Attestation | undefined> {
    const row = await this.db('kube_security_attestations')
      .where({ id })
      .first();
    return row ? attestationFromRow(row) : undefined;
  }

  private async revoke(
    tx: Knex.Transaction,
    table: 'kube_security_exceptions' | 'kube_security_attestations',
    id: number,
    actor: string,
    reason: string,
  ) {
    const what =
      table === 'kube_security_exceptions' ? 'exception' : 'attestation';
    const row = await tx(table).where({ id }).first();
    if (!row) throw new NotFoundError(`No ${what} with id ${id}`);
    if (row.revoked_at) {
      throw new ConflictError(
        `The ${what} ${id} was already revoked on ${toIso(row.revoked_at)}`,
      );
    }
    if (new Date(row.expires_at).getTime() <= this.now().getTime()) {
      throw new ConflictError(
        `The ${what} ${id} already expired on ${toIso(row.expires_at)}`,
      );
    }
    // Atomic: of two concurrent revokes only one finds the row still unrevoked.
    const changed = await tx(table)
      .where({ id })
      .whereNull('revoked_at')
      .update({
        revoked_at: this.now(),
        revoked_by: fitText(actor, COLUMN.actor),
        revoke_reason: withoutNul(reason),
      });
    if (Number(changed) !== 1) {
      throw new ConflictError(
        `The ${what} ${id} was already revoked by a concurrent request`,
      );
    }
    await this.audit(tx, {
      actor,
      action: `${what}.revoke` as AuditAction,
      entityRef: row.entity_ref,
      itemId: row.item_id,
      subjectId: id,
      reason,
    });
    return tx(table).where({ id }).first();
  }

  async revokeException(
    id: number,
    actor: string,
    reason: string,
  ): Promise<RiskException> {
    return this.db.transaction(async tx =>
      exceptionFromRow(
        await this.revoke(tx, 'kube_security_exceptions', id, actor, reason),
      ),
    );
  }

  async revokeAttestation(
    id: number,
    actor: string,
    reason: string,
  ): Promise<Attestation> {
    return this.db.transaction(async tx =>
      attestationFromRow(
        await this.revoke(tx, 'kube_security_attestations', id, actor, reason),
      ),
    );
  }

  /** Exceptions in force now, of some entities or all. */
  async activeExceptions(entityRefs?: string[]): Promise<RiskException[]> {
    const out: RiskException[] = [];
    for (const chunk of entityRefs ? chunked(entityRefs) : [undefined]) {
      const query = this.db('kube_security_exceptions')
        .whereNull('revoked_at')
        .where('expires_at', '>', this.now())
        .orderBy('id');
      if (chunk) query.whereIn('entity_ref', chunk);
      out.push(...(await query).map(exceptionFromRow));
    }
    return out;
  }

  /** Exceptions that ran out (expired, never revoked), of some entities or all. */
  async lapsedExceptions(entityRefs?: string[]): Promise<RiskException[]> {
    const out: RiskException[] = [];
    for (const chunk of entityRefs ? chunked(entityRefs) : [undefined]) {
      const query = this.db('kube_security_exceptions')
        .whereNull('revoked_at')
        .where('expires_at', '<=', this.now())
        .orderBy('id');
      if (chunk) query.whereIn('entity_ref', chunk);
      out.push(...(await query).map(exceptionFromRow));
    }
    return out;
  }

  /** Attestations in force now, of some entities or all. */
  async activeAttestations(entityRefs?: string[]): Promise<Attestation[]> {
    const out: Attestation[] = [];
    for (const chunk of entityRefs ? chunked(entityRefs) : [undefined]) {
      const query = this.db('kube_security_attestations')
        .whereNull('revoked_at')
        .where('expires_at', '>', this.now())
        .orderBy('id');
      if (chunk) query.whereIn('entity_ref', chunk);
      out.push(...(await query).map(attestationFromRow));
    }
    return out;
  }

  /** A page of active exceptions, soonest expiry first, with how many expire before `soon`. */
  async pageActiveExceptions(q: {
    offset: number;
    limit: number;
    entityRef?: string;
    soon: Date;
  }): Promise<{
    exceptions: RiskException[];
    total: number;
    expiringSoon: number;
  }> {
    const base = this.db('kube_security_exceptions')
      .whereNull('revoked_at')
      .where('expires_at', '>', this.now());
    if (q.entityRef) base.where('entity_ref', q.entityRef);
    const [{ n }] = await base.clone().count({ n: '*' });
    const [{ soon }] = await base
      .clone()
      .where('expires_at', '<=', q.soon)
      .count({ soon: '*' });
    const rows = await base
      .clone()
      .orderBy([{ column: 'expires_at' }, { column: 'id' }])
      .offset(q.offset)
      .limit(q.limit);
    return {
      exceptions: rows.map(exceptionFromRow),
      total: Number(n),
      expiringSoon: Number(soon),
    };
  }

  async auditTrail(q: {
    offset: number;
    limit: number;
    entityRef?: string;
  }): Promise<{ events: AuditEvent[]; total: number }> {
    const base = this.db('kube_security_audit');
    if (q.entityRef) base.where('entity_ref', q.entityRef);
    const [{ n }] = await base.clone().count({ n: '*' });
    const rows = await base
      .clone()
      .orderBy([
        { column: 'at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .offset(q.offset)
      .limit(q.limit);
    return { events: rows.map(auditFromRow), total: Number(n) };
  }

  /**
   * Makes the active annotation exceptions of one cluster match what a scan read: new
   * annotations are created, changed ones replace the old (revoked, then created), and
   * removed ones are revoked; each step lands in the audit trail. Returns how many changed.
   */
  async syncAnnotationExceptions(
    cluster: string,
    scanned: DeclaredException[],
    options: {
      /** Objects the scan may not have seen (unreadable): their exceptions are kept. */
      unseen?: (resource: ResourceRef) => boolean;
    } = {},
  ): Promise<{ created: number; revoked: number }> {
    // Compared as stored, so that a long or odd name does not look changed on every scan.
    const declared = scanned.map(storedDeclaration);
    return this.db.transaction(async tx => {
      const current = (
        await tx('kube_security_exceptions')
          .where({ source: 'annotation', cluster })
          .whereNull('revoked_at')
          .where('expires_at', '>', this.now())
      ).map(row => ({ row, exception: exceptionFromRow(row) }));
      const byKey = new Map(
        current.map(c => [
          annotationKey({ ...c.exception, annotation: c.row.annotation }),
          c,
        ]),
      );
      const seen = new Set<string>();
      let created = 0;
      let revoked = 0;
      for (const d of declared) {
        const key = annotationKey(d);
        if (seen.has(key)) continue;
        seen.add(key);
        const existing = byKey.get(key);
        const actor = annotationActor(d.resource);
        if (
          existing &&
          existing.exception.justification === d.justification &&
          new Date(existing.exception.expiresAt).getTime() ===
            d.expiresAt.getTime() &&
          existing.exception.entityRef === d.entityRef
        ) {
          continue;
        }
        if (existing) {
          await this.revoke(
            tx,
            'kube_security_exceptions',
            existing.exception.id,
            actor,
            'The annotation changed; replaced by its new value',
          );
          revoked++;
        }
        await this.insertException(tx, {
          ...d,
          createdBy: actor,
          source: 'annotation',
        });
        created++;
      }
      for (const [key, { exception, row }] of byKey) {
        if (seen.has(key)) continue;
        if (exception.resource && options.unseen?.(exception.resource))
          continue;
        const actor = annotationActor(
          exception.resource ?? { cluster, kind: '', name: '' },
        );
        await this.revoke(
          tx,
          'kube_security_exceptions',
          exception.id,
          actor,
          `The annotation ${row.annotation} was removed from the object`,
        );
        revoked++;
      }
      return { created, revoked };
    });
  }

  /**
   * Records each decision that expired since the last call in the audit trail (actor
   * `system`), once. Returns them.
   */
  async recordExpiries(): Promise<DecisionRef[]> {
    const now = this.now();
    return this.db.transaction(async tx => {
      const out: DecisionRef[] = [];
      for (const type of DECISION_TYPES) {
        const table = DECISION_TABLES[type];
        const rows = await tx(table)
          .whereNull('revoked_at')
          .whereNull('expiry_recorded_at')
          .where('expires_at', '<=', now);
        for (const row of rows) {
          await tx(table)
            .where({ id: row.id })
            .update({ expiry_recorded_at: now });
          await this.audit(tx, {
            actor: 'system',
            action: `${type}.expire` as AuditAction,
            entityRef: row.entity_ref,
            itemId: row.item_id,
            subjectId: Number(row.id),
            reason: `Expired on ${toIso(row.expires_at)}`,
          });
          out.push(decisionRef(type, row));
        }
      }
      return out;
    });
  }

  /** Active decisions that expire before `until`. */
  async expiringBefore(until: Date): Promise<DecisionRef[]> {
    const out: DecisionRef[] = [];
    for (const type of DECISION_TYPES) {
      const rows = await this.db(DECISION_TABLES[type])
        .whereNull('revoked_at')
        .where('expires_at', '>', this.now())
        .where('expires_at', '<=', until)
        .orderBy('expires_at');
      out.push(...rows.map(row => decisionRef(type, row)));
    }
    return out;
  }

  /**
   * Claims a notification key: true the first time a key is claimed, false ever after, so
   * a notification is sent once even when several replicas see the same event.
   */
  async claimNotification(key: string): Promise<boolean> {
    const rows = await this.db('kube_security_notifications')
      .insert({ key, sent_at: this.now() })
      .onConflict('key')
      .ignore()
      .returning('key');
    return rows.length > 0;
  }
}

function chunked<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += REF_CHUNK)
    out.push(items.slice(i, i + REF_CHUNK));
  return out;
}
