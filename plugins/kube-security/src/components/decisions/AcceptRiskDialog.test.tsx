import { renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { makePlan, PAYMENTS_FINDINGS } from '../../__testUtils__/fixtures';
import { AcceptRiskDialog, AcceptRiskTarget } from './AcceptRiskDialog';

const plan = makePlan();
const item = plan.items.find(i => i.itemId === 'workload-admission-policy')!;
const finding = item.findings.find(f => f.id === PAYMENTS_FINDINGS[0].id)!;

const day = (days: number) =>
  new Date(Date.now() + days * 86400_000).toISOString().slice(0, 10);

async function renderDialog(
  target: AcceptRiskTarget,
  onSubmit = jest.fn(async () => {}),
  maxDays = 180,
) {
  const onClose = jest.fn();
  await renderInTestApp(
    <AcceptRiskDialog
      target={target}
      maxDays={maxDays}
      onClose={onClose}
      onSubmit={onSubmit}
    />,
  );
  const dialog = screen.getByRole('dialog', { name: 'Accept risk' });
  return { dialog, onSubmit, onClose };
}

function field(dialog: HTMLElement, label: RegExp) {
  return within(dialog).getByLabelText(label);
}

async function fillValid(dialog: HTMLElement) {
  await userEvent.click(field(dialog, /^Justification/));
  await userEvent.paste('Envoy needs NET_ADMIN until the CNI migration');
}

describe('AcceptRiskDialog', () => {
  it('blocks sending without a justification and says why', async () => {
    const { dialog, onSubmit } = await renderDialog({ item });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Accept risk' }),
    );
    expect(within(dialog).getByText('Enter a justification.')).toBeVisible();
    expect(onSubmit).not.toHaveBeenCalled();

    await userEvent.type(field(dialog, /^Justification/), 'too short');
    expect(
      within(dialog).getByText(
        'The justification needs at least 10 characters (9 so far).',
      ),
    ).toBeVisible();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Accept risk' }),
    );
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('refuses an expiry beyond the maximum, or none, and a ticket that is not a link', async () => {
    const { dialog, onSubmit } = await renderDialog({ item }, undefined, 30);
    await fillValid(dialog);
    const expiry = field(dialog, /^Expires on/);
    expect(expiry).toHaveAttribute('min', day(1));
    expect(expiry).toHaveAttribute('max', day(30));
    // Under 90 days of maximum, the maximum is the default.
    expect(expiry).toHaveValue(day(30));

    fireEvent.change(expiry, { target: { value: day(31) } });
    await userEvent.type(field(dialog, /^Ticket link/), 'SEC-12');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Accept risk' }),
    );
    expect(
      within(dialog).getByText(
        `The expiry can be at most 30 days from today (${day(
          30,
        )} at the latest).`,
      ),
    ).toBeVisible();
    expect(
      within(dialog).getByText(
        'The ticket link must be a full http:// or https:// address.',
      ),
    ).toBeVisible();

    fireEvent.change(expiry, { target: { value: '' } });
    expect(
      within(dialog).getByText('Choose the day this decision expires.'),
    ).toBeVisible();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('sends an item-wide exception with the default expiry of 90 days', async () => {
    const { dialog, onSubmit } = await renderDialog({ item });
    expect(within(dialog).queryByRole('radio')).not.toBeInTheDocument();
    await fillValid(dialog);
    await userEvent.type(
      field(dialog, /^Ticket link/),
      'https://jira.example.com/browse/SEC-12',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Accept risk' }),
    );
    expect(onSubmit).toHaveBeenCalledTimes(1);
    expect(onSubmit).toHaveBeenCalledWith({
      scope: 'item',
      itemId: 'workload-admission-policy',
      justification: 'Envoy needs NET_ADMIN until the CNI migration',
      expiresAt: day(90),
      ticketUrl: 'https://jira.example.com/browse/SEC-12',
    });
  });

  it('sends one finding by default, without an empty ticket', async () => {
    const first = await renderDialog({ item, finding });
    expect(
      within(first.dialog).getByRole('radio', { name: /^This finding only/ }),
    ).toBeChecked();
    await fillValid(first.dialog);
    fireEvent.change(field(first.dialog, /^Expires on/), {
      target: { value: day(10) },
    });
    await userEvent.click(
      within(first.dialog).getByRole('button', { name: 'Accept risk' }),
    );
    expect(first.onSubmit).toHaveBeenCalledWith({
      scope: 'finding',
      itemId: 'workload-admission-policy',
      findingId: finding.id,
      justification: 'Envoy needs NET_ADMIN until the CNI migration',
      expiresAt: day(10),
    });
  });

  it('sends the check scope with the check and the finding that names the resource', async () => {
    const { dialog, onSubmit } = await renderDialog({ item, finding });
    await userEvent.click(
      within(dialog).getByRole('radio', {
        name: /^This check on the whole resource/,
      }),
    );
    await fillValid(dialog);
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Accept risk' }),
    );
    expect(onSubmit).toHaveBeenCalledWith({
      scope: 'check',
      itemId: 'workload-admission-policy',
      checkId: finding.checkId,
      findingId: finding.id,
      justification: 'Envoy needs NET_ADMIN until the CNI migration',
      expiresAt: day(90),
    });
  });

  it("shows the server's message and keeps the input", async () => {
    const message =
      'Invalid exception: expiresAt: 2031-01-01 is more than 180 days away';
    const onSubmit = jest.fn(async () => {
      throw Object.assign(new Error('Request failed with 400 Bad Request'), {
        response: { status: 400 },
        cause: { name: 'InputError', message },
      });
    });
    const { dialog } = await renderDialog({ item }, onSubmit);
    await fillValid(dialog);
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Accept risk' }),
    );
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(message);
    expect(field(dialog, /^Justification/)).toHaveValue(
      'Envoy needs NET_ADMIN until the CNI migration',
    );
    expect(
      within(dialog).getByRole('button', { name: 'Accept risk' }),
    ).toBeEnabled();
  });

  it('disables sending while the request runs', async () => {
    let finish: () => void = () => {};
    const onSubmit = jest.fn(
      () =>
        new Promise<void>(resolve => {
          finish = resolve;
        }),
    );
    const { dialog } = await renderDialog({ item }, onSubmit);
    await fillValid(dialog);
    const send = within(dialog).getByRole('button', { name: 'Accept risk' });
    await userEvent.click(send);
    expect(send).toBeDisabled();
    expect(
      within(dialog).getByRole('button', { name: 'Cancel' }),
    ).toBeDisabled();
    // Submitting again (Enter in a field) while sending sends nothing more.
    fireEvent.submit(send.closest('form')!);
    expect(onSubmit).toHaveBeenCalledTimes(1);
    finish();
    await waitFor(() => expect(send).toBeEnabled());
  });
});
