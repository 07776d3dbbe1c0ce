import type { Check } from '../engine/check';
import { cloudChecks } from './cloud';
import { clusterChecks } from './cluster';
import { imageChecks } from './image';
import { workloadChecks } from './workload';

export { cloudChecks, clusterChecks, imageChecks, workloadChecks };

/** Every check the engine runs, grouped by category in plan order. */
export const ALL_CHECKS: readonly Check[] = [
  ...cloudChecks,
  ...clusterChecks,
  ...workloadChecks,
  ...imageChecks,
];
