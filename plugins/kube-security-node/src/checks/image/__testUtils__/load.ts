import path from 'path';
import {
  manifestFile,
  manifests,
  snapshotWith,
} from '../../cloud/__testUtils__/harness';
import type { Snapshot } from '../../../snapshot/types';

/** Snapshots of the image fixtures (manifest scope, as the CLI would read them). */
export function imagesBad(): Snapshot {
  return snapshotWith({
    objects: manifestFile(
      path.join(__dirname, '../__fixtures__/images-bad.yaml'),
    ),
    scope: 'manifests',
  });
}

export function imagesGood(): Snapshot {
  return snapshotWith({
    objects: manifestFile(
      path.join(__dirname, '../__fixtures__/images-good.yaml'),
    ),
    scope: 'manifests',
  });
}

/** A snapshot with one Deployment `team/app` whose single container is `container`. */
export function oneContainer(
  container: Record<string, unknown>,
  podSpec: Record<string, unknown> = {},
): Snapshot {
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'app', namespace: 'team' },
    spec: {
      selector: { matchLabels: { app: 'app' } },
      template: {
        metadata: { labels: { app: 'app' } },
        spec: { ...podSpec, containers: [{ name: 'main', ...container }] },
      },
    },
  };
  return snapshotWith({
    objects: manifests(JSON.stringify(deployment)),
    scope: 'manifests',
  });
}

export const WEB = 'Deployment:shop/web';
export const API = 'Deployment:payments/api';
export const REPORT = 'CronJob:ops/report';
