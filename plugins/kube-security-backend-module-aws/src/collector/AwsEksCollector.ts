import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  CollectOptions,
  CollectorCluster,
  CollectorContribution,
  EksDescriptor,
  KubeSecurityCollector,
} from '@kube-security/plugin-kube-security-node';
import type {
  AwsAccountConfig,
  AwsClusterConfig,
  AwsModuleConfig,
} from '../config';
import { readCloudTrails } from './cloudtrail';
import {
  AwsClients,
  AwsCredentials,
  createClients,
  destroyClients,
} from './clients';
import { readLaunchTemplates, readVpc } from './ec2';
import { readEcrRepositories } from './ecr';
import {
  ReadContext,
  describeCluster,
  readAccessEntries,
  readAddons,
  readNodegroups,
  readPodIdentityAssociations,
} from './eks';
import { readIamUsers } from './iam';
import {
  Reads,
  describeError,
  isAbort,
  isAuthFailure,
  isNotFound,
  isPermissionDenied,
  raceAbort,
} from './reads';

export interface AwsEksCollectorOptions {
  config: AwsModuleConfig;
  logger?: LoggerService;
  /** Replaces the SDK's default credential chain (tests). */
  credentials?: AwsCredentials;
  /**
   * How long account-wide facts (IAM, CloudTrail, ECR) are reused by the other clusters
   * of the same account, so scans that run together ask IAM once. Default one minute.
   */
  accountFactsTtlMs?: number;
}

type AccountFacts = NonNullable<EksDescriptor['account']>;

interface AccountFactsResult {
  account: Omit<AccountFacts, 'vpc'>;
  unreadable: Reads['unreadable'];
  notes: string[];
}

/** The account id in an EKS cluster ARN. */
function accountOfArn(arn: unknown): string | undefined {
  return /^arn:aws[a-z-]*:eks:[^:]*:(\d{12}):/.exec(String(arn ?? ''))?.[1];
}

/** Drops undefined values, so that unknown facts are absent rather than `undefined`. */
function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(o).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
}

/**
 * Live EKS posture: the cluster, its node groups, add-ons, pod identity associations,
 * launch templates and access entries, plus the account facts the cloud items need (IAM
 * users, CloudTrail, the VPC, ECR repositories), normalized as an `EksDescriptor`.
 * A fact that cannot be read is left out and listed as unreadable; only a cluster that
 * cannot be described at all fails the collection.
 */
export class AwsEksCollector implements KubeSecurityCollector {
  readonly id = 'aws';
  private readonly targets = new Map<
    string,
    {
      account: AwsAccountConfig;
      accountIndex: number;
      cluster: AwsClusterConfig;
    }
  >();
  private readonly clients = new Map<number, AwsClients>();
  private readonly accountFacts = new Map<
    number,
    { at: number; result: Promise<AccountFactsResult> }
  >();

  constructor(private readonly options: AwsEksCollectorOptions) {
    options.config.accounts.forEach((account, accountIndex) => {
      for (const cluster of account.clusters) {
        this.targets.set(cluster.name, { account, accountIndex, cluster });
      }
    });
  }

  async listClusters(): Promise<CollectorCluster[]> {
    return [...this.targets.values()].map(({ cluster }) => ({
      name: cluster.name,
      provider: 'eks',
      ...(cluster.frequency && { frequency: cluster.frequency }),
    }));
  }

