import { Route, Routes } from 'react-router-dom';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { identityApiRef, IdentityApi } from '@backstage/core-plugin-api';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  ACTION_ITEMS,
  CATEGORIES,
  CATEGORY_TITLES,
  PROVIDERS,
  PROVIDER_TITLES,
  Provider,
} from '@kube-security/plugin-kube-security-common';
import { kubeSecurityApiRef } from '../../api';
import {
  httpError,
  mockKubeSecurityApi,
  MockKubeSecurityApi,
} from '../../__testUtils__/fixtures';
import { rootRouteRef } from '../../routes';
import { KubeSecurityPage } from '../KubeSecurityPage';
import { doneItemsStorageKey } from './doneItems';

const USER = 'user:default/jane.doe';

function identity(
  userEntityRef: string | Error = USER,
): Pick<IdentityApi, 'getBackstageIdentity'> {
  return {
    getBackstageIdentity: async () => {
      if (userEntityRef instanceof Error) throw userEntityRef;
      return { type: 'user', userEntityRef, ownershipEntityRefs: [] };
    },
  };
}

function renderPlan(
  api: MockKubeSecurityApi,
  options: { path?: string; identityApi?: Partial<IdentityApi> } = {},
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [kubeSecurityApiRef, api],
        [identityApiRef, options.identityApi ?? identity()],
      ]}
    >
      <Routes>
        <Route path="/kube-security/*" element={<KubeSecurityPage />} />
      </Routes>
    </TestApiProvider>,
    {
      routeEntries: [options.path ?? '/kube-security/action-plan'],
      mountedRoutes: { '/kube-security': rootRouteRef },
    },
  );
}

function section(category: (typeof CATEGORIES)[number]) {
  return screen.getByRole('region', { name: CATEGORY_TITLES[category] });
}

/** The titles in one category's section, in page order. */
function titlesIn(category: (typeof CATEGORIES)[number]) {
  return within(section(category))
    .getAllByRole('heading', { level: 3 })
    .map(h => h.textContent);
}

async function openItem(title: string) {
  await userEvent.click(screen.getByRole('heading', { name: title }));
}

/** Step sentences only this provider has (some kubectl steps read the same everywhere). */
function ownSteps(provider: Provider, itemIndex: number): string[] {
  const item = ACTION_ITEMS[itemIndex];
  const others = new Set(
    PROVIDERS.filter(p => p !== provider).flatMap(p =>
      item.remediation[p].steps.map(s => s.text),
    ),
  );
  return item.remediation[provider].steps
    .map(s => s.text)
    .filter(t => !others.has(t));
}

