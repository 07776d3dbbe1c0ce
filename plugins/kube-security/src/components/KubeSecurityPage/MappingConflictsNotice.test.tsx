import { screen, within } from '@testing-library/react';
import type { MappingConflict } from '@kube-security/plugin-kube-security-common';
import { CLUSTERS, mockKubeSecurityApi } from '../../__testUtils__/fixtures';
import { renderWithApi } from '../../__testUtils__/render';
import { OverviewPage } from './OverviewPage';

const conflict: MappingConflict = {
  kind: 'cluster',
  cluster: 'eks-prod-eu',
  subject: 'cluster eks-prod-eu',
  claimants: ['resource:default/aaa-eks', 'resource:default/eks-prod-eu'],
  keptBy: 'resource:default/eks-prod-eu',
  message:
    'resource:default/aaa-eks and resource:default/eks-prod-eu all claim cluster eks-prod-eu',
};

describe('mapping conflicts on the overview', () => {
  it('shows each refused claim with who keeps the findings', async () => {
    const api = mockKubeSecurityApi({
      getClusters: async () => ({
        clusters: CLUSTERS,
        mappingConflicts: [
          conflict,
          {
            ...conflict,
            kind: 'catch-all-selector',
            subject: 'label selector',
            claimants: ['component:default/everything'],
            keptBy: undefined,
            message:
              'component:default/everything: its label selector sets no label to a value',
          },
        ],
      }),
    });
    await renderWithApi(<OverviewPage />, api);
    const notice = await screen.findByRole('alert', {
      name: '2 mapping conflicts',
    });
    expect(notice).toHaveTextContent(
      'cluster eks-prod-eu: claimed by resource:default/aaa-eks, resource:default/eks-prod-eu; kept by resource:default/eks-prod-eu',
    );
    expect(notice).toHaveTextContent(
      'label selector: claimed by component:default/everything; refused',
    );
  });

  it('shows nothing without conflicts', async () => {
    await renderWithApi(<OverviewPage />, mockKubeSecurityApi());
    await screen.findByRole('table', { name: 'Teams' });
    expect(
      screen.queryByRole('alert', { name: /mapping conflict/ }),
    ).toBeNull();
  });
});

describe('retired clusters on the overview', () => {
  it('says that a removed cluster is no longer scored', async () => {
    const api = mockKubeSecurityApi({
      getClusters: async () => ({
        clusters: [
          ...CLUSTERS.filter(c => !c.stale),
          {
            name: 'old-cluster',
            source: 'snapshot',
            stale: false,
            retiredAt: '2026-12-01T00:00:00.000Z',
          },
        ],
      }),
    });
    await renderWithApi(<OverviewPage />, api);
    const card = await screen.findByRole('group', {
      name: 'Cluster old-cluster',
    });
    expect(
      within(card).getByText(
        'Removed from the configuration: findings kept, not scored',
      ),
    ).toBeInTheDocument();
  });
});