  async collect(
    name: string,
    options?: CollectOptions,
  ): Promise<CollectorContribution> {
    const target = this.targets.get(name);
    if (!target) {
      throw new Error(
        `Cluster ${name} is not configured under kubeSecurity.aws.accounts`,
      );
    }
    const { account, accountIndex, cluster: configured } = target;
    const eksName = configured.eksClusterName;
    const signal = options?.signal;
    const ctx: ReadContext = {
      clients: this.clientsFor(account, accountIndex),
      reads: new Reads(this.who(account), signal),
    };

    const cluster = await this.describe(ctx, account, eksName);
    const accountId = accountOfArn(cluster.arn);
    if (account.accountId && accountId && accountId !== account.accountId) {
      throw new Error(
        `EKS cluster ${eksName} in ${account.region} belongs to account ${accountId}, but ${account.configKey}.accountId is ${account.accountId}; check the credentials or role in use`,
      );
    }

    const [
      nodegroups,
      addons,
      podIdentityAssociations,
      accessEntries,
      vpc,
      shared,
    ] = await Promise.all([
      readNodegroups(ctx, eksName),
      readAddons(ctx, eksName),
      readPodIdentityAssociations(ctx, eksName),
      readAccessEntries(ctx, eksName, cluster.accessConfig?.authenticationMode),
      readVpc(ctx, cluster.resourcesVpcConfig?.vpcId, eksName),
      raceAbort(this.accountFactsFor(account, accountIndex), signal),
    ]);
    const launchTemplates = nodegroups
      ? await readLaunchTemplates(ctx, nodegroups)
      : undefined;
    ctx.reads.merge(shared);

    const accountFacts = defined({ ...shared.account, vpc });
    const descriptor: EksDescriptor = {
      provider: 'eks',
      cluster,
      ...defined({
        nodegroups,
        addons,
        podIdentityAssociations,
        launchTemplates,
        accessEntries,
      }),
      ...(Object.keys(accountFacts).length && { account: accountFacts }),
    };
    const { unreadable, notes } = ctx.reads;
    if (unreadable.length) {
      this.options.logger?.warn(
        `AWS facts of EKS cluster ${eksName} (${name}) partly unreadable: ${unreadable
          .map(u => `${u.kind} (${u.reason})`)
          .join('; ')}`,
      );
    }
    return {
      cloud: descriptor,
      unreadable: [...unreadable],
      notes: [...notes],
    };
  }

  /** DescribeCluster, with an error that says what to fix when it fails. */
  private async describe(
    ctx: ReadContext,
    account: AwsAccountConfig,
    eksName: string,
  ): Promise<Record<string, any>> {
    const where = `${account.region} (account ${
      account.accountId ?? 'of the configured credentials'
    })`;
    try {
      return await describeCluster(ctx, eksName);
    } catch (e) {
      if (isAbort(e)) throw e;
      let message: string;
      if (isNotFound(e)) {
        message = `EKS cluster ${eksName} not found in ${where}`;
      } else if (isPermissionDenied(e)) {
        message = `Not allowed to describe EKS cluster ${eksName} in ${where}: ${this.who(
          account,
        )} ${
          account.roleArn ? 'lacks' : 'lack'
        } eks:DescribeCluster (${describeError(e)})`;
      } else if (isAuthFailure(e)) {
        message = `Could not authenticate to AWS to read EKS cluster ${eksName} in ${where}: ${describeError(
          e,
        )}`;
      } else {
        message = `Could not describe EKS cluster ${eksName} in ${where}: ${describeError(
          e,
        )}`;
      }
      throw new Error(message);
    }
  }

  private who(account: AwsAccountConfig): string {
    return account.roleArn
      ? `the role ${account.roleArn}`
      : 'the AWS credentials in use';
  }

  private clientsFor(account: AwsAccountConfig, index: number): AwsClients {
    let clients = this.clients.get(index);
    if (!clients) {
      clients = createClients(account, {
        maxAttempts: this.options.config.maxAttempts,
        retryMode: this.options.config.retryMode,
        credentials: this.options.credentials,
      });
      this.clients.set(index, clients);
    }
    return clients;
  }

  /**
   * IAM, CloudTrail and ECR facts of an account, shared by its clusters for a short
   * while. They are read without the caller's abort signal (another scan may be waiting
   * for them); the caller stops waiting when it is cancelled.
   */
  private accountFactsFor(
    account: AwsAccountConfig,
    index: number,
  ): Promise<AccountFactsResult> {
    const ttl = this.options.accountFactsTtlMs ?? 60_000;
    const cached = this.accountFacts.get(index);
    if (cached && Date.now() - cached.at < ttl) return cached.result;

    const reads = new Reads(this.who(account));
    const ctx: ReadContext = {
      clients: this.clientsFor(account, index),
      reads,
    };
    const result = Promise.all([
      readIamUsers(ctx),
      readCloudTrails(ctx),
      readEcrRepositories(ctx),
    ]).then(([iamUsers, cloudTrails, ecrRepositories]) => ({
      account: defined({ iamUsers, cloudTrails, ecrRepositories }),
      unreadable: reads.unreadable,
      notes: reads.notes,
    }));
    this.accountFacts.set(index, { at: Date.now(), result });
    result.catch(() => {
      if (this.accountFacts.get(index)?.result === result) {
        this.accountFacts.delete(index);
      }
    });
    return result;
  }

  /** Closes the SDK clients' connections. */
  close(): void {
    this.clients.forEach(destroyClients);
    this.clients.clear();
  }
}
