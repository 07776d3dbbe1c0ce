import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  ACTION_ITEM_IDS,
  ATTESTABLE_ITEM_IDS,
  ActionItemId,
  Attestation,
  AuditResponse,
  CreateAttestationRequest,
  CreateExceptionRequest,
  DecisionLimits,
  RiskException,
  getActionItem,
} from '@kube-security/plugin-kube-security-common';
import { applicableItems } from '../aggregate/plans';
import type { Recompute } from '../aggregate/Recompute';
import {
  DEFAULT_MAX_ACTIVE_DECISIONS_PER_ENTITY,
  type DecisionSettings,
} from '../config/readConfig';
import type { Stores } from '../database/stores';
import { DAY_MS } from '../database/tables';
import type { CatalogMapping } from '../mapping/CatalogMapping';
import { buildCatalogSnapshot } from '../mapping/catalogSnapshot';
import type { Notifier } from '../notify/Notifier';
import { ReadScope } from './ReadScope';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
/** An ISO 8601 time with a 4-digit year (no expanded `+010000` years). */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T/;

/**
 * An expiry as the API takes it: a day (YYYY-MM-DD, valid through its end, UTC) or an ISO
 * 8601 time, both with a 4-digit year; in the future and no later than the end of the day
 * `maxDays` from today. Instants are compared, never strings.
 */
export function parseExpiry(
  value: string,
  now: Date,
  maxDays: number,
  what: string,
): Date {
  let date: Date;
  if (DATE_ONLY.test(value)) {
    date = new Date(`${value}T23:59:59.999Z`);
    if (
      Number.isNaN(date.getTime()) ||
      date.toISOString().slice(0, 10) !== value
    ) {
      throw new InputError(
        `Invalid ${what}: expiresAt: "${value}" is not a calendar date`,
      );
    }
  } else {
    if (!DATE_TIME.test(value)) {
      throw new InputError(
        `Invalid ${what}: expiresAt: "${value}" is not a date with a 4-digit year; use YYYY-MM-DD`,
      );
    }
    date = new Date(value);
    if (Number.isNaN(date.getTime())) {
      throw new InputError(
        `Invalid ${what}: expiresAt: "${value}" is not a date; use YYYY-MM-DD`,
      );
    }
  }
  if (date.getTime() <= now.getTime()) {
    throw new InputError(
      `Invalid ${what}: expiresAt: ${value} is not in the future`,
    );
  }
  const latestDay = new Date(now.getTime() + maxDays * DAY_MS)
    .toISOString()
    .slice(0, 10);
  const latest = new Date(`${latestDay}T23:59:59.999Z`);
  if (date.getTime() > latest.getTime()) {
    throw new InputError(
      `Invalid ${what}: expiresAt: ${value} is more than ${maxDays} days away; the latest allowed is ${latestDay}`,
    );
  }
  return date;
}

/** The ref the store uses for an entity: the mapped ref, lower-cased like the catalog's. */
function refOf(entity: Entity) {
  const mapped = buildCatalogSnapshot([entity]).entities[0];
  const ref = `${entity.kind}:${entity.metadata.namespace ?? 'default'}/${
    entity.metadata.name
  }`.toLocaleLowerCase('en-US');
  return { ref: mapped?.ref ?? ref, applicable: applicableItems(mapped ?? {}) };
}

/**
 * Rules for creating and revoking decisions, on top of the route's field checks: the
 * finding must be an open finding of the entity, the item must apply to it, attestations
 * only for items no API fully proves, expiries within the configured maximum. Also the
 * periodic check: expiries recorded, owners reminded.
 */
export class DecisionService {
  constructor(
    private readonly options: {
      stores: Pick<Stores, 'decisions' | 'findings'> &
        Partial<Pick<Stores, 'pendingAnnotations'>>;
      settings: DecisionSettings;
      /** Refreshes the aggregates when decisions expired. */
      recompute: Pick<Recompute, 'run'>;
      /** Who to remind: the owners of an entity. */
      mapping: Pick<CatalogMapping, 'ownersOf'>;
      logger: LoggerService;
      notifier?: Notifier;
      now?: () => Date;
      /** Called after every change, to refresh the aggregates. */
      onChange?: () => void;
    },
  ) {}

