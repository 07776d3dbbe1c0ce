import path from 'path';
import { manifestFile } from '../../cloud/__testUtils__/harness';
import type { KubeObject } from '../../../snapshot/types';

/** Nodes (two public, one zone) and a kube-proxy DaemonSet only. */
export function nodesBad(): KubeObject[] {
  return manifestFile(path.join(__dirname, '../__fixtures__/nodes-bad.yaml'));
}

/** Nodes (private, three zones), a Cilium DaemonSet and an IRSA-annotated ServiceAccount. */
export function nodesGood(): KubeObject[] {
  return manifestFile(path.join(__dirname, '../__fixtures__/nodes-good.yaml'));
}

/** A kube-apiserver static Pod whose flags disable both webhook admission plugins. */
export function apiServerBad(): KubeObject[] {
  return manifestFile(
    path.join(__dirname, '../__fixtures__/apiserver-bad.yaml'),
  );
}

/** The same static Pod with the default plugins, and a registered webhook. */
export function apiServerGood(): KubeObject[] {
  return manifestFile(
    path.join(__dirname, '../__fixtures__/apiserver-good.yaml'),
  );
}
