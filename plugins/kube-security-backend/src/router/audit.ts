import type {
  AuditorService,
  AuditorServiceEventSeverityLevel,
} from '@backstage/backend-plugin-api';
import type { JsonObject } from '@backstage/types';
import type { Request } from 'express';

/** One audited operation: what the auditor records before it runs. */
export interface AuditedOperation {
  /** Kebab-case, without the plugin's id: `decision-create`, `scan-trigger`, `export`. */
  eventId: string;
  severityLevel?: AuditorServiceEventSeverityLevel;
  /** What is asked (the target); the caller and the request come from `req`. */
  meta: JsonObject;
}

/**
 * Runs `work` as one event of the Backstage auditor (`coreServices.auditor`): the event
 * is opened before anything is checked, so refusals are recorded too, then closed as a
 * success (with what `outcome` says about the result) or a failure (with the error, which
 * is rethrown). The auditor takes the caller from the request. Without an auditor the work
 * just runs.
 */
export async function audited<T>(
  auditor: AuditorService | undefined,
  req: Request,
  operation: AuditedOperation,
  work: () => Promise<T>,
  outcome?: (result: T) => JsonObject,
): Promise<T> {
  if (!auditor) return work();
  const event = await auditor.createEvent({
    eventId: operation.eventId,
    severityLevel: operation.severityLevel ?? 'low',
    request: req,
    meta: operation.meta,
  });
  let result: T;
  try {
    result = await work();
  } catch (error) {
    await event.fail({ error: error as Error });
    throw error;
  }
  await event.success(outcome ? { meta: outcome(result) } : undefined);
  return result;
}
