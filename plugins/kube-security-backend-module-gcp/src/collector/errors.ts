/**
 * Errors of the Google Cloud clients come in several shapes: a GoogleError with a numeric
 * gRPC `code` (gRPC, and REST on newer google-gax), or a GaxiosError whose `status` is
 * the HTTP status and whose message is the raw JSON error body (REST on older google-gax).
 * This module reduces them all to one canonical status and a readable message.
 */

/** Canonical Google API status codes (google.rpc.Code) by number. */
const GRPC_CODES = [
  'OK',
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
] as const;

export type GcpStatus = (typeof GRPC_CODES)[number];

const HTTP_STATUS: Record<number, GcpStatus> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'UNIMPLEMENTED',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

/** Network failures before any response, as Node and gaxios name them. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EPIPE',
]);

export interface GcpErrorInfo {
  status: GcpStatus;
  /** HTTP status when the error came over REST. */
  httpStatus?: number;
  /** The server's message (or the client's, when no response arrived). */
  message: string;
  /** The IAM permission the server named as missing, when it did (ErrorInfo metadata). */
  permission?: string;
}

function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null;
}

function isStatus(value: unknown): value is GcpStatus {
  return (
    typeof value === 'string' &&
    (GRPC_CODES as readonly string[]).includes(value)
  );
}

/** `{ error: { code, message, status, details } }` from a message that is a JSON body. */
function jsonBody(text: string): Record<string, any> | undefined {
  const start = text.indexOf('{');
  if (start < 0) return undefined;
  try {
    const parsed = JSON.parse(text.slice(start));
    return isRecord(parsed?.error) ? parsed.error : undefined;
  } catch {
    return undefined;
  }
}

function permissionFromDetails(details: unknown): string | undefined {
  if (!Array.isArray(details)) return undefined;
  for (const detail of details) {
    const permission = detail?.metadata?.permission;
    if (typeof permission === 'string') return permission;
  }
  return undefined;
}

function httpStatusOf(e: Record<string, any>): number | undefined {
  const candidates = [
    e.httpStatusCode,
    e.status,
    e.response?.status,
    typeof e.code === 'number' && e.code >= 100 ? e.code : undefined,
  ];
  return candidates.find(
    (c): c is number => typeof c === 'number' && c >= 100 && c < 600,
  );
}

/** Reduces any error the Google Cloud clients throw to a status and a message. */
export function describeGcpError(error: unknown): GcpErrorInfo {
  if (!isRecord(error)) {
    return { status: 'UNKNOWN', message: String(error) };
  }
  const rawMessage = String(error.message ?? error);
  const body = jsonBody(rawMessage);
  const httpStatus = httpStatusOf(error);

  let status: GcpStatus | undefined;
  if (typeof error.code === 'number' && error.code >= 0 && error.code <= 16) {
    status = GRPC_CODES[error.code];
  } else if (isStatus(body?.status)) {
    status = body!.status;
  } else if (httpStatus !== undefined) {
    status =
      HTTP_STATUS[httpStatus] ?? (httpStatus >= 500 ? 'INTERNAL' : 'UNKNOWN');
  } else if (typeof error.code === 'string' && NETWORK_CODES.has(error.code)) {
    status = 'UNAVAILABLE';
  }

  let message =
    (typeof body?.message === 'string' && body.message) ||
    (typeof error.details === 'string' && error.details) ||
    rawMessage;
  // gRPC prefixes the code to the server's message: "7 PERMISSION_DENIED: …".
  message = message.replace(/^\d+ [A-Z_]+: /, '');

  const permission =
    (typeof error.errorInfoMetadata?.permission === 'string'
      ? error.errorInfoMetadata.permission
      : undefined) ??
    permissionFromDetails(body?.details) ??
    permissionFromDetails(error.statusDetails);

  return {
    status: status ?? 'UNKNOWN',
    ...(httpStatus !== undefined && { httpStatus }),
    message,
    ...(permission && { permission }),
  };
}

/** Worth another try: throttling and transient unavailability (the calls are reads). */
export function isRetryable(info: GcpErrorInfo): boolean {
  return (
    info.status === 'RESOURCE_EXHAUSTED' ||
    info.status === 'UNAVAILABLE' ||
    info.status === 'DEADLINE_EXCEEDED'
  );
}

export interface RetryOptions {
  /** Attempts in all, the first included. Default 5. */
  maxAttempts?: number;
  /** Delay before the second attempt; doubled for each further one. Default 1000 ms. */
  initialDelayMs?: number;
  /** Upper bound of one delay. Default 20 s. */
  maxDelayMs?: number;
}

const DEFAULT_RETRY: Required<RetryOptions> = {
  maxAttempts: 5,
  initialDelayMs: 1000,
  maxDelayMs: 20_000,
};

function abortError(signal: AbortSignal): Error {
  const reason = signal.reason;
  // Not `instanceof Error`: an AbortSignal's default reason may come from another realm.
  return isRecord(reason) && typeof reason.message === 'string'
    ? (reason as Error)
    : new Error('The scan was cancelled');
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError(signal));
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined = undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal!));
    };
    timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Settles with `promise`, or rejects as soon as `signal` aborts. */
function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      value => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      error => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** Thrown when every attempt was throttled or unavailable. */
export class RetriesExhaustedError extends Error {
  constructor(
    readonly info: GcpErrorInfo,
    readonly attempts: number,
    cause: unknown,
  ) {
    super(`${info.status} after ${attempts} attempts: ${info.message}`, {
      cause,
    });
    this.name = 'RetriesExhaustedError';
  }
}

/**
 * Runs `call` until it succeeds, retrying throttled and unavailable responses with
 * exponential backoff and jitter. Other errors are thrown at once.
 */
export async function withBackoff<T>(
  call: () => Promise<T>,
  options: RetryOptions & { signal?: AbortSignal } = {},
): Promise<T> {
  const { maxAttempts, initialDelayMs, maxDelayMs } = {
    ...DEFAULT_RETRY,
    ...options,
  };
  for (let attempt = 1; ; attempt++) {
    try {
      return await abortable(call(), options.signal);
    } catch (error) {
      if (options.signal?.aborted) throw abortError(options.signal);
      const info = describeGcpError(error);
      if (!isRetryable(info)) throw error;
      if (attempt >= maxAttempts) {
        throw new RetriesExhaustedError(info, attempt, error);
      }
      const ceiling = Math.min(maxDelayMs, initialDelayMs * 2 ** (attempt - 1));
      // Half fixed, half random: spreads out replicas that were throttled together.
      await sleep(ceiling / 2 + Math.random() * (ceiling / 2), options.signal);
    }
  }
}
