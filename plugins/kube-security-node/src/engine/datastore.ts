/**
 * Recognises workloads that hold data (databases, caches, queues, search), whose exposure
 * the action plan says to limit first. Judged from image names and container ports only.
 */

const DATASTORE_PORTS = new Map<number, string>([
  [5432, 'PostgreSQL'],
  [3306, 'MySQL'],
  [6379, 'Redis'],
  [27017, 'MongoDB'],
  [9092, 'Kafka'],
  [9200, 'Elasticsearch'],
  [9042, 'Cassandra'],
  [11211, 'Memcached'],
  [5672, 'RabbitMQ'],
  [2379, 'etcd'],
]);

/** Image name tokens (last path segment split on `-`, `_`, `.`) that name a data store. */
const DATASTORE_IMAGE_TOKENS = new Map<string, string>([
  ['postgres', 'PostgreSQL'],
  ['postgresql', 'PostgreSQL'],
  ['postgis', 'PostgreSQL'],
  ['mysql', 'MySQL'],
  ['mariadb', 'MariaDB'],
  ['redis', 'Redis'],
  ['valkey', 'Valkey'],
  ['mongo', 'MongoDB'],
  ['mongodb', 'MongoDB'],
  ['kafka', 'Kafka'],
  ['elasticsearch', 'Elasticsearch'],
  ['opensearch', 'OpenSearch'],
  ['cassandra', 'Cassandra'],
  ['memcached', 'Memcached'],
  ['rabbitmq', 'RabbitMQ'],
  ['etcd', 'etcd'],
]);

/**
 * Tokens that mark a tool built around a data store rather than the store itself
 * (`redis-exporter`, `postgres-operator`, `kafka-ui`, `mongo-express`, ...).
 */
const NOT_A_STORE_TOKENS = new Set([
  'exporter',
  'operator',
  'ui',
  'commander',
  'express',
  'admin',
  'proxy',
  'client',
  'cli',
  'connect',
  'rest',
  'schema',
  'registry',
  'backup',
  'metrics',
  'dashboards',
  'insight',
]);

/** The repository name of an image without registry, tag or digest: `bitnami/redis:7` → `redis`. */
export function imageBaseName(image: string): string {
  const withoutDigest = image.split('@')[0];
  const lastSlash = withoutDigest.lastIndexOf('/');
  const lastSegment = withoutDigest.slice(lastSlash + 1);
  const colon = lastSegment.indexOf(':');
  return (colon >= 0 ? lastSegment.slice(0, colon) : lastSegment).toLowerCase();
}

export function dataStoreOfImage(
  image: string | undefined,
): string | undefined {
  if (!image) return undefined;
  const tokens = imageBaseName(image).split(/[-_.]/);
  if (tokens.some(token => NOT_A_STORE_TOKENS.has(token))) return undefined;
  for (const token of tokens) {
    const store = DATASTORE_IMAGE_TOKENS.get(token);
    if (store) return store;
  }
  return undefined;
}

export function dataStoreOfPort(port: unknown): string | undefined {
  return typeof port === 'number' ? DATASTORE_PORTS.get(port) : undefined;
}

/** The data store a container looks like, from its image first, then its ports. */
export function dataStoreOfContainer(container: any): string | undefined {
  const fromImage = dataStoreOfImage(container?.image);
  if (fromImage) return fromImage;
  for (const port of Array.isArray(container?.ports) ? container.ports : []) {
    const fromPort = dataStoreOfPort(port?.containerPort);
    if (fromPort) return fromPort;
  }
  return undefined;
}
