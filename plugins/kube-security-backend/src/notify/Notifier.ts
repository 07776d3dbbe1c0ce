import { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { NotificationPayload } from '@backstage/plugin-notifications-common';
import type { Knex } from 'knex';
import {
  Grade,
  getActionItem,
} from '@kube-security/plugin-kube-security-common';
import type { DecisionRef } from '../database/DecisionStore';
import type {
  NotificationStore,
  OutboxMessage,
} from '../database/NotificationStore';
import type { NotificationSettings } from '../config/readConfig';

/** Where notifications wait until they are delivered (the outbox of NotificationStore). */
export type NotificationLedger = Pick<
  NotificationStore,
  'enqueue' | 'enqueueNew' | 'claim' | 'confirm' | 'release' | 'due'
>;

/** How long a claim holds before another replica may retry it (the sender died). */
export const CLAIM_LEASE_MS = 10 * 60 * 1000;
/** Sends tried per notification before it is given up (and left in the outbox). */
export const MAX_ATTEMPTS = 10;

/** A team's grade before and after a recompute. */
export interface GradeChange {
  teamRef: string;
  title: string;
  before: Grade | null;
  after: Grade | null;
  score: number | null;
}

/** A critical failing finding that appeared in the latest scan. */
export interface NewCriticalFinding {
  findingId: string;
  entityRef: string;
  entityTitle?: string;
  ownerRefs: string[];
  message: string;
  cluster: string;
}

const TOPIC = 'kube-security';
const GRADE_ORDER: Readonly<Record<Grade, number>> = {
  A: 0,
  B: 1,
  C: 2,
  D: 3,
  F: 4,
};

function entityPath(ref: string): string {
  const { kind, namespace, name } = parseEntityRef(ref);
  return `/catalog/${namespace}/${kind.toLocaleLowerCase(
    'en-US',
  )}/${name}/kube-security`;
}

function teamPath(ref: string): string {
  const { namespace, name } = parseEntityRef(ref);
  return `/kube-security/teams/${namespace}/${name}`;
}

function message(
  recipients: string[],
  payload: NotificationPayload,
): OutboxMessage {
  return {
    recipients,
    payload: { topic: TOPIC, ...payload } as unknown as Record<string, unknown>,
  };
}

function criticalPayload(
  entityRef: string,
  list: NewCriticalFinding[],
): NotificationPayload {
  const name = list[0].entityTitle ?? parseEntityRef(entityRef).name;
  return {
    title:
      list.length === 1
        ? `New critical security finding on ${name}`
        : `${list.length} new critical security findings on ${name}`,
    description: list
      .slice(0, 3)
      .map(f => `${f.cluster}: ${f.message}`)
      .join(' · '),
    link: entityPath(entityRef),
    severity: 'critical',
  };
}

function day(iso: string): string {
  return iso.slice(0, 10);
}

/**
 * Tells teams what changed in their posture through the Backstage notifications plugin:
 * a grade that dropped, a new critical finding, a decision about to expire. Each event has
 * a key and is queued once in the outbox, so rescans and replicas never queue one twice;
 * it is claimed, sent, and confirmed only once delivered. A failed send is logged, never
 * fails a scan, and is retried (`retryPending`), as is a claim never confirmed.
 */
export class Notifier {
  constructor(
    private readonly options: {
      notifications?: NotificationService;
      ledger: NotificationLedger;
      logger: LoggerService;
      settings: NotificationSettings;
      now?: () => Date;
    },
  ) {}

  private get enabled(): boolean {
    return Boolean(this.options.notifications) && this.options.settings.enabled;
  }

  private async send(
    key: string,
    recipients: string[],
    payload: NotificationPayload,
  ): Promise<boolean> {
    if (!recipients.length) return false;
    await this.options.ledger.enqueue(key, message(recipients, payload));
    return this.deliver(key);
  }

  /** Claims a queued notification, sends it and confirms it; false if not sent now. */
  private async deliver(key: string): Promise<boolean> {
    const { ledger, logger } = this.options;
    const claim = await ledger.claim(key, CLAIM_LEASE_MS);
    if (!claim) return false;
    const payload = claim.payload as unknown as NotificationPayload;
    try {
      await this.options.notifications!.send({
        recipients: { type: 'entity', entityRef: claim.recipients },
        payload,
      });
    } catch (e) {
      const error = (e as Error).message;
      logger.warn(
        `Could not send the notification "${payload.title}" (attempt ${claim.attempts} of ${MAX_ATTEMPTS}; it will be retried): ${error}`,
      );
      await ledger.release(claim, error);
      return false;
    }
    await ledger.confirm(claim);
    return true;
  }

  /**
   * Sends what is queued and not delivered: failed sends, and claims whose sender never
   * confirmed them within the lease. Returns how many were delivered.
   */
  async retryPending(): Promise<number> {
    if (!this.enabled) return 0;
    let sent = 0;
    for (const key of await this.options.ledger.due(
      CLAIM_LEASE_MS,
      MAX_ATTEMPTS,
    )) {
      if (await this.deliver(key)) sent++;
    }
    return sent;
  }

  /** Tells each team whose grade got worse; returns how many were told. */
  async gradeChanges(changes: GradeChange[]): Promise<number> {
    if (!this.enabled || !this.options.settings.gradeDrop) return 0;
    const today = (this.options.now ?? (() => new Date()))()
      .toISOString()
      .slice(0, 10);
    let sent = 0;
    for (const c of changes) {
      if (
        !c.before ||
        !c.after ||
        GRADE_ORDER[c.after] <= GRADE_ORDER[c.before]
      )
        continue;
      const ok = await this.send(
        `grade-drop:${c.teamRef}:${c.before}>${c.after}:${today}`,
        [c.teamRef],
        {
          title: `Security grade of ${c.title} dropped from ${c.before} to ${c.after}`,
          description: `The Kubernetes security score of ${c.title} is now ${
            c.score ?? 'n/a'
          }. Open the team's action plan to see which items got worse.`,
          link: teamPath(c.teamRef),
          severity: c.after === 'F' ? 'high' : 'normal',
        },
      );
      if (ok) sent++;
    }
    return sent;
  }

  /** Tells the owners of each entity about its new critical findings, once per finding. */
  async newCriticalFindings(findings: NewCriticalFinding[]): Promise<number> {
    return this.deliverQueued(await this.queueNewCriticalFindings(findings));
  }

  /** Sends notifications queued already (e.g. inside a scan's write); how many were sent. */
  async deliverQueued(keys: string[]): Promise<number> {
    let sent = 0;
    for (const key of keys) {
      if (await this.deliver(key)) sent++;
    }
    return sent;
  }

  /**
   * Queues one notification per entity for its critical findings not told before, inside
   * `transaction` when given; returns the keys to deliver.
   */
  async queueNewCriticalFindings(
    findings: NewCriticalFinding[],
    transaction?: Knex.Transaction,
  ): Promise<string[]> {
    if (!this.enabled || !this.options.settings.newCriticalFindings) return [];
    const byEntity = new Map<string, NewCriticalFinding[]>();
    for (const f of findings) {
      if (!f.ownerRefs.length) continue;
      byEntity.set(f.entityRef, [...(byEntity.get(f.entityRef) ?? []), f]);
    }
    const keys: string[] = [];
    for (const [entityRef, all] of byEntity) {
      // Each finding is told once; the fresh ones of an entity go in one notification.
      const key = await this.options.ledger.enqueueNew(
        all.map(f => `critical:${f.findingId}`),
        fresh => {
          const list = all.filter(f =>
            fresh.includes(`critical:${f.findingId}`),
          );
          return {
            key: `critical-batch:${entityRef}:${list
              .map(f => f.findingId)
              .sort()
              .join(',')}`,
            message: message(
              list[0].ownerRefs,
              criticalPayload(entityRef, list),
            ),
          };
        },
        transaction,
      );
      if (key) keys.push(key);
    }
    return keys;
  }

  /** Reminds the owners of each decision that expires soon, once per decision. */
  async expiryReminders(
    decisions: DecisionRef[],
    ownersOf: (entityRef: string) => string[],
  ): Promise<number> {
    if (!this.enabled) return 0;
    let sent = 0;
    for (const d of decisions) {
      const item = getActionItem(d.itemId);
      const what = d.type === 'exception' ? 'Accepted risk' : 'Attestation';
      const name = parseEntityRef(d.entityRef).name;
      const ok = await this.send(
        `expiry:${d.type}:${d.id}`,
        ownersOf(d.entityRef),
        {
          title: `${what} on ${name} expires on ${day(d.expiresAt)}: ${
            item.title
          }`,
          description:
            d.type === 'exception'
              ? `After that day the findings it covers count as failing again. Fix them, or accept the risk again with a fresh justification. (${d.summary})`
              : `After that day the item goes back to "not verified". Attest it again with current evidence. (${d.summary})`,
          link: entityPath(d.entityRef),
          severity: 'normal',
        },
      );
      if (ok) sent++;
    }
    return sent;
  }
}
