/**
 * Why a collection failed:
 * - `config`: the cluster's configuration or kubeconfig cannot be used;
 * - `authentication`: the API server rejected the credentials (401);
 * - `timeout`: a request got no answer within the per-request timeout, on every attempt;
 * - `deadline`: the whole scan ran past its overall deadline;
 * - `cancelled`: the caller aborted the scan;
 * - `unavailable`: network errors, throttling or server errors outlasted the retries;
 * - `api`: the API server answered something unexpected (another 4xx, a non-JSON body).
 */
export type KubernetesCollectErrorCode =
  | 'config'
  | 'authentication'
  | 'timeout'
  | 'deadline'
  | 'cancelled'
  | 'unavailable'
  | 'api';

/**
 * A failed collection. Messages name the cluster and the kind being listed, and never
 * contain credentials.
 */
export class KubernetesCollectError extends Error {
  readonly code: KubernetesCollectErrorCode;
  readonly cluster: string;
  /** The kind being listed when it failed, if any. */
  readonly kind?: string;
  /** The last HTTP status seen, if any. */
  readonly status?: number;

  constructor(options: {
    message: string;
    code: KubernetesCollectErrorCode;
    cluster: string;
    kind?: string;
    status?: number;
  }) {
    super(options.message);
    this.name = 'KubernetesCollectError';
    this.code = options.code;
    this.cluster = options.cluster;
    this.kind = options.kind;
    this.status = options.status;
  }
}
