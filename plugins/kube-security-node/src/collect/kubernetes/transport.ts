import { setTimeout as sleep } from 'node:timers/promises';
import type * as ClientNode from '@kubernetes/client-node';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { clientNode } from './clientNode';
import { KubernetesCollectError } from './errors';
import type { ResolvedKubeConfig } from './config';

/** How the collector pages, times out and retries. All durations in milliseconds. */
export interface KubernetesRequestOptions {
  /** Items per list page (`limit`). Default 500. */
  pageSize?: number;
  /** Per request, including reading the body. Default 30 000. */
  requestTimeoutMs?: number;
  /** For the whole scan of one cluster. Default 300 000. */
  scanTimeoutMs?: number;
  retry?: {
    /** Attempts per request, the first included. Default 3. */
    attempts?: number;
    /** Backoff before the first retry, doubled for each further one. Default 500. */
    initialDelayMs?: number;
    /** Cap on the computed backoff (a server's Retry-After is honoured as is). Default 10 000. */
    maxDelayMs?: number;
  };
}

/** {@link KubernetesRequestOptions} with every default filled in. */
export interface ResolvedRequestOptions {
  pageSize: number;
  requestTimeoutMs: number;
  scanTimeoutMs: number;
  retry: { attempts: number; initialDelayMs: number; maxDelayMs: number };
}

export const DEFAULT_REQUEST_OPTIONS: Readonly<ResolvedRequestOptions> =
  Object.freeze({
    pageSize: 500,
    requestTimeoutMs: 30_000,
    scanTimeoutMs: 300_000,
    retry: Object.freeze({
      attempts: 3,
      initialDelayMs: 500,
      maxDelayMs: 10_000,
    }),
  });

/** An API answer that is not a transient failure (those are retried). */
export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
}

type Dispatcher = ReturnType<ClientNode.RequestContext['getDispatcher']>;

/** A request that got no complete answer within the per-request timeout. */
class RequestTimeout extends Error {}

interface Failure {
  message: string;
  code: 'timeout' | 'unavailable';
  status?: number;
  retryAfterMs?: number;
}

/**
 * GET requests against one cluster during one scan, authenticated by client-node's
 * KubeConfig (tokens, client certificates, exec plugins, CA and proxy settings) and sent
 * with client-node's HTTP library, with a per-request timeout, an overall deadline and
 * retries with exponential backoff on throttling, server errors, network errors and
 * timeouts.
 *
 * Raw JSON is read instead of going through the generated API classes: the objects keep
 * the API's own shape (the one `kubectl get -o json` and the manifest parsers produce),
 * no model copy of every page is made, and the status and `Retry-After` stay at hand.
 */
export class KubernetesApiTransport {
  readonly #config: ResolvedKubeConfig;
  readonly #cluster: string;
  readonly #options: ResolvedRequestOptions;
  readonly #logger?: LoggerService;
  readonly #http: ClientNode.HttpLibrary;
  readonly #deadlineAt: number;
  readonly #deadline: AbortSignal;
  readonly #caller?: AbortSignal;
  readonly #scanSignal: AbortSignal;
  /** One connection pool for the scan (client-node would make one per request). */
  #dispatcher: Dispatcher;
  #requestCount = 0;

