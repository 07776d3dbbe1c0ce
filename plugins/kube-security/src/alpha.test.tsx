import { Entity } from '@backstage/catalog-model';
import {
  ApiBlueprint,
  coreExtensionData,
} from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import kubeSecurityPlugin, {
  entityKubeSecurityContent,
  entityTeamSecurityScorecardCard,
  kubeSecurityPage,
} from './alpha';
import { kubeSecurityApiRef } from './api';

function entity(
  kind: string,
  annotations: Record<string, string> = {},
  spec: Entity['spec'] = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'x', annotations },
    spec,
  };
}

describe('kube-security on the new frontend system', () => {
  it('provides the client, the page, the Security tab and the scorecard card', () => {
    expect(kubeSecurityPlugin.pluginId).toBe('kube-security');
    for (const id of [
      'api:kube-security',
      'page:kube-security',
      'entity-content:kube-security',
      'entity-card:kube-security/team-scorecard',
    ]) {
      expect(kubeSecurityPlugin.getExtension(id as any)).toBeDefined();
    }
  });

  it('registers a factory for the Kube Security API', () => {
    const tester = createExtensionTester(
      kubeSecurityPlugin.getExtension('api:kube-security'),
    );
    const factory = tester.get(ApiBlueprint.dataRefs.factory);
    expect(factory.api.id).toBe(kubeSecurityApiRef.id);
    expect(Object.keys(factory.deps).sort()).toEqual([
      'discoveryApi',
      'fetchApi',
    ]);
  });

  it('mounts the overview at /kube-security as a navigation item titled Security', () => {
    const tester = createExtensionTester(kubeSecurityPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/kube-security');
    expect(tester.get(coreExtensionData.title)).toBe('Security');
    expect(tester.get(coreExtensionData.icon)).toBeTruthy();
    // The page uses the plugin's root route, which the legacy route ref resolves to.
    expect(tester.get(coreExtensionData.routeRef)).toBe(
      kubeSecurityPlugin.routes.root,
    );
  });

  it('shows the Security tab only where findings can map to the entity', () => {
    const tester = createExtensionTester(entityKubeSecurityContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('/kube-security');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Security');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(
      filter(
        entity('Component', { 'backstage.io/kubernetes-id': 'storefront' }),
      ),
    ).toBe(true);
    expect(
      filter(
        entity('Component', {
          'backstage.io/kubernetes-label-selector': 'app=cart',
        }),
      ),
    ).toBe(true);
    expect(filter(entity('Resource', {}, { type: 'kubernetes-cluster' }))).toBe(
      true,
    );
    expect(filter(entity('Component'))).toBe(false);
    expect(filter(entity('Resource', {}, { type: 'database' }))).toBe(false);
  });

  it('puts the scorecard card on Group pages only', () => {
    const tester = createExtensionTester(entityTeamSecurityScorecardCard);
    const predicate = tester.get(EntityCardBlueprint.dataRefs.filterFunction);
    expect(predicate).toBeDefined();
    expect(predicate!(entity('Group'))).toBe(true);
    expect(predicate!(entity('Component'))).toBe(false);
  });
});
