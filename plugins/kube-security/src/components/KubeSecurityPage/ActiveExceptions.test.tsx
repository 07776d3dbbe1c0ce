import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  ActiveException,
  getActionItem,
} from '@kube-security/plugin-kube-security-common';
import {
  activeException,
  exceptionsPage,
  findingException,
  httpError,
  makeException,
  mockKubeSecurityApi,
  PAYMENTS_FINDINGS,
} from '../../__testUtils__/fixtures';
import { renderWithApi } from '../../__testUtils__/render';
import { ActiveExceptions } from './ActiveExceptions';

const inDays = (days: number) =>
  `${new Date(Date.now() + days * 86400_000)
    .toISOString()
    .slice(0, 10)}T23:59:59.999Z`;

// Soonest expiry first, as the backend sends them.
const EXCEPTIONS: ActiveException[] = [
  activeException(
    findingException(PAYMENTS_FINDINGS[0], {
      expiresAt: inDays(10),
      ticketUrl: 'https://jira.example.com/browse/SEC-7',
    }),
  ),
  activeException(
    makeException({
      scope: 'item',
      itemId: 'workload-network-policies',
      entityRef: 'component:default/checkout-web',
      justification: 'A mesh policy restricts ingress instead',
      createdBy: 'annotation:gke-staging/Deployment/checkout/checkout-web',
      source: 'annotation',
      expiresAt: inDays(25),
    }),
    { entityTitle: 'Checkout web' },
  ),
  activeException(
    makeException({
      scope: 'item',
      itemId: 'image-trusted-registries',
      expiresAt: inDays(120),
    }),
  ),
];

async function renderList(list: ActiveException[] = EXCEPTIONS) {
  const api = mockKubeSecurityApi({
    listExceptions: async q => exceptionsPage(q, list),
  });
  await renderWithApi(<ActiveExceptions />, api);
  return api;
}

describe('ActiveExceptions', () => {
  it('lists the exceptions with entity, item, scope, why, who, expiry and ticket', async () => {
    const api = await renderList();
    const table = await screen.findByRole('table', {
      name: 'Active exceptions',
    });
    expect(api.listExceptions).toHaveBeenCalledWith({ offset: 0, limit: 10 });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(EXCEPTIONS.length);

    const [first, second] = rows;
    expect(
      within(first).getByRole('link', { name: 'Payments API' }),
    ).toHaveAttribute('href', '/catalog/default/component/payments-api');
    expect(
      within(first).getByText(getActionItem(EXCEPTIONS[0].itemId).title),
    ).toBeVisible();
    expect(within(first).getByText('One finding')).toBeVisible();
    expect(
      within(first).getByText(/on Deployment payments\/payments-api/),
    ).toBeVisible();
    expect(within(first).getByText(EXCEPTIONS[0].justification)).toBeVisible();
    expect(within(first).getByRole('link', { name: 'jane.doe' })).toBeVisible();
    expect(
      within(first).getByRole('link', { name: /^Ticket/ }),
    ).toHaveAttribute('href', 'https://jira.example.com/browse/SEC-7');

    expect(
      within(second).getByRole('link', { name: 'Checkout web' }),
    ).toHaveAttribute('href', '/catalog/default/component/checkout-web');
    expect(within(second).getByText('Whole item')).toBeVisible();
    expect(
      within(second).getByText(
        'Annotation on Deployment checkout/checkout-web on gke-staging',
      ),
    ).toBeVisible();
    expect(within(second).getByText('—')).toBeVisible();
  });

  it('highlights those expiring within 30 days and counts them in the header', async () => {
    await renderList();
    const table = await screen.findByRole('table', {
      name: 'Active exceptions',
    });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map(r => r.getAttribute('data-expiring-soon'))).toEqual([
      'true',
      'true',
      null,
    ]);
    const soonChip = within(rows[0]).getByText('expires in 10 days');
    const laterChip = within(rows[2]).getByText('expires in 120 days');
    expect(soonChip.closest('.MuiChip-root')).not.toHaveClass(
      'MuiChip-outlined',
    );
    expect(laterChip.closest('.MuiChip-root')).toHaveClass('MuiChip-outlined');
    expect(screen.getByText('Active exceptions (3)')).toBeVisible();
    expect(screen.getByText('2 expire within 30 days')).toBeVisible();
  });

  it('pages on the server', async () => {
    const many = Array.from({ length: 13 }, (_, i) =>
      activeException(
        makeException({
          scope: 'item',
          itemId: 'workload-admission-policy',
          justification: `Accepted risk number ${i + 1}`,
          expiresAt: inDays(40 + i),
        }),
      ),
    );
    const api = await renderList(many);
    const section = screen.getByRole('region', { name: 'Active exceptions' });
    expect(await within(section).findByText('1-10 of 13')).toBeVisible();
    // None expires within 30 days, so the header counts none.
    expect(
      within(section).queryByText(/within 30 days/),
    ).not.toBeInTheDocument();
    await userEvent.click(
      within(section).getByRole('button', { name: 'Next page' }),
    );
    await waitFor(() =>
      expect(api.listExceptions).toHaveBeenLastCalledWith({
        offset: 10,
        limit: 10,
      }),
    );
    expect(
      await within(section).findByText('Accepted risk number 11'),
    ).toBeVisible();
  });

  it('says when no risk is accepted', async () => {
    await renderList([]);
    expect(await screen.findByText('No accepted risks')).toBeVisible();
    expect(
      screen.queryByRole('table', { name: 'Active exceptions' }),
    ).not.toBeInTheDocument();
  });

  it('shows the error when the list cannot be loaded', async () => {
    await renderWithApi(
      <ActiveExceptions />,
      mockKubeSecurityApi({
        listExceptions: async () => {
          throw httpError(500, 'Internal Server Error');
        },
      }),
    );
    expect(
      await screen.findByText(/Could not load active exceptions/),
    ).toBeVisible();
  });
});
