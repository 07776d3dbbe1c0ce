import { renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { makeAttestation, makePlan } from '../../__testUtils__/fixtures';
import { AttestDialog } from './AttestDialog';

const day = (days: number) =>
  new Date(Date.now() + days * 86400_000).toISOString().slice(0, 10);

function pipelineItem(attested = false) {
  const plan = makePlan(undefined, 'eks', {
    attestations: attested
      ? [makeAttestation({ itemId: 'image-pipeline-checks' })]
      : [],
  });
  return plan.items.find(i => i.itemId === 'image-pipeline-checks')!;
}

async function renderDialog(item = pipelineItem(), maxDays = 365) {
  const onSubmit = jest.fn(async () => {});
  await renderInTestApp(
    <AttestDialog
      item={item}
      maxDays={maxDays}
      onClose={jest.fn()}
      onSubmit={onSubmit}
    />,
  );
  return { onSubmit };
}

describe('AttestDialog', () => {
  it('needs a statement and an evidence link', async () => {
    const { onSubmit } = await renderDialog();
    const dialog = screen.getByRole('dialog', { name: 'Attest' });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Attest' }),
    );
    expect(within(dialog).getByText('Enter a statement.')).toBeVisible();
    expect(within(dialog).getByText('Enter the evidence link.')).toBeVisible();

    await userEvent.type(
      within(dialog).getByLabelText(/^Evidence link/),
      'wiki/pipeline',
    );
    expect(
      within(dialog).getByText(
        'The evidence link must be a full http:// or https:// address.',
      ),
    ).toBeVisible();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('sends the statement, the link and the chosen expiry', async () => {
    const { onSubmit } = await renderDialog();
    const dialog = screen.getByRole('dialog', { name: 'Attest' });
    expect(within(dialog).getByLabelText(/^Expires on/)).toHaveAttribute(
      'max',
      day(365),
    );
    await userEvent.type(
      within(dialog).getByLabelText(/^Statement/),
      '  Every image goes through the shared pipeline  ',
    );
    await userEvent.type(
      within(dialog).getByLabelText(/^Evidence link/),
      'https://wiki.example.com/pipeline',
    );
    fireEvent.change(within(dialog).getByLabelText(/^Expires on/), {
      target: { value: day(200) },
    });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Attest' }),
    );
    expect(onSubmit).toHaveBeenCalledWith({
      itemId: 'image-pipeline-checks',
      statement: 'Every image goes through the shared pipeline',
      evidenceUrl: 'https://wiki.example.com/pipeline',
      expiresAt: day(200),
    });
  });

  it('renews from the current statement and link', async () => {
    const item = pipelineItem(true);
    expect(item.status).toBe('attested');
    const { onSubmit } = await renderDialog(item);
    const dialog = screen.getByRole('dialog', { name: 'Renew attestation' });
    expect(within(dialog).getByLabelText(/^Statement/)).toHaveValue(
      item.attestation!.statement,
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Renew' }),
    );
    expect(onSubmit).toHaveBeenCalledWith({
      itemId: 'image-pipeline-checks',
      statement: item.attestation!.statement,
      evidenceUrl: item.attestation!.evidenceUrl,
      expiresAt: day(90),
    });
  });
});
