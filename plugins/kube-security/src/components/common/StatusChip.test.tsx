import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { ITEM_STATUSES } from '@kube-security/plugin-kube-security-common';
import { STATUS_LABELS } from './labels';
import { StatusChip } from './StatusChip';

function chip(status: string) {
  return document.querySelector(`[data-status="${status}"]`)!;
}

function iconPath(status: string) {
  return chip(status).querySelector('svg path')?.getAttribute('d');
}

describe('StatusChip', () => {
  it('gives every status its own word and icon', async () => {
    await renderInTestApp(
      <>
        {ITEM_STATUSES.map(s => (
          <StatusChip key={s} status={s} />
        ))}
      </>,
    );
    for (const status of ITEM_STATUSES) {
      expect(screen.getByText(STATUS_LABELS[status])).toBeInTheDocument();
    }
    expect(new Set(ITEM_STATUSES.map(s => STATUS_LABELS[s])).size).toBe(
      ITEM_STATUSES.length,
    );
    expect(new Set(ITEM_STATUSES.map(iconPath)).size).toBe(
      ITEM_STATUSES.length,
    );
  });

  it('draws attested apart from pass: outlined, not filled', async () => {
    await renderInTestApp(
      <>
        <StatusChip status="pass" />
        <StatusChip status="attested" />
        <StatusChip status="accepted" />
      </>,
    );
    expect(chip('pass')).not.toHaveClass('MuiChip-outlined');
    expect(chip('attested')).toHaveClass('MuiChip-outlined');
    expect(chip('attested').className).not.toEqual(chip('pass').className);
    expect(chip('accepted').className).not.toEqual(chip('pass').className);
  });
});
