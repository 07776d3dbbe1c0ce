import fs from 'fs';
import path from 'path';
import type { Provider } from '@kube-security/plugin-kube-security-common';
import { buildIndex } from '../../../engine/buildIndex';
import type { Check, RawFinding } from '../../../engine/check';
import {
  DEFAULT_ENGINE_OPTIONS,
  type EngineOptions,
} from '../../../engine/options';
import { parseCloudDescriptor } from '../../../snapshot/cloud';
import { parseManifestText } from '../../../snapshot/parse';
import type {
  CloudDescriptor,
  KubeObject,
  Snapshot,
} from '../../../snapshot/types';

/** Test helpers for the cloud, cluster and image checks (not shipped: tests only). */

export const CLOUD_FIXTURES = path.resolve(
  __dirname,
  '../../__fixtures__/cloud',
);

export type FixtureName = `${Provider}-${'good' | 'bad'}`;

/** A descriptor fixture, read through the real parser (so the fixtures stay parseable). */
export function loadDescriptor(name: FixtureName): CloudDescriptor {
  const file = path.join(CLOUD_FIXTURES, `${name}.json`);
  const { descriptor, errors } = parseCloudDescriptor(
    fs.readFileSync(file, 'utf8'),
    file,
  );
  if (!descriptor || errors.length) {
    throw new Error(
      `fixture ${name}: ${errors.map(e => e.message).join('; ')}`,
    );
  }
  return descriptor;
}

/** A copy of a fixture descriptor, changed by `edit`. */
export function editDescriptor(
  name: FixtureName,
  edit: (d: any) => void,
): CloudDescriptor {
  const copy = JSON.parse(JSON.stringify(loadDescriptor(name)));
  edit(copy);
  return copy;
}

/** Kubernetes objects from a manifest text, through the real manifest parser. */
export function manifests(text: string): KubeObject[] {
  const { objects, errors } = parseManifestText(text, 'test.yaml');
  if (errors.length) throw new Error(errors.map(e => e.message).join('; '));
  return objects;
}

export function manifestFile(file: string): KubeObject[] {
  return manifests(fs.readFileSync(file, 'utf8'));
}

export function snapshotWith(options: {
  cloud?: CloudDescriptor;
  objects?: KubeObject[];
  scope?: Snapshot['scope'];
  cluster?: string;
}): Snapshot {
  const snapshot: Snapshot = {
    cluster: options.cluster ?? 'test-cluster',
    scope: options.scope ?? 'cluster',
    objects: options.objects ?? [],
  };
  if (options.cloud) {
    snapshot.cloud = options.cloud;
    snapshot.provider = options.cloud.provider;
  }
  return snapshot;
}

export interface CheckOutcome {
  evidence: boolean;
  findings: RawFinding[];
  /** One line per finding: `status Kind[:namespace]/name[#container] @ evidencePath`. */
  lines: string[];
}

export function findingLine(f: RawFinding): string {
  const r = f.resource;
  const where = `${r.kind}${r.namespace ? `:${r.namespace}` : ''}/${r.name}${
    r.container ? `#${r.container}` : ''
  }`;
  return `${f.status ?? 'fail'} ${where} @ ${f.evidencePath ?? '-'}`;
}

export function runCheck(
  check: Check,
  snapshot: Snapshot,
  options: Partial<EngineOptions> = {},
): CheckOutcome {
  const findings: RawFinding[] = [];
  const evidence = check.run({
    index: buildIndex(snapshot),
    options: { ...DEFAULT_ENGINE_OPTIONS, ...options },
    report: f => findings.push(f),
  });
  return { evidence, findings, lines: findings.map(findingLine) };
}

/** Runs a check on a descriptor alone (no Kubernetes objects). */
export function runOnCloud(check: Check, cloud: CloudDescriptor): CheckOutcome {
  return runCheck(check, snapshotWith({ cloud }));
}

/** A descriptor with nothing but the cluster name: every check must say "no evidence". */
export function bareDescriptor(provider: Provider): CloudDescriptor {
  return { provider, cluster: { name: 'bare' } } as CloudDescriptor;
}
