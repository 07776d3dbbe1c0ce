import { mockServices } from '@backstage/backend-test-utils';
import type { Stores } from '../database/stores';
import type { CatalogMapping } from '../mapping/CatalogMapping';
import { Recompute } from './Recompute';

/** A mapping that is never ready (so a recompute stops early), counting each recompute. */
function gatedMapping() {
  let open!: () => void;
  const gate = new Promise<void>(resolve => (open = resolve));
  const mapping = {
    calls: 0,
    ready: async () => {
      mapping.calls++;
      await gate;
      return false;
    },
  };
  return { mapping, open };
}

describe('Recompute coalescing', () => {
  it('runs requests made while one runs as one more recompute, not one each', async () => {
    const { mapping, open } = gatedMapping();
    const recompute = new Recompute({
      stores: {} as Stores,
      mapping: mapping as unknown as CatalogMapping,
      logger: mockServices.logger.mock(),
    });
    const first = recompute.run();
    const later = Array.from({ length: 10 }, () => recompute.run());
    await new Promise(resolve => setTimeout(resolve, 10));
    expect(mapping.calls).toBe(1);
    open();
    await Promise.all([first, ...later]);
    // The ten requests made during the first all see a recompute that started after them.
    expect(mapping.calls).toBe(2);
    // Once idle, a new request runs again.
    await recompute.run();
    expect(mapping.calls).toBe(3);
  });

  it('a failing recompute does not stop the next one', async () => {
    let calls = 0;
    const recompute = new Recompute({
      stores: {} as Stores,
      mapping: {
        ready: async () => {
          calls++;
          if (calls === 1) throw new Error('database went away');
          return false;
        },
      } as unknown as CatalogMapping,
      logger: mockServices.logger.mock(),
    });
    const first = recompute.run();
    const second = recompute.run();
    await expect(first).rejects.toThrow('database went away');
    await expect(second).resolves.toBeUndefined();
    expect(calls).toBe(2);
  });
});
