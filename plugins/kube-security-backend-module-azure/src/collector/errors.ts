/**
 * Why an AKS collection failed:
 * - `config`: the cluster is not configured for this module;
 * - `not-found`: the subscription, resource group or managed cluster does not exist;
 * - `permission`: the identity may not read the managed cluster (403);
 * - `authentication`: no token could be obtained, or ARM rejected it (401);
 * - `cancelled`: the scan was aborted;
 * - `api`: anything else ARM answered (server errors that outlasted the retries, …).
 */
export type AzureCollectErrorCode =
  | 'config'
  | 'not-found'
  | 'permission'
  | 'authentication'
  | 'cancelled'
  | 'api';

/** A failed collection; the message names the cluster and never holds a token. */
export class AzureCollectError extends Error {
  readonly code: AzureCollectErrorCode;
  readonly cluster: string;
  /** The HTTP status ARM answered, if any. */
  readonly status?: number;
  /** The Azure RBAC action that was denied, for `permission`. */
  readonly action?: string;

  constructor(options: {
    message: string;
    code: AzureCollectErrorCode;
    cluster: string;
    status?: number;
    action?: string;
  }) {
    super(options.message);
    this.name = 'AzureCollectError';
    this.code = options.code;
    this.cluster = options.cluster;
    if (options.status !== undefined) this.status = options.status;
    if (options.action !== undefined) this.action = options.action;
  }
}

/** What an Azure SDK error says, whichever client threw it. */
export interface ArmErrorInfo {
  /** HTTP status; undefined for errors raised before a response (credential, network). */
  status?: number;
  /** ARM error code (`AuthorizationFailed`, `ResourceNotFound`…) or the error's name. */
  code?: string;
  message: string;
}

/** Errors of @azure/identity: no token could be obtained. */
const CREDENTIAL_ERRORS = new Set([
  'CredentialUnavailableError',
  'AuthenticationError',
  'AggregateAuthenticationError',
  'AuthenticationRequiredError',
]);

function firstLine(text: string): string {
  const line = text.split('\n').find(l => l.trim()) ?? text;
  return line.length > 400 ? `${line.slice(0, 400)}…` : line.trim();
}

export function armErrorInfo(error: unknown): ArmErrorInfo {
  if (typeof error !== 'object' || error === null) {
    return { message: String(error) };
  }
  const e = error as {
    statusCode?: unknown;
    code?: unknown;
    name?: unknown;
    message?: unknown;
  };
  const status = typeof e.statusCode === 'number' ? e.statusCode : undefined;
  let code: string | undefined;
  if (typeof e.code === 'string') code = e.code;
  else if (typeof e.name === 'string' && e.name !== 'Error') code = e.name;
  const message =
    typeof e.message === 'string' && e.message
      ? firstLine(e.message)
      : 'no message';
  return {
    ...(status !== undefined ? { status } : {}),
    ...(code ? { code } : {}),
    message,
  };
}

export function isAbortError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { name?: unknown }).name === 'AbortError'
  );
}

export function isCredentialError(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' && CREDENTIAL_ERRORS.has(name);
}

/**
 * The action ARM says was denied: an AuthorizationFailed message reads "… does not have
 * authorization to perform action 'Microsoft.X/y/read' over scope …". Falls back to the
 * action the call is known to need.
 */
export function deniedAction(message: string, fallback: string): string {
  return /perform action '([^']+)'/i.exec(message)?.[1] ?? fallback;
}

/** `AuthorizationFailed (403)`, `429`, `RestError`… for the start of a reason. */
export function errorLabel(info: ArmErrorInfo): string {
  if (info.code && info.status !== undefined) {
    return `${info.code} (${info.status})`;
  }
  if (info.code) return info.code;
  return info.status !== undefined ? `HTTP ${info.status}` : 'Error';
}
