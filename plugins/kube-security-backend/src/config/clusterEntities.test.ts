import { ConfigReader } from '@backstage/config';
import { readKubeSecurityConfig } from './readConfig';

const read = (kubeSecurity: object) =>
  readKubeSecurityConfig(new ConfigReader({ kubeSecurity }));

describe('cluster pins and retired clusters in the config', () => {
  it('reads clusterEntities and per-cluster entity as normalized refs', () => {
    const config = read({
      clusterEntities: { 'eks-prod-eu': 'Resource:default/EKS-Prod-EU' },
      snapshots: [
        { name: 'gke-analytics', directory: 'x', entity: 'gke-analytics' },
      ],
    });
    expect(config.clusterEntities).toEqual({
      'eks-prod-eu': 'resource:default/eks-prod-eu',
      'gke-analytics': 'resource:default/gke-analytics',
    });
    expect(config.retiredClusterRetentionDays).toBe(30);
  });

  it('refuses a cluster pinned to two entities and a ref that is not one', () => {
    expect(() =>
      read({
        clusterEntities: { a: 'resource:default/a' },
        snapshots: [
          { name: 'a', directory: 'x', entity: 'resource:default/b' },
        ],
      }),
    ).toThrow(
      'cluster a is pinned to resource:default/a in kubeSecurity.clusterEntities and to resource:default/b in kubeSecurity.snapshots[0].entity',
    );
    expect(() => read({ clusterEntities: { a: 'resource:default/' } })).toThrow(
      'kubeSecurity.clusterEntities.a is "resource:default/"; expected an entity ref',
    );
  });

  it('reads the retention of retired clusters as whole days', () => {
    expect(
      read({ retiredClusterRetentionDays: 7 }).retiredClusterRetentionDays,
    ).toBe(7);
    expect(() => read({ retiredClusterRetentionDays: 0 })).toThrow(
      'retiredClusterRetentionDays is 0',
    );
  });
});