  constructor(args: {
    config: ResolvedKubeConfig;
    cluster: string;
    options?: KubernetesRequestOptions;
    logger?: LoggerService;
    signal?: AbortSignal;
  }) {
    this.#config = args.config;
    this.#cluster = args.cluster;
    this.#options = resolveRequestOptions(args.options);
    this.#logger = args.logger;
    this.#http = new (clientNode().IsomorphicFetchHttpLibrary)();
    this.#deadlineAt = Date.now() + this.#options.scanTimeoutMs;
    this.#deadline = AbortSignal.timeout(this.#options.scanTimeoutMs);
    this.#caller = args.signal;
    this.#scanSignal = args.signal
      ? AbortSignal.any([args.signal, this.#deadline])
      : this.#deadline;
  }

  get pageSize() {
    return this.#options.pageSize;
  }

  get requestCount() {
    return this.#requestCount;
  }

  /**
   * GETs `path` with `query`. Retries transient failures and returns any other answer
   * (2xx or 4xx) for the caller to interpret; throws once retries are exhausted or the
   * scan is aborted. `what` names the request in messages, e.g. `clusterroles`.
   */
  async get(
    path: string,
    query: Record<string, string | undefined>,
    what: { kind: string; description: string },
  ): Promise<ApiResponse> {
    const url = this.#url(path, query);
    const { attempts } = this.#options.retry;

    for (let attempt = 1; ; attempt++) {
      this.#throwIfScanAborted(what.kind, what.description);
      let failure: Failure;
      try {
        const response = await this.#send(url, what);
        if (!isTransientStatus(response.status)) return response;
        failure = {
          code: 'unavailable',
          status: response.status,
          message: `HTTP ${response.status}${statusMessageSuffix(
            response.text,
          )}`,
          retryAfterMs: parseRetryAfter(response.headers['retry-after']),
        };
      } catch (error) {
        if (error instanceof KubernetesCollectError) throw error;
        this.#throwIfScanAborted(what.kind, what.description);
        failure =
          error instanceof RequestTimeout
            ? {
                code: 'timeout',
                message: `no answer within ${seconds(
                  this.#options.requestTimeoutMs,
                )}`,
              }
            : { code: 'unavailable', message: describeNetworkError(error) };
      }

      if (attempt >= attempts) {
        throw new KubernetesCollectError({
          code: failure.code,
          cluster: this.#cluster,
          kind: what.kind,
          status: failure.status,
          message:
            failure.code === 'timeout'
              ? `cluster ${this.#cluster}: timed out listing ${
                  what.description
                }: the API server gave no answer within ${seconds(
                  this.#options.requestTimeoutMs,
                )} (${attempts} ${plural(attempts, 'attempt')})`
              : `cluster ${this.#cluster}: listing ${
                  what.description
                } failed after ${attempts} ${plural(attempts, 'attempt')}: ${
                  failure.message
                }`,
        });
      }

      const delay = failure.retryAfterMs ?? this.#backoff(attempt);
      if (Date.now() + delay >= this.#deadlineAt) {
        throw this.#deadlineError(
          what.kind,
          what.description,
          ` (the next retry, in ${seconds(delay)}, would pass it)`,
        );
      }
      this.#logger?.warn(
        `Kube Security: retrying the list of ${what.description} on cluster ${
          this.#cluster
        } in ${seconds(delay)} (attempt ${attempt + 1} of ${attempts}): ${
          failure.message
        }`,
      );
      try {
        await sleep(delay, undefined, { signal: this.#scanSignal });
      } catch {
        this.#throwIfScanAborted(what.kind, what.description);
      }
    }
  }

  /** Closes the scan's connections. */
  async close() {
    const dispatcher = this.#dispatcher;
    this.#dispatcher = undefined;
    await dispatcher?.close().catch(() => {});
  }

  async #send(
    url: string,
    what: { kind: string; description: string },
  ): Promise<ApiResponse> {
    const { RequestContext, HttpMethod } = clientNode();
    const request = new RequestContext(url, HttpMethod.GET);
    request.setHeaderParam('Accept', 'application/json');
    try {
      // Applied per request so that short-lived credentials (exec plugins) get refreshed.
      await this.#config.kubeConfig.applySecurityAuthentication(request);
    } catch (error) {
      throw new KubernetesCollectError({
        code: 'config',
        cluster: this.#cluster,
        kind: what.kind,
        message: `cluster ${this.#cluster}: cannot prepare a request to ${
          this.#config.server
        }: ${(error as { message?: string })?.message ?? 'unknown error'}`,
      });
    }
    if (this.#dispatcher) request.setDispatcher(this.#dispatcher);
    else this.#dispatcher = request.getDispatcher();
    const timeout = AbortSignal.timeout(this.#options.requestTimeoutMs);
    request.setSignal(AbortSignal.any([this.#scanSignal, timeout]));

    this.#requestCount += 1;
    try {
      const response = await this.#http.send(request).toPromise();
      // The body is read under the same signal, so a stalled body also times out.
      const text = await response.body.text();
      return {
        status: response.httpStatusCode,
        headers: response.headers,
        text,
      };
    } catch (error) {
      // Which signal fired tells a timeout from a cancelled scan; the error's class or
      // name does not (fetch may throw objects from another realm).
      if (timeout.aborted && !this.#scanSignal.aborted) {
        throw new RequestTimeout();
      }
      throw error;
    }
  }

  #url(path: string, query: Record<string, string | undefined>): string {
    const base = this.#config.server.replace(/\/+$/, '');
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) params.set(key, value);
    }
    const search = params.toString();
    return `${base}${path}${search ? `?${search}` : ''}`;
  }

  #backoff(attempt: number): number {
    const { initialDelayMs, maxDelayMs } = this.#options.retry;
    const exponential = Math.min(
      maxDelayMs,
      initialDelayMs * 2 ** (attempt - 1),
    );
    // Jitter spreads the retries of replicas that failed together.
    return Math.round(exponential / 2 + (Math.random() * exponential) / 2);
  }

  #throwIfScanAborted(kind: string, description: string) {
    if (this.#caller?.aborted) {
      throw new KubernetesCollectError({
        code: 'cancelled',
        cluster: this.#cluster,
        kind,
        message: `cluster ${
          this.#cluster
        }: the scan was cancelled while listing ${description}`,
      });
    }
    if (this.#deadline.aborted || Date.now() >= this.#deadlineAt) {
      throw this.#deadlineError(kind, description, '');
    }
  }

  #deadlineError(kind: string, description: string, detail: string) {
    return new KubernetesCollectError({
      code: 'deadline',
      cluster: this.#cluster,
      kind,
      message: `cluster ${
        this.#cluster
      }: the scan exceeded its deadline of ${seconds(
        this.#options.scanTimeoutMs,
      )} while listing ${description}${detail}`,
    });
  }
}

