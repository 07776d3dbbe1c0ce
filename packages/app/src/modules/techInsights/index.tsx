import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { isKubeSecurityAvailable } from '@kube-security/plugin-kube-security';

/**
 * The demo's Tech Insights scorecard on the entity overview: the checks the Tech Insights
 * backend runs on facts (Kube Security's among them), on teams and on the entities Kube
 * Security can map findings to.
 */
export const techInsightsScorecardCard = EntityCardBlueprint.make({
  name: 'tech-insights-scorecard',
  params: {
    filter: entity =>
      entity.kind === 'Group' || isKubeSecurityAvailable(entity),
    loader: () =>
      import('./TechInsightsScorecardCard').then(m => (
        <m.TechInsightsScorecardCard />
      )),
  },
});

/** Adds the scorecard card to the catalog's entity pages. */
export const techInsightsModule = createFrontendModule({
  pluginId: 'catalog',
  extensions: [techInsightsScorecardCard],
});
