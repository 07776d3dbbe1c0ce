import type { SnapshotIndex } from '../../../engine/SnapshotIndex';
import { gatekeeperProtections } from './gatekeeper';
import { kyvernoProtections } from './kyverno';
import type { Protection } from './types';
import { validatingAdmissionPolicyProtections } from './validatingAdmissionPolicy';

export { podSecurityConcerns, ENFORCE_LABEL } from './podSecurityAdmission';
export * from './types';

/** Every admission rule in the snapshot that judges pods for the three concerns. */
export function admissionProtections(index: SnapshotIndex): Protection[] {
  return [
    ...kyvernoProtections(index),
    ...gatekeeperProtections(index),
    ...validatingAdmissionPolicyProtections(index),
  ];
}

/** Policy kinds the scan reads (Gatekeeper constraint kinds vary per template). */
export const POLICY_KINDS = [
  'ClusterPolicy',
  'Policy',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
];
