import { roleRuleCheck } from './rbac';
import { createsPersistentVolumes } from './rbac-matchers';

/** Roles that create PersistentVolumes (CIS 5.1.9): a hostPath volume opens the node's disk. */
export const persistentVolumeCreationCheck = roleRuleCheck({
  slug: 'persistent-volume-creation',
  severity: 'high',
  match: createsPersistentVolumes,
  describe: () =>
    "can create PersistentVolumes, and a hostPath volume gives a pod the node's file system",
});