  private get decisions() {
    return this.options.stores.decisions;
  }

  private now(): Date {
    return (this.options.now ?? (() => new Date()))();
  }

  /** The entity's ref and the item, which must apply to the entity. */
  private applicableItem(entity: Entity, itemId: ActionItemId, what: string) {
    const { ref, applicable } = refOf(entity);
    const item = getActionItem(itemId);
    if (!applicable(item)) {
      throw new InputError(
        `Invalid ${what}: itemId: ${item.id} does not apply to ${ref} (cloud and cluster items belong to the Resource that represents the cluster)`,
      );
    }
    return { ref, item };
  }

  limits(): DecisionLimits {
    return {
      maxExceptionDays: this.options.settings.maxExceptionDays,
      maxAttestationDays: this.options.settings.maxAttestationDays,
      attestableItems: ACTION_ITEM_IDS.filter(id =>
        ATTESTABLE_ITEM_IDS.has(id),
      ),
    };
  }

  async entityDecisions(entity: Entity) {
    const { ref } = refOf(entity);
    const [exceptions, attestations] = await Promise.all([
      this.decisions.activeExceptions([ref]),
      this.decisions.activeAttestations([ref]),
    ]);
    const pendingExceptions = this.options.stores.pendingAnnotations
      ? await this.options.stores.pendingAnnotations.forEntities([ref])
      : [];
    return {
      entityRef: ref,
      exceptions,
      attestations,
      limits: this.limits(),
      ...(pendingExceptions.length ? { pendingExceptions } : {}),
    };
  }

  /**
   * Refuses a new decision when the entity already holds the most active decisions allowed
   * (kubeSecurity.maxActiveDecisionsPerEntity): each one is read on every plan.
   */
  private async ensureRoom(ref: string): Promise<void> {
    const max =
      this.options.settings.maxActivePerEntity ??
      DEFAULT_MAX_ACTIVE_DECISIONS_PER_ENTITY;
    const [exceptions, attestations] = await Promise.all([
      this.decisions.activeExceptions([ref]),
      this.decisions.activeAttestations([ref]),
    ]);
    if (exceptions.length + attestations.length >= max) {
      throw new ConflictError(
        `${ref} already has ${max} active decisions (exceptions and attestations), the most allowed; revoke one that is no longer needed, or raise kubeSecurity.maxActiveDecisionsPerEntity`,
      );
    }
  }

  async createException(
    entity: Entity,
    request: CreateExceptionRequest,
    actor: string,
  ): Promise<RiskException> {
    const what = 'exception';
    const { ref, item } = this.applicableItem(entity, request.itemId, what);
    const expiresAt = parseExpiry(
      request.expiresAt,
      this.now(),
      this.options.settings.maxExceptionDays,
      what,
    );
    let resource;
    if (request.scope !== 'item') {
      if (!request.findingId) {
        throw new InputError(
          `Invalid ${what}: findingId: required for the ${request.scope} scope`,
        );
      }
      const finding = await this.options.stores.findings.findingById(
        request.findingId,
      );
      if (!finding || finding.resolvedAt || finding.entityRef !== ref) {
        throw new InputError(
          `Invalid ${what}: findingId: ${request.findingId} is not an open finding of ${ref}`,
        );
      }
      if (finding.itemId !== item.id) {
        throw new InputError(
          `Invalid ${what}: itemId: the finding belongs to ${finding.itemId}, not ${item.id}`,
        );
      }
      if (request.scope === 'check' && request.checkId !== finding.checkId) {
        throw new InputError(
          `Invalid ${what}: checkId: the finding comes from ${
            finding.checkId
          }, not ${request.checkId ?? '(missing)'}`,
        );
      }
      const { container, ...withoutContainer } = finding.resource;
      resource = withoutContainer;
    }
    await this.ensureRoom(ref);
    const created = await this.decisions.createException({
      entityRef: ref,
      scope: request.scope,
      itemId: item.id,
      ...(request.scope === 'check' ? { checkId: request.checkId } : {}),
      ...(request.scope === 'finding' ? { findingId: request.findingId } : {}),
      ...(resource ? { resource } : {}),
      justification: request.justification,
      ticketUrl: request.ticketUrl,
      createdBy: actor,
      expiresAt,
      source: 'user',
    });
    this.options.onChange?.();
    return created;
  }

