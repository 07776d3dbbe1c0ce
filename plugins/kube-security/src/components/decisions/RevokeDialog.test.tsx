import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { RevokeDialog } from './RevokeDialog';

describe('RevokeDialog', () => {
  it('asks for a reason of at least 10 characters, then sends it', async () => {
    const onSubmit = jest.fn(async () => {});
    await renderInTestApp(
      <RevokeDialog
        target={{
          kind: 'exception',
          id: 12,
          itemTitle: 'Admission policy',
          description: 'Accepted risk: The whole item',
        }}
        onClose={jest.fn()}
        onSubmit={onSubmit}
      />,
    );
    const dialog = screen.getByRole('dialog', {
      name: 'Revoke accepted risk',
    });
    await userEvent.type(within(dialog).getByLabelText(/^Reason/), 'fixed');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Revoke' }),
    );
    expect(
      within(dialog).getByText(
        'The reason needs at least 10 characters (5 so far).',
      ),
    ).toBeVisible();
    expect(onSubmit).not.toHaveBeenCalled();

    await userEvent.type(
      within(dialog).getByLabelText(/^Reason/),
      ' in release 4.2',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Revoke' }),
    );
    expect(onSubmit).toHaveBeenCalledWith('fixed in release 4.2');
  });
});
