/**
 * Test helpers for code that collects from Kubernetes: a local HTTP server that speaks the
 * Kubernetes list API with programmable faults.
 *
 * @packageDocumentation
 */
export * from './collect/testing';
