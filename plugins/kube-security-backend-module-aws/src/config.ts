import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** One EKS cluster to read, as configured. */
export interface AwsClusterConfig {
  /** The Kube Security cluster name (catalog annotations, other collectors). */
  name: string;
  /** The cluster's name in EKS; defaults to `name`. */
  eksClusterName: string;
  /** Time between scans (ISO 8601 duration); defaults to the global schedule. */
  frequency?: string;
}

/** One AWS account and region, and the clusters to read in it. */
export interface AwsAccountConfig {
  /** Expected account id; the cluster's ARN must match when it is set. */
  accountId?: string;
  region: string;
  /** A role to assume (STS AssumeRole) with the default credential chain. */
  roleArn?: string;
  externalId?: string;
  /** Overrides the endpoint of every AWS client (tests, private endpoints). */
  endpoint?: string;
  clusters: AwsClusterConfig[];
  /** Where this account is in the config, for messages. */
  configKey: string;
}

export interface AwsModuleConfig {
  accounts: AwsAccountConfig[];
  /** Attempts per AWS call, first one included (the SDK retries with backoff). */
  maxAttempts: number;
  retryMode: 'standard' | 'adaptive';
}

const ROOT = 'kubeSecurity.aws';
const REGION_RE = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const ACCOUNT_RE = /^\d{12}$/;
const ROLE_ARN_RE = /^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/;
const DURATION_RE = /^P(?!$)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;
/** EKS cluster names: letters, digits, hyphens and underscores, starting alphanumeric. */
const EKS_NAME_RE = /^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/;

function invalid(key: string, problem: string): never {
  throw new InputError(`Invalid ${ROOT} config: ${key} ${problem}`);
}

function checked(
  value: string | undefined,
  key: string,
  re: RegExp,
  expected: string,
): string | undefined {
  if (value !== undefined && !re.test(value)) {
    invalid(key, `is "${value}"; expected ${expected}`);
  }
  return value;
}

function readEndpoint(config: Config, key: string): string | undefined {
  const value = config.getOptionalString('endpoint');
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return invalid(`${key}.endpoint`, `is "${value}"; expected a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    invalid(`${key}.endpoint`, `is "${value}"; expected an http(s) URL`);
  }
  return value;
}

function readCluster(config: Config, key: string): AwsClusterConfig {
  const name = config.getString('name');
  if (!name.trim()) invalid(`${key}.name`, 'is empty');
  const eksClusterName =
    checked(
      config.getOptionalString('eksClusterName'),
      `${key}.eksClusterName`,
      EKS_NAME_RE,
      'an EKS cluster name (letters, digits, - and _)',
    ) ?? name;
  if (!EKS_NAME_RE.test(eksClusterName)) {
    invalid(
      `${key}.name`,
      `is "${name}", which is not a valid EKS cluster name; set ${key}.eksClusterName`,
    );
  }
  const frequency = checked(
    config.getOptionalString('frequency'),
    `${key}.frequency`,
    DURATION_RE,
    'an ISO 8601 duration such as PT1H',
  );
  return { name, eksClusterName, ...(frequency && { frequency }) };
}

function readAccount(config: Config, key: string): AwsAccountConfig {
  const region = config.getOptionalString('region');
  if (region === undefined) invalid(`${key}.region`, 'is missing');
  checked(
    region,
    `${key}.region`,
    REGION_RE,
    'an AWS region such as eu-west-1',
  );
  const accountId = checked(
    config.getOptionalString('accountId'),
    `${key}.accountId`,
    ACCOUNT_RE,
    'a 12-digit AWS account id',
  );
  const roleArn = checked(
    config.getOptionalString('roleArn'),
    `${key}.roleArn`,
    ROLE_ARN_RE,
    'an IAM role ARN such as arn:aws:iam::111122223333:role/kube-security',
  );
  const externalId = config.getOptionalString('externalId');
  if (externalId !== undefined && !roleArn) {
    invalid(
      `${key}.externalId`,
      'is set but roleArn is not; it only applies when assuming a role',
    );
  }
  const endpoint = readEndpoint(config, key);
  const clusterConfigs = config.getOptionalConfigArray('clusters') ?? [];
  if (!clusterConfigs.length) {
    invalid(
      `${key}.clusters`,
      'is missing or empty; list the EKS clusters to read',
    );
  }
  const clusters = clusterConfigs.map((c, i) =>
    readCluster(c, `${key}.clusters[${i}]`),
  );
  return {
    region,
    ...(accountId && { accountId }),
    ...(roleArn && { roleArn }),
    ...(externalId !== undefined && { externalId }),
    ...(endpoint && { endpoint }),
    clusters,
    configKey: key,
  };
}

/**
 * Reads `kubeSecurity.aws`. Returns undefined when the section is absent, so the module
 * then adds nothing. Errors name the offending key.
 */
export function readAwsConfig(root: Config): AwsModuleConfig | undefined {
  const config = root.getOptionalConfig(ROOT);
  if (!config) return undefined;
  const accounts = (config.getOptionalConfigArray('accounts') ?? []).map(
    (a, i) => readAccount(a, `${ROOT}.accounts[${i}]`),
  );
  if (!accounts.length) {
    invalid(
      `${ROOT}.accounts`,
      'is missing or empty; list at least one account',
    );
  }

  const seen = new Map<string, string>();
  accounts.forEach(account =>
    account.clusters.forEach((cluster, i) => {
      const key = `${account.configKey}.clusters[${i}].name`;
      const earlier = seen.get(cluster.name);
      if (earlier) {
        invalid(
          key,
          `repeats the cluster name "${cluster.name}" of ${earlier}`,
        );
      }
      seen.set(cluster.name, key);
    }),
  );

  const maxAttempts = config.getOptionalNumber('maxAttempts') ?? 5;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 20) {
    invalid(
      `${ROOT}.maxAttempts`,
      `is ${maxAttempts}; expected a whole number from 1 to 20`,
    );
  }
  const retryMode = config.getOptionalString('retryMode') ?? 'standard';
  if (retryMode !== 'standard' && retryMode !== 'adaptive') {
    invalid(
      `${ROOT}.retryMode`,
      `is "${retryMode}"; expected standard or adaptive`,
    );
  }
  return { accounts, maxAttempts, retryMode };
}
