import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { readFileSync } from 'fs';
import { resolve } from 'path';
import { parseAllDocuments } from 'yaml';

/** The repository's examples/ folder. */
export const EXAMPLES_DIR = resolve(__dirname, '../../../../examples');

function ref(kind: string, name: string) {
  return stringifyEntityRef({ kind, namespace: 'default', name });
}

/**
 * The example organization as the catalog would serve it, including the relations the
 * catalog computes (ownedBy, childOf, parentOf), which the catalog mock does not add.
 */
export function loadExampleCatalog(): Entity[] {
  const entities: Entity[] = [];
  for (const file of [
    'org.yaml',
    'systems.yaml',
    'components.yaml',
    'clusters.yaml',
  ]) {
    const text = readFileSync(resolve(EXAMPLES_DIR, file), 'utf8');
    for (const doc of parseAllDocuments(text)) {
      const entity = doc.toJS() as Entity;
      if (entity)
        entities.push({
          ...entity,
          metadata: { namespace: 'default', ...entity.metadata },
        });
    }
  }
  for (const entity of entities) {
    const spec = (entity.spec ?? {}) as {
      owner?: string;
      parent?: string;
      children?: string[];
    };
    const relations: Entity['relations'] = [];
    if (spec.owner)
      relations.push({ type: 'ownedBy', targetRef: ref('group', spec.owner) });
    if (entity.kind === 'Group') {
      if (spec.parent)
        relations.push({
          type: 'childOf',
          targetRef: ref('group', spec.parent),
        });
      for (const child of spec.children ?? []) {
        relations.push({ type: 'parentOf', targetRef: ref('group', child) });
      }
    }
    entity.relations = relations;
  }
  return entities;
}

/** Snapshot folders of the example clusters, as kubeSecurity.snapshots config. */
export const EXAMPLE_SNAPSHOTS = [
  {
    name: 'eks-prod-eu',
    provider: 'eks',
    directory: resolve(EXAMPLES_DIR, 'clusters/eks-prod-eu'),
  },
  {
    name: 'gke-analytics',
    provider: 'gke',
    directory: resolve(EXAMPLES_DIR, 'clusters/gke-analytics'),
  },
  {
    name: 'aks-shared',
    provider: 'aks',
    directory: resolve(EXAMPLES_DIR, 'clusters/aks-shared'),
  },
];
