import fc from 'fast-check';
import {
  evaluate,
  parseManifestText,
  snapshotFromManifests,
} from '@kube-security/plugin-kube-security-node';
import { hostileManifestText } from '../__testUtils__/hostileManifests';

/**
 * Property: whatever text a manifest file holds, reading it never throws, every problem names
 * the file, and the engine evaluates whatever was read (as manifests and as a whole cluster)
 * without throwing. 1,000 generated texts per run; a failure prints the shrunk text.
 */
describe('hostile manifests', () => {
  it('are read and evaluated without a crash, every error naming the file', () => {
    fc.assert(
      fc.property(hostileManifestText, text => {
        const parsed = parseManifestText(text, 'fuzz.yaml');
        for (const error of parsed.errors) {
          expect(error.file).toBe('fuzz.yaml');
          expect(typeof error.message).toBe('string');
          expect(error.message.length).toBeGreaterThan(0);
        }
        for (const scope of ['manifests', 'cluster'] as const) {
          const result = evaluate(
            snapshotFromManifests(parsed, { scope, provider: 'eks' }),
          );
          expect(Array.isArray(result.findings)).toBe(true);
          for (const finding of result.findings) {
            expect(typeof finding.message).toBe('string');
          }
        }
      }),
      { numRuns: 1_000, seed: Number(process.env.FUZZ_SEED ?? 20261205) },
    );
  }, 180_000);
});
