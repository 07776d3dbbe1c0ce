import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECRClient } from '@aws-sdk/client-ecr';
import { EKSClient, EKSClientConfig } from '@aws-sdk/client-eks';
import { IAMClient } from '@aws-sdk/client-iam';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsAccountConfig } from '../config';
import { describeError } from './reads';

/** Static credentials or a provider of them, as the SDK clients accept. */
export type AwsCredentials = NonNullable<EKSClientConfig['credentials']>;

export interface AwsClients {
  eks: EKSClient;
  iam: IAMClient;
  ec2: EC2Client;
  ecr: ECRClient;
  cloudtrail: CloudTrailClient;
}

export interface ClientOptions {
  maxAttempts: number;
  retryMode: 'standard' | 'adaptive';
  /** Replaces the default credential chain (tests). */
  credentials?: AwsCredentials;
}

/** Assumed-role credentials are renewed this long before they expire. */
const RENEW_BEFORE_MS = 5 * 60 * 1000;

type Identity = {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
};

/**
 * Credentials of the role to assume, shared by the account's five clients so that
 * STS is asked once per session rather than once per client. A failure is rethrown
 * naming the role and `sts:AssumeRole`, so the scan error says what to fix.
 */
function assumedRoleCredentials(
  account: AwsAccountConfig,
  options: ClientOptions,
): () => Promise<Identity> {
  const roleArn = account.roleArn!;
  const provider = fromTemporaryCredentials({
    params: {
      RoleArn: roleArn,
      RoleSessionName: 'kube-security',
      ...(account.externalId !== undefined && {
        ExternalId: account.externalId,
      }),
    },
    ...(options.credentials && { masterCredentials: options.credentials }),
    clientConfig: {
      region: account.region,
      maxAttempts: options.maxAttempts,
      ...(account.endpoint && { endpoint: account.endpoint }),
    },
  });
  let cached: Promise<Identity> | undefined;
  return () => {
    if (cached) {
      const current = cached;
      return current.then(identity => {
        const expires = identity.expiration?.getTime();
        if (expires === undefined || expires - Date.now() > RENEW_BEFORE_MS) {
          return identity;
        }
        if (cached === current) cached = undefined;
        return assume();
      });
    }
    return assume();
  };

  function assume(): Promise<Identity> {
    const pending = provider().catch(e => {
      cached = undefined;
      const error = new Error(
        `Could not assume role ${roleArn} (sts:AssumeRole): ${describeError(
          e,
        )}`,
      );
      error.name = 'AssumeRoleFailed';
      throw error;
    });
    cached = pending;
    return pending;
  }
}

/** The SDK clients of one configured account, all on its region and endpoint. */
export function createClients(
  account: AwsAccountConfig,
  options: ClientOptions,
): AwsClients {
  const credentials = account.roleArn
    ? assumedRoleCredentials(account, options)
    : options.credentials; // undefined: the SDK's default credential chain
  const config = {
    region: account.region,
    maxAttempts: options.maxAttempts,
    retryMode: options.retryMode,
    ...(credentials && { credentials }),
    ...(account.endpoint && { endpoint: account.endpoint }),
    requestHandler: { connectionTimeout: 10_000, requestTimeout: 60_000 },
  };
  return {
    eks: new EKSClient(config),
    // IAM is global; the SDK resolves the partition's IAM endpoint from the region.
    iam: new IAMClient(config),
    ec2: new EC2Client(config),
    ecr: new ECRClient(config),
    cloudtrail: new CloudTrailClient(config),
  };
}

export function destroyClients(clients: AwsClients): void {
  Object.values(clients).forEach(client => client.destroy());
}
