import { render } from '@testing-library/react';
import { BreakableIdentifier, identifierPieces } from './BreakableIdentifier';

describe('BreakableIdentifier', () => {
  it('splits a path after its dots, slashes, colons and brackets', () => {
    expect(
      identifierPieces('spec.template.spec.containers[0].securityContext'),
    ).toEqual([
      'spec.',
      'template.',
      'spec.',
      'containers[',
      '0].',
      'securityContext',
    ]);
    expect(identifierPieces('rbac/ClusterRole:admin')).toEqual([
      'rbac/',
      'ClusterRole:',
      'admin',
    ]);
    expect(identifierPieces('privileged')).toEqual(['privileged']);
  });

  it('renders the text unchanged with a break opportunity between pieces', () => {
    const { container } = render(
      <BreakableIdentifier text="spec.containers[0].image" />,
    );
    expect(container.textContent).toBe('spec.containers[0].image');
    expect(container.querySelectorAll('wbr')).toHaveLength(3);
  });
});
