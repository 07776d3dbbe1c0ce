import { ConfigReader } from '@backstage/config';
import { readAwsConfig } from './config';

type JsonObject = NonNullable<ConstructorParameters<typeof ConfigReader>[0]>;

function read(aws: JsonObject[string]) {
  return readAwsConfig(new ConfigReader({ kubeSecurity: { aws } }));
}

const cluster = { name: 'payments' };

describe('readAwsConfig', () => {
  it('returns undefined without a kubeSecurity.aws section', () => {
    expect(readAwsConfig(new ConfigReader({}))).toBeUndefined();
    expect(
      readAwsConfig(new ConfigReader({ kubeSecurity: { frequency: 'PT1H' } })),
    ).toBeUndefined();
  });

  it('reads accounts with defaults', () => {
    expect(
      read({
        accounts: [
          {
            accountId: '111122223333',
            region: 'eu-west-1',
            roleArn: 'arn:aws:iam::111122223333:role/kube-security-read',
            externalId: 'ext-1',
            endpoint: 'http://127.0.0.1:4566',
            clusters: [
              cluster,
              {
                name: 'search',
                eksClusterName: 'search-prod',
                frequency: 'PT30M',
              },
            ],
          },
          { region: 'us-gov-west-1', clusters: [{ name: 'gov' }] },
        ],
      }),
    ).toEqual({
      maxAttempts: 5,
      retryMode: 'standard',
      accounts: [
        {
          accountId: '111122223333',
          region: 'eu-west-1',
          roleArn: 'arn:aws:iam::111122223333:role/kube-security-read',
          externalId: 'ext-1',
          endpoint: 'http://127.0.0.1:4566',
          configKey: 'kubeSecurity.aws.accounts[0]',
          clusters: [
            { name: 'payments', eksClusterName: 'payments' },
            {
              name: 'search',
              eksClusterName: 'search-prod',
              frequency: 'PT30M',
            },
          ],
        },
        {
          region: 'us-gov-west-1',
          configKey: 'kubeSecurity.aws.accounts[1]',
          clusters: [{ name: 'gov', eksClusterName: 'gov' }],
        },
      ],
    });
  });

  it('reads the retry settings', () => {
    expect(
      read({
        maxAttempts: 8,
        retryMode: 'adaptive',
        accounts: [{ region: 'eu-west-1', clusters: [cluster] }],
      }),
    ).toMatchObject({ maxAttempts: 8, retryMode: 'adaptive' });
  });

  it.each([
    [{ accounts: [] }, 'kubeSecurity.aws.accounts is missing or empty'],
    [
      { accounts: [{ clusters: [cluster] }] },
      'kubeSecurity.aws.accounts[0].region is missing',
    ],
    [
      { accounts: [{ region: 'Ireland', clusters: [cluster] }] },
      'kubeSecurity.aws.accounts[0].region is "Ireland"',
    ],
    [
      { accounts: [{ region: 'eu-west-1', clusters: [] }] },
      'kubeSecurity.aws.accounts[0].clusters is missing or empty',
    ],
    [
      {
        accounts: [
          { region: 'eu-west-1', accountId: '1234', clusters: [cluster] },
        ],
      },
      'kubeSecurity.aws.accounts[0].accountId is "1234"; expected a 12-digit AWS account id',
    ],
    [
      {
        accounts: [
          {
            region: 'eu-west-1',
            roleArn: 'kube-security',
            clusters: [cluster],
          },
        ],
      },
      'kubeSecurity.aws.accounts[0].roleArn is "kube-security"',
    ],
    [
      {
        accounts: [
          { region: 'eu-west-1', externalId: 'x', clusters: [cluster] },
        ],
      },
      'kubeSecurity.aws.accounts[0].externalId is set but roleArn is not',
    ],
    [
      {
        accounts: [
          {
            region: 'eu-west-1',
            endpoint: 'localhost:4566',
            clusters: [cluster],
          },
        ],
      },
      'kubeSecurity.aws.accounts[0].endpoint is "localhost:4566"; expected an http(s) URL',
    ],
    [
      { accounts: [{ region: 'eu-west-1', clusters: [{ name: 'prod eu' }] }] },
      'kubeSecurity.aws.accounts[0].clusters[0].name is "prod eu", which is not a valid EKS cluster name; set kubeSecurity.aws.accounts[0].clusters[0].eksClusterName',
    ],
    [
      {
        accounts: [
          {
            region: 'eu-west-1',
            clusters: [{ name: 'a', frequency: 'hourly' }],
          },
        ],
      },
      'kubeSecurity.aws.accounts[0].clusters[0].frequency is "hourly"',
    ],
    [
      {
        accounts: [
          { region: 'eu-west-1', clusters: [cluster] },
          { region: 'us-east-1', clusters: [cluster] },
        ],
      },
      'kubeSecurity.aws.accounts[1].clusters[0].name repeats the cluster name "payments" of kubeSecurity.aws.accounts[0].clusters[0].name',
    ],
    [
      {
        maxAttempts: 0,
        accounts: [{ region: 'eu-west-1', clusters: [cluster] }],
      },
      'kubeSecurity.aws.maxAttempts is 0',
    ],
    [
      {
        retryMode: 'legacy',
        accounts: [{ region: 'eu-west-1', clusters: [cluster] }],
      },
      'kubeSecurity.aws.retryMode is "legacy"',
    ],
  ])('rejects %j naming the key', (aws, message) => {
    expect(() => read(aws)).toThrow(message);
  });

  it('reports a value of the wrong type with its full key', () => {
    expect(() =>
      read({ accounts: [{ region: 'eu-west-1', clusters: [{ name: 42 }] }] }),
    ).toThrow(/kubeSecurity\.aws\.accounts\[0\]\.clusters\[0\]\.name/);
  });
});