describe('ActionPlanPage', () => {
  beforeEach(() => window.localStorage.clear());

  it('shows a progress bar while the catalog loads', async () => {
    const api = mockKubeSecurityApi({ getItems: () => new Promise(() => {}) });
    await renderPlan(api);
    expect(screen.getByTestId('progress')).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Action plan' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
  });

  it('says so when the catalog cannot be loaded', async () => {
    const api = mockKubeSecurityApi({
      getItems: async () => {
        throw httpError(500, 'Internal Server Error');
      },
    });
    await renderPlan(api);
    expect(
      await screen.findByText(/Could not load the action plan/),
    ).toBeInTheDocument();
  });

  it('explains an empty catalog', async () => {
    const api = mockKubeSecurityApi({ getItems: async () => ({ items: [] }) });
    await renderPlan(api);
    expect(
      await screen.findByText('The action plan has no items'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Download PDF' }),
    ).not.toBeInTheDocument();
  });

  it('lists all 19 items under the four categories with counts, and needs no scan', async () => {
    const api = mockKubeSecurityApi();
    await renderPlan(api);
    await screen.findByRole('region', { name: CATEGORY_TITLES.cloud });
    for (const category of CATEGORIES) {
      const expected = ACTION_ITEMS.filter(i => i.category === category);
      expect(titlesIn(category)).toEqual(expected.map(i => i.title));
      expect(
        within(section(category)).getByText(
          `${expected.length} items, ${expected.length} open`,
        ),
      ).toBeInTheDocument();
    }
    expect(screen.getAllByRole('heading', { level: 3 })).toHaveLength(19);
    // Nothing here reads scan data.
    expect(api.getClusters).not.toHaveBeenCalled();
    expect(api.getTeams).not.toHaveBeenCalled();
    expect(api.getEntityPlan).not.toHaveBeenCalled();
  });

  it('marks a check that asks for more than the practice as an addition', async () => {
    const api = mockKubeSecurityApi();
    await renderPlan(api, { path: '/kube-security/action-plan?provider=eks' });
    const item = ACTION_ITEMS.find(i => i.id === 'cluster-security-features')!;
    await screen.findByRole('heading', { name: item.title });
    await openItem(item.title);
    const encryption = item.checks.find(c => c.addition)!;
    expect(encryption.id).toBe('cluster-security-features/secrets-encryption');
    expect(
      await screen.findByText(
        `Addition to the practice: ${encryption.addition}`,
      ),
    ).toBeInTheDocument();
    // The practice's own checks carry no such label.
    expect(screen.getAllByText(/^Addition to the practice:/)).toHaveLength(1);
  });

  it("shows why, the verified and stated parts, and the chosen provider's steps", async () => {
    const api = mockKubeSecurityApi();
    await renderPlan(api, { path: '/kube-security/action-plan?provider=gke' });
    const item = ACTION_ITEMS[10]; // namespace isolation: checks and stated parts
    await screen.findByRole('heading', { name: item.title });
    expect(
      screen.getByRole('button', { name: PROVIDER_TITLES.gke }),
    ).toHaveAttribute('aria-pressed', 'true');
    await openItem(item.title);
    expect(await screen.findByText(item.why)).toBeInTheDocument();
    expect(
      screen.getByText(`Verified by checks (${item.checks.length})`),
    ).toBeInTheDocument();
    for (const part of item.unverifiedParts) {
      expect(screen.getByText(part.statement)).toBeInTheDocument();
    }
    expect(
      screen.getByRole('heading', { name: 'How to do it on Google GKE' }),
    ).toBeInTheDocument();
    for (const step of ownSteps('gke', 10)) {
      expect(screen.getByText(step)).toBeInTheDocument();
    }

    await userEvent.click(
      screen.getByRole('button', { name: PROVIDER_TITLES.aks }),
    );
    expect(
      await screen.findByRole('heading', { name: 'How to do it on Azure AKS' }),
    ).toBeInTheDocument();
    for (const step of ownSteps('aks', 10)) {
      expect(screen.getByText(step)).toBeInTheDocument();
    }
    for (const step of ownSteps('gke', 10)) {
      expect(screen.queryByText(step)).not.toBeInTheDocument();
    }
  });

  it('keeps ticked items per user in the browser, after the open ones of their category', async () => {
    const api = mockKubeSecurityApi();
    const first = await renderPlan(api);
    const mfa = ACTION_ITEMS.find(i => i.id === 'cloud-mfa-enforced')!;
    await userEvent.click(
      await screen.findByRole('checkbox', {
        name: `Mark "${mfa.title}" as done`,
      }),
    );
    expect(
      JSON.parse(window.localStorage.getItem(doneItemsStorageKey(USER))!),
    ).toEqual(['cloud-mfa-enforced']);
    expect(titlesIn('cloud').at(-1)).toBe(mfa.title);
    expect(
      within(section('cloud')).getByText('4 items, 3 open'),
    ).toBeInTheDocument();
    expect(screen.getByText(/1 of 19 done on Amazon EKS/)).toBeInTheDocument();
    first.unmount();

    // The same user finds the tick again; another user starts from none.
    await renderPlan(mockKubeSecurityApi());
    expect(
      await screen.findByRole('checkbox', {
        name: `Mark "${mfa.title}" as done`,
      }),
    ).toBeChecked();
    const other = await renderPlan(mockKubeSecurityApi(), {
      identityApi: identity('user:default/someone.else'),
    });
    const boxes = await within(other.container).findAllByRole('checkbox');
    expect(boxes.filter(b => (b as HTMLInputElement).checked)).toHaveLength(0);
  });

  it('downloads the PDF for the chosen provider with the ticked items', async () => {
    Object.assign(URL, {
      createObjectURL: jest.fn(() => 'blob:pdf'),
      revokeObjectURL: jest.fn(),
    });
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});
    window.localStorage.setItem(
      doneItemsStorageKey(USER),
      JSON.stringify(['image-pipeline-checks', 'not-an-item']),
    );
    const api = mockKubeSecurityApi();
    await renderPlan(api, { path: '/kube-security/action-plan?provider=aks' });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Download PDF' }),
    );
    await waitFor(() => expect(click).toHaveBeenCalled());
    expect(api.getActionPlanPdf).toHaveBeenCalledWith({
      provider: 'aks',
      done: ['image-pipeline-checks'],
    });
    click.mockRestore();
  });

  it('still works when the sign-in cannot be read, without remembering ticks', async () => {
    const api = mockKubeSecurityApi();
    await renderPlan(api, { identityApi: identity(new Error('no session')) });
    expect(
      await screen.findByText(/Ticks are not remembered/),
    ).toBeInTheDocument();
    const box = screen.getAllByRole('checkbox')[0];
    await userEvent.click(box);
    expect(box).toBeChecked();
    const keys = Array.from({ length: window.localStorage.length }, (_, i) =>
      window.localStorage.key(i),
    );
    expect(keys.filter(k => k?.startsWith('kube-security:'))).toEqual([]);
  });

  it('is a tab of the Security page next to the overview', async () => {
    const api = mockKubeSecurityApi();
    await renderPlan(api, { path: '/kube-security' });
    const tab = await screen.findByRole('tab', { name: 'Action plan' });
    expect(tab).toHaveAttribute('href', '/kube-security/action-plan');
    expect(screen.getByRole('tab', { name: 'Overview' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
  });
});