export function resolveRequestOptions(
  options: KubernetesRequestOptions = {},
): ResolvedRequestOptions {
  const positive = (value: number | undefined, fallback: number, min = 1) =>
    value !== undefined && Number.isFinite(value) && value >= min
      ? Math.floor(value)
      : fallback;
  const defaults = DEFAULT_REQUEST_OPTIONS;
  return {
    pageSize: positive(options.pageSize, defaults.pageSize),
    requestTimeoutMs: positive(
      options.requestTimeoutMs,
      defaults.requestTimeoutMs,
    ),
    scanTimeoutMs: positive(options.scanTimeoutMs, defaults.scanTimeoutMs),
    retry: {
      attempts: positive(options.retry?.attempts, defaults.retry.attempts),
      initialDelayMs: positive(
        options.retry?.initialDelayMs,
        defaults.retry.initialDelayMs,
        0,
      ),
      maxDelayMs: positive(
        options.retry?.maxDelayMs,
        defaults.retry.maxDelayMs,
        0,
      ),
    },
  };
}

function isTransientStatus(status: number) {
  return status === 429 || status >= 500;
}

/** `Retry-After` as seconds or an HTTP date; undefined when absent or unparsable. */
export function parseRetryAfter(
  value: string | undefined,
  now = Date.now(),
): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The API's own explanation from a `Status` body, if it sent one. */
export function statusMessage(text: string): string | undefined {
  try {
    const body = JSON.parse(text);
    return body?.kind === 'Status' && typeof body.message === 'string'
      ? body.message
      : undefined;
  } catch {
    return undefined;
  }
}

function statusMessageSuffix(text: string) {
  const message = statusMessage(text);
  return message ? ` (${message})` : '';
}

/** fetch reports "fetch failed" and hides the reason in `cause`. */
function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })
    ?.cause;
  const reason =
    cause?.code ??
    cause?.message ??
    (error as { message?: string } | undefined)?.message;
  return reason ? `network error (${reason})` : 'network error';
}

function seconds(ms: number) {
  return ms < 1000 ? `${ms}ms` : `${Math.round(ms / 100) / 10}s`;
}

function plural(count: number, word: string) {
  return count === 1 ? word : `${word}s`;
}
