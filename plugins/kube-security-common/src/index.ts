/**
 * Common library of Kube Security: shared types, the action-plan catalog,
 * scoring, prioritisation and permissions.
 *
 * @packageDocumentation
 */

export * from './types';
export * from './catalog';
export * from './severity';
export * from './scoring';
export * from './share';
export * from './plan';
export * from './permissions';
export * from './findingConditions';
export * from './decisions';
export * from './entityFacts';
export * from './standards';
export * from './labels';
export * from './placeholders';
export * from './fixTargets';
export * from './overview';
