import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ScrollableCode } from './ScrollableCode';

describe('ScrollableCode', () => {
  it('makes the code block a named region that the keyboard reaches', async () => {
    await renderInTestApp(
      <ScrollableCode
        language="bash"
        text="kubectl label namespace shop pod-security.kubernetes.io/enforce=restricted"
        label="Command for step 1"
      />,
    );
    const region = await screen.findByRole('region', {
      name: 'Command for step 1',
    });
    expect(region.tagName).toBe('PRE');
    expect(region).toHaveTextContent('kubectl label namespace shop');
    await userEvent.tab();
    expect(region).toHaveFocus();
  });
});
