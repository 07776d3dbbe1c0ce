import { readFileSync } from 'fs';
import { resolve } from 'path';
import { AwsEksCollector } from './collector/AwsEksCollector';
import { FakeAwsServer } from './__testUtils__/FakeAwsServer';
import { ACCOUNT, REGION, ROLE, exampleState } from './__testUtils__/scenario';

const DOC = resolve(__dirname, '../../../docs/cloud/aws.md');

/** Actions of every IAM policy document (JSON code block with a Statement) in the doc. */
function documentedActions(): Set<string> {
  const text = readFileSync(DOC, 'utf8');
  const actions = new Set<string>();
  for (const [, block] of text.matchAll(/```json\n([\s\S]*?)```/g)) {
    const policy = JSON.parse(block);
    for (const statement of policy.Statement ?? []) {
      if (statement.Principal) continue; // a trust policy grants nothing to the module
      for (const action of [statement.Action].flat()) actions.add(action);
    }
  }
  return actions;
}

describe('the least-privilege policy in docs/cloud/aws.md', () => {
  it('lists exactly the actions a full collection calls', async () => {
    const fake = await FakeAwsServer.start(exampleState());
    const collector = new AwsEksCollector({
      config: {
        accounts: [
          {
            accountId: ACCOUNT,
            region: REGION,
            roleArn: ROLE,
            externalId: 'kube-security-ext-42',
            endpoint: fake.url,
            clusters: [{ name: 'payments', eksClusterName: 'payments-prod' }],
            configKey: 'kubeSecurity.aws.accounts[0]',
          },
        ],
        maxAttempts: 2,
        retryMode: 'standard',
      },
      credentials: fake.credentials,
    });
    try {
      const { unreadable } = await collector.collect('payments');
      expect(unreadable).toEqual([]);
      const called = new Set(fake.requests.map(r => r.action));
      expect([...documentedActions()].sort()).toEqual([...called].sort());
    } finally {
      collector.close();
      await fake.stop();
    }
  });
});
