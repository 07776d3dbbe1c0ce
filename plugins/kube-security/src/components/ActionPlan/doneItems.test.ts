import {
  doneItemsStorageKey,
  readDoneItems,
  writeDoneItems,
} from './doneItems';

function memoryStorage(initial: Record<string, string> = {}) {
  const values = new Map(Object.entries(initial));
  return {
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
    values,
  };
}

describe('done items in browser storage', () => {
  it('keys the list by user', () => {
    expect(doneItemsStorageKey('user:default/jane')).toBe(
      'kube-security:action-plan:done:user:default/jane',
    );
    const storage = memoryStorage();
    writeDoneItems(storage, 'user:default/jane', ['cloud-mfa-enforced']);
    expect(readDoneItems(storage, 'user:default/jane')).toEqual([
      'cloud-mfa-enforced',
    ]);
    expect(readDoneItems(storage, 'user:default/joe')).toEqual([]);
  });

  it('drops what it cannot read instead of failing', () => {
    const key = doneItemsStorageKey('user:default/jane');
    expect(
      readDoneItems(memoryStorage({ [key]: '{not json' }), 'user:default/jane'),
    ).toEqual([]);
    expect(
      readDoneItems(memoryStorage({ [key]: '{"a":1}' }), 'user:default/jane'),
    ).toEqual([]);
    expect(
      readDoneItems(
        memoryStorage({ [key]: '["image-pipeline-checks", 7, "gone-item"]' }),
        'user:default/jane',
      ),
    ).toEqual(['image-pipeline-checks']);
    expect(readDoneItems(undefined, 'user:default/jane')).toEqual([]);
  });

  it('reports a storage that refuses to write', () => {
    const full = {
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(writeDoneItems(full, 'user:default/jane', [])).toBe(false);
    expect(writeDoneItems(undefined, 'user:default/jane', [])).toBe(false);
    expect(writeDoneItems(memoryStorage(), 'user:default/jane', [])).toBe(true);
  });
});
