import type { StoredCatalog } from '../domain/catalog';
import { csvOwnersFromCatalog } from './csvOwnership';

const catalog = {
  hash: 'h',
  claims: {},
  entities: [
    {
      ref: 'component:default/shop',
      kind: 'Component',
      ownerRefs: [
        'group:default/payments',
        'user:default/ann',
        'group:default/ops',
      ],
    },
  ],
  teams: [
    {
      ref: 'group:default/payments',
      name: 'payments',
      title: 'Payments',
      childRefs: [],
    },
  ],
} as unknown as StoredCatalog;

describe('csvOwnersFromCatalog', () => {
  it('lists the owners and names the teams among them', () => {
    const ownersOf = csvOwnersFromCatalog(catalog);
    expect(ownersOf('Component:default/Shop')).toEqual({
      owners: [
        'group:default/payments',
        'user:default/ann',
        'group:default/ops',
      ],
      teams: ['Payments', 'ops'],
    });
  });

  it('knows no owner for an entity outside the mapping, or without a mapping', () => {
    expect(
      csvOwnersFromCatalog(catalog)('component:default/gone'),
    ).toBeUndefined();
    expect(
      csvOwnersFromCatalog(undefined)('component:default/shop'),
    ).toBeUndefined();
  });
});
