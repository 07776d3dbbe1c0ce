import { describeScope, parseActor } from './describe';

describe('decision wording', () => {
  it('names users, annotations and the expiry job', () => {
    expect(parseActor('user:default/jane.doe')).toEqual({
      type: 'entity',
      ref: 'user:default/jane.doe',
      name: 'jane.doe',
    });
    expect(
      parseActor('annotation:eks-prod-eu/Deployment/payments/payments-api'),
    ).toEqual({
      type: 'annotation',
      text: 'Annotation on Deployment payments/payments-api on eks-prod-eu',
    });
    expect(parseActor('system')).toEqual({
      type: 'system',
      text: 'System (expiry)',
    });
  });

  it('says what an exception covers', () => {
    const resource = {
      cluster: 'eks-prod-eu',
      kind: 'Deployment',
      namespace: 'payments',
      name: 'payments-api',
    };
    expect(describeScope({ scope: 'item' })).toBe('The whole item');
    expect(
      describeScope({
        scope: 'check',
        checkId: 'workload-admission-policy/privileged-container',
        resource,
      }),
    ).toMatch(
      /^.+ on Deployment payments\/payments-api on eks-prod-eu \(all containers\)$/,
    );
    expect(describeScope({ scope: 'finding', resource })).toBe(
      'One finding on Deployment payments/payments-api on eks-prod-eu',
    );
  });
});
