import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import {
  HEADLINE,
  httpError,
  makeFinding,
  mockKubeSecurityApi,
} from '../../__testUtils__/fixtures';
import { renderWithApi } from '../../__testUtils__/render';
import { HeadlineStrip } from './HeadlineStrip';
import { OpenFindingsList } from './OpenFindingsList';

const FINDINGS = [
  {
    ...makeFinding(
      'workload-admission-policy/privileged-container',
      {
        cluster: 'aks-shared',
        namespace: 'default',
        kind: 'Pod',
        name: 'debug-shell',
        container: 'debug-shell',
      },
      { severity: 'critical' },
    ),
  },
  {
    ...makeFinding(
      'workload-rbac-least-privilege/cluster-admin-binding',
      { cluster: 'eks-prod-eu', kind: 'ClusterRoleBinding', name: 'ops-admin' },
      { severity: 'high' },
    ),
    entityRef: 'resource:default/eks-prod-eu',
    entityTitle: 'EKS prod (eu-west-1)',
  },
];

function renderStrip(api = mockKubeSecurityApi(), path = '/kube-security') {
  return renderWithApi(
    <Routes>
      <Route
        path="/kube-security/*"
        element={
          <>
            <HeadlineStrip />
            <OpenFindingsList />
          </>
        }
      />
    </Routes>,
    api,
    { routeEntries: [path] },
  );
}

function tile(label: string) {
  return screen.getByText(label).closest('li')!;
}

describe('HeadlineStrip', () => {
  it('shows the four figures from the backend, each with a label and a link', async () => {
    const api = mockKubeSecurityApi();
    await renderStrip(api);
    await screen.findByRole('list', { name: 'Headline' });
    expect(api.getOverview).toHaveBeenCalledTimes(1);

    const severe = tile('Open critical and high findings');
    expect(within(severe).getByText('15')).toBeInTheDocument();
    expect(within(severe).getByText('3 critical, 12 high')).toBeInTheDocument();
    expect(
      within(severe).getByRole('link', { name: 'List them' }),
    ).toHaveAttribute(
      'href',
      '/kube-security?findings=critical-high#ks-open-findings',
    );

    const exposed = tile('Open findings on internet-exposed workloads');
    expect(within(exposed).getByText('7')).toBeInTheDocument();
    expect(
      within(exposed).getByRole('link', { name: 'List them' }),
    ).toHaveAttribute(
      'href',
      '/kube-security?findings=internet-exposed#ks-open-findings',
    );

    const unowned = tile('Unowned findings');
    expect(within(unowned).getByText('55')).toBeInTheDocument();
    expect(
      within(unowned).getByText('1 critical: give them an owner first'),
    ).toBeInTheDocument();
    expect(
      within(unowned).getByRole('link', { name: 'Go to unowned findings' }),
    ).toHaveAttribute('href', '/kube-security#ks-unowned');

    const expiring = tile('Exceptions expiring within 30 days');
    expect(within(expiring).getByText('2')).toBeInTheDocument();
    expect(
      within(expiring).getByRole('link', { name: 'Go to active exceptions' }),
    ).toHaveAttribute('href', '/kube-security#ks-exceptions');
  });

  it('keeps the other filters of the page in its links', async () => {
    await renderStrip(mockKubeSecurityApi(), '/kube-security?category=image');
    const severe = await screen.findByText('Open critical and high findings');
    expect(
      within(severe.closest('li')!).getByRole('link', { name: 'List them' }),
    ).toHaveAttribute(
      'href',
      '/kube-security?category=image&findings=critical-high#ks-open-findings',
    );
  });

  it('opens the list a figure counts, most urgent first with owners, and closes it', async () => {
    const api = mockKubeSecurityApi({
      getOpenFindings: async q => ({
        findings: FINDINGS,
        total: FINDINGS.length,
        offset: q.offset,
        limit: q.limit,
      }),
    });
    await renderStrip(api);
    expect(
      screen.queryByRole('table', { name: 'Open critical and high findings' }),
    ).not.toBeInTheDocument();
    await userEvent.click(
      within(
        (
          await screen.findByText('Open critical and high findings')
        ).closest('li')!,
      ).getByRole('link', { name: 'List them' }),
    );
    const table = await screen.findByRole('table', {
      name: 'Open critical and high findings',
    });
    expect(api.getOpenFindings).toHaveBeenCalledWith(
      expect.objectContaining({ filter: 'critical-high', offset: 0 }),
    );
    expect(
      screen.getByRole('heading', {
        name: 'Open critical and high findings (2)',
      }),
    ).toBeInTheDocument();
    const [pod, binding] = within(table).getAllByRole('row').slice(1);
    const podCells = within(pod).getAllByRole('cell');
    expect(podCells[0].textContent).toBe('Unowned');
    // The pod's only container bears its name: said once.
    expect(podCells[4].textContent).toBe('debug-shell');
    expect(
      within(binding).getByRole('link', { name: 'EKS prod (eu-west-1)' }),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Close list' }));
    await waitFor(() =>
      expect(
        screen.queryByRole('table', {
          name: 'Open critical and high findings',
        }),
      ).not.toBeInTheDocument(),
    );
  });

  it('opens the internet-exposed list from the URL', async () => {
    const api = mockKubeSecurityApi();
    await renderStrip(api, '/kube-security?findings=internet-exposed');
    await screen.findByRole('heading', {
      name: 'Open findings on internet-exposed workloads (0)',
    });
    expect(api.getOpenFindings).toHaveBeenCalledWith(
      expect.objectContaining({ filter: 'internet-exposed' }),
    );
    expect(screen.getByText('None that you may see.')).toBeInTheDocument();
  });

  it('says when the figures cannot be loaded', async () => {
    await renderStrip(
      mockKubeSecurityApi({
        getOverview: async () => {
          throw httpError(500, 'database is down');
        },
      }),
    );
    expect(
      await screen.findByText(/Could not load the headline/),
    ).toBeInTheDocument();
    expect(
      screen.queryByText(String(HEADLINE.unowned)),
    ).not.toBeInTheDocument();
  });
});
