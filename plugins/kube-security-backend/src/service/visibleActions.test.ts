import type { TeamAction } from '@kube-security/plugin-kube-security-common';
import { visibleActions } from './visibleActions';

const item: TeamAction['item'] = {
  itemId: 'workload-rbac-least-privilege',
  category: 'workload',
  title: 'RBAC',
  status: 'fail',
  priority: 200,
  affected: 3,
  exposed: 0,
  findings: [],
};

const merged: TeamAction = {
  entityRef: 'resource:default/c1',
  entityTitle: 'Cluster one',
  item,
  affectedEntities: [
    { entityRef: 'component:default/cart', title: 'Cart' },
    { entityRef: 'component:default/web', title: 'Web' },
    { entityRef: 'resource:default/c1', title: 'Cluster one' },
  ],
  fixBy: [
    {
      cluster: 'c1',
      entityRef: 'resource:default/c1',
      ownerRefs: ['group:default/platform'],
      grants: [{ kind: 'ClusterRoleBinding', name: 'cart-admin' }],
    },
  ],
};

const plain: TeamAction = { entityRef: 'component:default/db', item };

describe('visibleActions', () => {
  it('names an action after an entity the caller sees when its own is hidden', () => {
    const sees = (ref: string) => ref.startsWith('component:');
    expect(visibleActions([merged, plain], sees)).toEqual([
      {
        entityRef: 'component:default/cart',
        entityTitle: 'Cart',
        item,
        affectedEntities: [
          { entityRef: 'component:default/cart', title: 'Cart' },
          { entityRef: 'component:default/web', title: 'Web' },
        ],
      },
      plain,
    ]);
  });

  it('counts only the resources of the entities the caller sees', () => {
    const counted: TeamAction = {
      ...merged,
      item: { ...item, severity: 'critical', exposed: 1 },
      affectedEntities: [
        {
          entityRef: 'component:default/cart',
          title: 'Cart',
          affected: 1,
          exposed: 0,
          severity: 'high',
        },
        {
          entityRef: 'component:default/web',
          title: 'Web',
          affected: 1,
          exposed: 0,
          severity: 'medium',
        },
        {
          entityRef: 'resource:default/c1',
          title: 'Cluster one',
          affected: 1,
          exposed: 1,
          severity: 'critical',
        },
      ],
    };
    const [action] = visibleActions([counted], ref =>
      ref.startsWith('component:'),
    );
    expect(action.item).toEqual({
      ...item,
      affected: 2,
      exposed: 0,
      severity: 'high',
    });
    expect(action.affectedEntities?.map(e => e.entityRef)).toEqual([
      'component:default/cart',
      'component:default/web',
    ]);
    // Seeing every entity, the merged counts stay as they are.
    expect(visibleActions([counted], () => true)).toEqual([counted]);
  });

  it('drops an action whose entities are all hidden', () => {
    const sees = (ref: string) => ref === 'component:default/db';
    expect(visibleActions([merged, plain], sees)).toEqual([plain]);
  });

  it('changes nothing for a caller who sees everything', () => {
    expect(visibleActions([merged, plain], () => true)).toEqual([
      merged,
      plain,
    ]);
  });
});