  async createAttestation(
    entity: Entity,
    request: CreateAttestationRequest,
    actor: string,
  ): Promise<Attestation> {
    const what = 'attestation';
    const { ref, item } = this.applicableItem(entity, request.itemId, what);
    if (!ATTESTABLE_ITEM_IDS.has(item.id)) {
      throw new InputError(
        `Invalid ${what}: itemId: ${
          item.id
        } has no part that rests on a statement, so it cannot be attested; attestable items are ${this.limits().attestableItems.join(
          ', ',
        )}`,
      );
    }
    const expiresAt = parseExpiry(
      request.expiresAt,
      this.now(),
      this.options.settings.maxAttestationDays,
      what,
    );
    await this.ensureRoom(ref);
    const created = await this.decisions.createAttestation({
      entityRef: ref,
      itemId: item.id,
      statement: request.statement,
      evidenceUrl: request.evidenceUrl,
      createdBy: actor,
      expiresAt,
    });
    this.options.onChange?.();
    return created;
  }

  async exception(id: number): Promise<RiskException> {
    const found = await this.decisions.getException(id);
    if (!found) throw new NotFoundError(`No exception with id ${id}`);
    return found;
  }

  async attestation(id: number): Promise<Attestation> {
    const found = await this.decisions.getAttestation(id);
    if (!found) throw new NotFoundError(`No attestation with id ${id}`);
    return found;
  }

  async revokeException(
    id: number,
    actor: string,
    reason: string,
  ): Promise<RiskException> {
    const existing = await this.exception(id);
    if (existing.source === 'annotation') {
      throw new InputError(
        `Invalid revocation: exception ${id} is declared by the annotation on ${
          existing.resource?.kind
        } ${existing.resource?.namespace ?? ''}/${
          existing.resource?.name
        }; remove the annotation instead`,
      );
    }
    const revoked = await this.decisions.revokeException(id, actor, reason);
    this.options.onChange?.();
    return revoked;
  }

  async revokeAttestation(
    id: number,
    actor: string,
    reason: string,
  ): Promise<Attestation> {
    const revoked = await this.decisions.revokeAttestation(id, actor, reason);
    this.options.onChange?.();
    return revoked;
  }

  /** The audit trail, newest first, of all entities or one, as far as the caller may see. */
  async auditTrail(
    q: {
      offset: number;
      limit: number;
      entityRef?: string;
    },
    scope: ReadScope = ReadScope.everything,
  ): Promise<AuditResponse> {
    const query = {
      offset: q.offset,
      limit: q.limit,
      entityRef: q.entityRef?.toLocaleLowerCase('en-US'),
    };
    if (scope.unrestricted) {
      const page = await this.decisions.auditTrail(query);
      return { ...page, offset: q.offset, limit: q.limit };
    }
    const all = await this.decisions.auditTrail({
      ...query,
      offset: 0,
      limit: 1_000_000_000,
    });
    const seen = all.events.filter(e => scope.seesEntity(e.entityRef));
    return {
      events: seen.slice(q.offset, q.offset + q.limit),
      total: seen.length,
      offset: q.offset,
      limit: q.limit,
    };
  }

  /**
   * Records decisions that expired (audit trail, then fresh aggregates, so an expired
   * exception counts as failing again in team scores) and reminds owners of those that
   * expire within `reminderDays`.
   */
  async checkDecisions(
    reminderDays: number,
  ): Promise<{ expired: number; reminded: number }> {
    const { notifier, logger, mapping } = this.options;
    const expired = await this.decisions.recordExpiries();
    if (expired.length) {
      logger.info(
        `${expired.length} exceptions or attestations expired; recomputing scores`,
      );
      await this.options.recompute.run();
    }
    const until = new Date(this.now().getTime() + reminderDays * DAY_MS);
    const reminded = notifier
      ? await notifier.expiryReminders(
          await this.decisions.expiringBefore(until),
          ref => mapping.ownersOf(ref),
        )
      : 0;
    return { expired: expired.length, reminded };
  }
}
