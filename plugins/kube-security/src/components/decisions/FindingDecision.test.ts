import { Finding, PlanItem } from '@kube-security/plugin-kube-security-common';
import { describeFinding, findingDecisionState } from './FindingDecision';

const finding: Finding = {
  id: 'f1',
  checkId: 'workload-admission-policy/privileged-container',
  itemId: 'workload-admission-policy',
  category: 'workload',
  status: 'fail',
  severity: 'critical',
  message: 'Container web runs privileged',
  resource: {
    cluster: 'eks-prod-eu',
    namespace: 'shop',
    kind: 'Deployment',
    name: 'web',
    container: 'web',
  },
};

const item = (status: PlanItem['status']): PlanItem => ({
  itemId: 'workload-admission-policy',
  category: 'workload',
  title: 'Admission',
  status,
  priority: 1,
  affected: 1,
  exposed: 0,
  findings: [finding],
});

describe('findingDecisionState', () => {
  it('says a finding is open, accepted until a day by someone, or attested', () => {
    expect(findingDecisionState(item('fail'), finding)).toBe('Open');
    expect(
      findingDecisionState(item('fail'), {
        ...finding,
        accepted: {
          scope: 'finding',
          justification: 'Replaced next sprint',
          createdBy: 'user:default/alice',
          expiresAt: '2027-01-10T23:59:59.999Z',
          source: 'user',
        },
      }),
    ).toBe('Accepted until Jan 10, 2027 by alice');
    expect(findingDecisionState(item('attested'), finding)).toBe('Attested');
  });
});

describe('describeFinding', () => {
  it('names the check and the resource, container and cluster', () => {
    expect(describeFinding(finding)).toMatch(
      /^.+ on Deployment shop\/web, container web on eks-prod-eu$/,
    );
    expect(describeFinding({ ...finding, checkId: 'unknown/check' })).toBe(
      'Container web runs privileged on Deployment shop/web, container web on eks-prod-eu',
    );
  });
});
