import { screen, within } from '@testing-library/react';
import {
  makeFinding,
  mockKubeSecurityApi,
  unownedPage,
} from '../../__testUtils__/fixtures';
import { renderWithApi } from '../../__testUtils__/render';
import { UnownedFindings } from './UnownedFindings';

const FINDINGS = [
  // A pod whose only container bears its name.
  makeFinding('workload-admission-policy/privileged-container', {
    cluster: 'eks-prod-eu',
    namespace: 'default',
    kind: 'Pod',
    name: 'debug-shell',
    container: 'debug-shell',
  }),
  makeFinding('workload-admission-policy/privileged-container', {
    cluster: 'aks-dev',
    namespace: 'kube-tools',
    kind: 'DaemonSet',
    name: 'node-debugger',
    container: 'debug',
  }),
];

async function renderRows() {
  const api = mockKubeSecurityApi({
    getUnowned: async q => unownedPage(q, FINDINGS),
  });
  await renderWithApi(<UnownedFindings />, api);
  const table = await screen.findByRole('table', { name: 'Unowned findings' });
  return within(table).getAllByRole('row').slice(1);
}

describe('UnownedFindings', () => {
  it('names a resource once when its container bears the same name', async () => {
    const [pod] = await renderRows();
    const nameCell = within(pod).getAllByRole('cell')[3];
    expect(nameCell.textContent).toBe('debug-shell');
  });

  it('names the container under the resource when it differs', async () => {
    const [, daemonSet] = await renderRows();
    const nameCell = within(daemonSet).getAllByRole('cell')[3];
    expect(nameCell.textContent).toBe('node-debuggercontainer debug');
    expect(within(nameCell).getByText('container debug')).toBeInTheDocument();
  });
});
