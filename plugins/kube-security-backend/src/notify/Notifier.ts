import { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { NotificationPayload } from '@backstage/plugin-notifications-common';
import {
  Grade,
  getActionItem,
} from '@kube-security/plugin-kube-security-common';
import type { DecisionRef } from '../database/DecisionStore';
import type { NotificationSettings } from '../config/readConfig';

/** Where to keep the keys of notifications already sent. */
export interface NotificationLedger {
  /** True the first time a key is claimed, false ever after. */
  claimNotification(key: string): Promise<boolean>;
}

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

function day(iso: string): string {
  return iso.slice(0, 10);
}

/**
 * Tells teams what changed in their posture through the Backstage notifications plugin:
 * a grade that dropped, a new critical finding, a decision about to expire. Each event has
 * a key that is claimed before sending, so rescans and replicas never send one twice.
 * A failure to deliver is logged and never fails a scan.
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
    if (!(await this.options.ledger.claimNotification(key))) return false;
    try {
      await this.options.notifications!.send({
        recipients: { type: 'entity', entityRef: recipients },
        payload: { topic: TOPIC, ...payload },
      });
      return true;
    } catch (e) {
      this.options.logger.warn(
        `Could not send the notification "${payload.title}": ${
          (e as Error).message
        }`,
      );
      return false;
    }
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
    if (!this.enabled || !this.options.settings.newCriticalFindings) return 0;
    const byEntity = new Map<string, NewCriticalFinding[]>();
    for (const f of findings) {
      if (
        !(await this.options.ledger.claimNotification(
          `critical:${f.findingId}`,
        ))
      )
        continue;
      byEntity.set(f.entityRef, [...(byEntity.get(f.entityRef) ?? []), f]);
    }
    let sent = 0;
    for (const [entityRef, list] of byEntity) {
      const name = list[0].entityTitle ?? parseEntityRef(entityRef).name;
      const ok = await this.send(
        `critical-batch:${entityRef}:${list
          .map(f => f.findingId)
          .sort()
          .join(',')}`,
        list[0].ownerRefs,
        {
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
        },
      );
      if (ok) sent++;
    }
    return sent;
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
