import { ACTION_ITEMS, getActionItem } from '.';
import { ATTESTABLE_ITEM_IDS } from '../decisions';
import { UNVERIFIED_PARTS } from './unverifiedParts';

describe('unverified parts of the catalog', () => {
  it('names at least one part no check verifies for every item', () => {
    expect(Object.keys(UNVERIFIED_PARTS).sort()).toEqual(
      ACTION_ITEMS.map(item => item.id).sort(),
    );
    for (const item of ACTION_ITEMS) {
      expect(item.unverifiedParts.length).toBeGreaterThan(0);
      expect(item.unverifiedParts).toEqual(UNVERIFIED_PARTS[item.id]);
      expect(ATTESTABLE_ITEM_IDS.has(item.id)).toBe(true);
    }
  });

  it('gives each part a slug unique within its item and a one-sentence statement', () => {
    for (const item of ACTION_ITEMS) {
      const ids = item.unverifiedParts.map(part => part.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const part of item.unverifiedParts) {
        expect(part.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
        expect(part.statement.length).toBeGreaterThan(30);
        expect(part.statement).toMatch(/^[A-Z].*\.$/);
        // One sentence: no full stop followed by another sentence.
        expect(part.statement.slice(0, -1)).not.toMatch(/\.\s+[A-Z]/);
      }
    }
  });

  it('does not repeat what a check of the item already verifies', () => {
    for (const item of ACTION_ITEMS) {
      const checkTitles = item.checks.map(c => c.title.toLowerCase());
      for (const part of item.unverifiedParts) {
        expect(checkTitles).not.toContain(part.statement.toLowerCase());
      }
    }
  });

  it('covers the gaps the practices name: team separation, the admin split, traffic flows, alert handling', () => {
    const partIds = (id: Parameters<typeof getActionItem>[0]) =>
      getActionItem(id).unverifiedParts.map(part => part.id);
    expect(partIds('workload-namespace-isolation')).toEqual(
      expect.arrayContaining(['team-separation', 'purposeful-names']),
    );
    expect(partIds('workload-rbac-least-privilege')).toContain(
      'admin-developer-split',
    );
    expect(partIds('workload-network-policies')).toContain('flows-match-needs');
    expect(partIds('workload-runtime-monitoring')).toContain('alerts-handled');
  });

  it('keeps the catalog entries independent copies', () => {
    const item = getActionItem('workload-network-policies');
    expect(item.unverifiedParts).not.toBe(
      UNVERIFIED_PARTS['workload-network-policies'],
    );
  });
});
