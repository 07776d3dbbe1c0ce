import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  createKubeSecurityFindingConditionalDecision,
  kubeSecurityFindingConditions,
  kubeSecurityFindingsReadPermission,
} from '@kube-security/plugin-kube-security-common';
import {
  authorizeFinding,
  createFindingConditionalDecision,
  kubeSecurityFindingRuleConditions,
} from './findingRules';

describe('the plugin permission rules on findings', () => {
  it('builds the same conditions as the dependency-free builders of -common', () => {
    const owner = { claims: ['group:default/data'] };
    const cluster = { clusters: ['gke-analytics'] };
    const severity = { severities: ['critical' as const] };
    expect(kubeSecurityFindingRuleConditions.isOwner(owner)).toEqual(
      kubeSecurityFindingConditions.isOwner(owner),
    );
    expect(kubeSecurityFindingRuleConditions.inCluster(cluster)).toEqual(
      kubeSecurityFindingConditions.inCluster(cluster),
    );
    expect(kubeSecurityFindingRuleConditions.hasSeverity(severity)).toEqual(
      kubeSecurityFindingConditions.hasSeverity(severity),
    );
    const criteria = kubeSecurityFindingConditions.isOwner(owner);
    expect(
      createKubeSecurityFindingConditionalDecision(
        kubeSecurityFindingsReadPermission,
        criteria,
      ),
    ).toEqual(
      createFindingConditionalDecision(
        kubeSecurityFindingsReadPermission,
        criteria,
      ),
    );
  });

  it('applies owner, cluster and severity, combined with allOf, anyOf and not', () => {
    const decision = createFindingConditionalDecision(
      kubeSecurityFindingsReadPermission,
      {
        anyOf: [
          kubeSecurityFindingConditions.isOwner({
            claims: ['Group:default/Data'],
          }),
          {
            allOf: [
              kubeSecurityFindingConditions.inCluster({
                clusters: ['eks-prod-eu'],
              }),
              {
                not: kubeSecurityFindingConditions.hasSeverity({
                  severities: ['low', 'info'],
                }),
              },
            ],
          },
        ],
      },
    );
    const finding = (over: object) => ({
      ownerRefs: [],
      cluster: 'gke-analytics',
      severity: 'low' as const,
      ...over,
    });
    expect(
      authorizeFinding(
        decision,
        finding({ ownerRefs: ['group:default/data'] }),
      ),
    ).toBe(true);
    expect(authorizeFinding(decision, finding({}))).toBe(false);
    expect(
      authorizeFinding(
        decision,
        finding({ cluster: 'eks-prod-eu', severity: 'high' }),
      ),
    ).toBe(true);
    expect(
      authorizeFinding(decision, finding({ cluster: 'eks-prod-eu' })),
    ).toBe(false);
    // An entity-level record has no cluster or severity: only the owner rule can admit it.
    expect(authorizeFinding(decision, { ownerRefs: [] })).toBe(false);
    expect(
      authorizeFinding({ result: AuthorizeResult.ALLOW }, { ownerRefs: [] }),
    ).toBe(true);
    expect(
      authorizeFinding({ result: AuthorizeResult.DENY }, finding({})),
    ).toBe(false);
  });
});
