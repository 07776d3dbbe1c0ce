/**
 * Error classification and bookkeeping for the many small AWS reads of one collection:
 * a read that fails is recorded once (by IAM action) and its fact is left unknown.
 */

interface AwsErrorLike {
  name?: string;
  Code?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

function asAwsError(e: unknown): AwsErrorLike {
  return typeof e === 'object' && e !== null ? (e as AwsErrorLike) : {};
}

/** The service's error code (`AccessDeniedException`, `Throttling`, …). */
export function errorCode(e: unknown): string {
  const err = asAwsError(e);
  return err.Code ?? err.name ?? err.code ?? 'Error';
}

export function errorMessage(e: unknown): string {
  return asAwsError(e).message ?? String(e);
}

const DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation', // EC2
  'UnauthorizedException',
  'AuthorizationError',
]);

/** The credentials themselves are bad: every call would fail the same way. */
const AUTH_FAILED = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidAccessKeyId',
  'ExpiredToken',
  'ExpiredTokenException',
  'SignatureDoesNotMatch',
  'InvalidSignatureException',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'AuthFailure', // EC2
  'CredentialsProviderError',
  'AssumeRoleFailed',
]);

const NOT_FOUND = new Set([
  'ResourceNotFoundException',
  'NoSuchEntityException',
  'NoSuchEntity',
  'NotFoundException',
  'RepositoryNotFoundException',
  'TrailNotFoundException',
  'InvalidVpcID.NotFound',
  'InvalidLaunchTemplateId.NotFound',
  'InvalidLaunchTemplateId.VersionNotFound',
  'InvalidLaunchTemplateName.NotFoundException',
]);

export function isAuthFailure(e: unknown): boolean {
  return AUTH_FAILED.has(errorCode(e));
}

export function isPermissionDenied(e: unknown): boolean {
  if (isAuthFailure(e)) return false;
  return (
    DENIED.has(errorCode(e)) || asAwsError(e).$metadata?.httpStatusCode === 403
  );
}

export function isNotFound(e: unknown): boolean {
  return (
    NOT_FOUND.has(errorCode(e)) ||
    asAwsError(e).$metadata?.httpStatusCode === 404
  );
}

export function isAbort(e: unknown): boolean {
  return errorCode(e) === 'AbortError';
}

/** `Throttling: Rate exceeded (after 5 attempts)`: the code, message and retries. */
export function describeError(e: unknown): string {
  const attempts = asAwsError(e).$metadata?.attempts;
  return `${errorCode(e)}: ${errorMessage(e)}${
    attempts && attempts > 1 ? ` (after ${attempts} attempts)` : ''
  }`;
}

export interface Unreadable {
  kind: string;
  reason: string;
}

/**
 * Records the reads of one collection that failed. `who` names the identity in use
 * ("the role arn:…" or "the AWS credentials in use") for permission messages.
 */
export class Reads {
  readonly unreadable: Unreadable[] = [];
  readonly notes: string[] = [];

  constructor(private readonly who: string, readonly signal?: AbortSignal) {}

  /** Kind under which an IAM action is reported as unreadable, e.g. `aws:iam:ListUsers`. */
  static kindOf(action: string): string {
    return `aws:${action}`;
  }

  /** Records a failed read; the same action is recorded once. */
  fail(action: string, e: unknown): void {
    const kind = Reads.kindOf(action);
    if (this.unreadable.some(u => u.kind === kind)) return;
    const reason = isPermissionDenied(e)
      ? `${errorCode(e)}: ${this.who} ${
          this.who.startsWith('the role') ? 'lacks' : 'lack'
        } ${action}`
      : describeError(e);
    this.unreadable.push({ kind, reason });
  }

  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }

  merge(other: { unreadable: Unreadable[]; notes: string[] }): void {
    for (const u of other.unreadable) {
      if (!this.unreadable.some(x => x.kind === u.kind))
        this.unreadable.push(u);
    }
    other.notes.forEach(n => this.note(n));
  }

  /**
   * Runs one read. On failure records it and resolves to undefined, except that a
   * not-found answer resolves to `onNotFound()` when given (absence is a fact, e.g. a
   * user without a console password). Cancellation is rethrown.
   */
  async attempt<T, N = never>(
    action: string,
    read: () => Promise<T>,
    onNotFound?: () => N,
  ): Promise<T | N | undefined> {
    try {
      return await read();
    } catch (e) {
      if (isAbort(e) || this.signal?.aborted) throw e;
      if (onNotFound && isNotFound(e)) return onNotFound();
      this.fail(action, e);
      return undefined;
    }
  }
}

/** Follows a token-paged list to its end. */
export async function allPages<T>(
  fetchPage: (
    token: string | undefined,
  ) => Promise<{ items?: T[]; next?: string }>,
  maxPages = 1000,
): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const result = await fetchPage(token);
    items.push(...(result.items ?? []));
    // Some APIs repeat the last token instead of omitting it at the end.
    if (!result.next || result.next === token) break;
    token = result.next;
  }
  return items;
}

/** Maps with at most `limit` calls in flight, keeping the order of `items`. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
  return results;
}

/** SDK outputs hold Dates; descriptors are plain JSON like the CLIs print. */
export function plain<T>(value: T): T {
  return value === undefined ? value : JSON.parse(JSON.stringify(value));
}

/** Waits for `promise`, or rejects as soon as `signal` aborts. */
export function raceAbort<T>(
  promise: Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      v => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      e => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

function abortError(): Error {
  const error = new Error('The collection was cancelled');
  error.name = 'AbortError';
  return error;
}
