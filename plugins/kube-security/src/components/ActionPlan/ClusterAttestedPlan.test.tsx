import { Route, Routes } from 'react-router-dom';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { identityApiRef } from '@backstage/core-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import {
  PermissionApi,
  permissionApiRef,
} from '@backstage/plugin-permission-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { ACTION_ITEMS } from '@kube-security/plugin-kube-security-common';
import { kubeSecurityApiRef } from '../../api';
import {
  decisionsResponse,
  makeAttestation,
  mockKubeSecurityApi,
  MockKubeSecurityApi,
} from '../../__testUtils__/fixtures';
import { permissionApiThat } from '../../__testUtils__/render';
import { rootRouteRef } from '../../routes';
import { KubeSecurityPage } from '../KubeSecurityPage';
import { activeAttestations } from './ClusterAttestedPlan';
import { doneItemsStorageKey } from './doneItems';

const USER = 'user:default/jane.doe';
const EKS_REF = 'resource:default/eks-prod-eu';

function cluster(name: string, owner: string, title?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name, namespace: 'default', ...(title ? { title } : {}) },
    spec: { type: 'kubernetes-cluster', owner },
    relations: [{ type: 'ownedBy', targetRef: owner }],
  };
}

const ENTITIES: Entity[] = [
  cluster('eks-prod-eu', 'group:default/platform'),
  cluster('aks-shared', 'group:default/platform', 'AKS shared'),
  cluster('gke-analytics', 'group:default/data'),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'platform-api', namespace: 'default' },
    spec: { type: 'service', owner: 'group:default/platform' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/platform' }],
  },
];

const mfa = ACTION_ITEMS.find(i => i.id === 'cloud-mfa-enforced')!;
const pipeline = ACTION_ITEMS.find(i => i.id === 'image-pipeline-checks')!;
const logging = ACTION_ITEMS.find(i => i.id === 'cluster-audit-logging')!;

/** Three items are enough here, and keep each render (and the test) quick. */
const ITEMS = [mfa, pipeline, logging];

function renderPlan(
  api: MockKubeSecurityApi,
  options: { permissionApi?: PermissionApi; ownership?: string[] } = {},
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [
          kubeSecurityApiRef,
          { ...api, getItems: async () => ({ items: ITEMS }) },
        ],
        [
          identityApiRef,
          {
            getBackstageIdentity: async () => ({
              type: 'user' as const,
              userEntityRef: USER,
              ownershipEntityRefs: options.ownership ?? [
                USER,
                'group:default/platform',
              ],
            }),
          },
        ],
        [catalogApiRef, catalogApiMock({ entities: ENTITIES })],
        [
          permissionApiRef,
          options.permissionApi ?? permissionApiThat(() => 'ALLOW'),
        ],
      ]}
    >
      <Routes>
        <Route path="/kube-security/*" element={<KubeSecurityPage />} />
      </Routes>
    </TestApiProvider>,
    {
      routeEntries: ['/kube-security/action-plan?provider=eks'],
      mountedRoutes: {
        '/kube-security': rootRouteRef,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
    },
  );
}

function box(title: string) {
  return screen.getByRole('checkbox', { name: `Mark "${title}" as done` });
}

/** Types a whole value at once (typing key by key re-renders all 19 items each time). */
async function fill(field: HTMLElement, text: string) {
  await userEvent.click(field);
  await userEvent.paste(text);
}

async function chooseTarget(label: string) {
  await userEvent.click(
    await screen.findByRole('button', { name: /Record ticks/ }),
  );
  await userEvent.click(
    within(screen.getByRole('listbox')).getByRole('option', { name: label }),
  );
}

describe('action plan ticks as attestations on an owned cluster', () => {
  beforeEach(() => window.localStorage.clear());

  it('offers only the clusters of the user’s teams', async () => {
    await renderPlan(mockKubeSecurityApi());
    await userEvent.click(
      await screen.findByRole('button', { name: /Record ticks/ }),
    );
    const options = within(screen.getByRole('listbox'))
      .getAllByRole('option')
      .map(o => o.textContent);
    expect(options).toEqual([
      'In this browser, for me only',
      'As attestations on AKS shared',
      'As attestations on eks-prod-eu',
    ]);
  });

  it('has no choice for someone who owns no cluster: ticks stay in the browser', async () => {
    await renderPlan(mockKubeSecurityApi(), {
      ownership: [USER, 'group:default/storefront'],
    });
    await screen.findByRole('heading', { name: mfa.title });
    expect(
      screen.queryByRole('button', { name: /Record ticks/ }),
    ).not.toBeInTheDocument();
    await userEvent.click(box(mfa.title));
    expect(
      JSON.parse(window.localStorage.getItem(doneItemsStorageKey(USER))!),
    ).toEqual(['cloud-mfa-enforced']);
  });

  const active = makeAttestation({
    itemId: 'cloud-mfa-enforced',
    entityRef: EKS_REF,
    expiresAt: '2099-03-05T23:59:59.999Z',
  });

  function apiWithAttestations() {
    const revoked = makeAttestation({
      itemId: 'image-pipeline-checks',
      entityRef: EKS_REF,
      revokedAt: new Date().toISOString(),
    });
    const expired = makeAttestation({
      itemId: 'cluster-audit-logging',
      entityRef: EKS_REF,
      expiresAt: '2020-01-01T00:00:00.000Z',
    });
    return mockKubeSecurityApi({
      getEntityDecisions: async () =>
        decisionsResponse({
          entityRef: EKS_REF,
          attestations: [active, revoked, expired],
        }),
    });
  }

  it('shows the active attestations as done and attests on a tick', async () => {
    const api = apiWithAttestations();
    await renderPlan(api);
    await chooseTarget('As attestations on eks-prod-eu');

    await waitFor(() => expect(box(mfa.title)).toBeChecked());
    expect(api.getEntityDecisions).toHaveBeenCalledWith({
      kind: 'Resource',
      namespace: 'default',
      name: 'eks-prod-eu',
    });
    expect(screen.getByText(/^Attested until .*2099/)).toBeInTheDocument();
    expect(box(pipeline.title)).not.toBeChecked();
    expect(box(logging.title)).not.toBeChecked();
    expect(screen.getByText(/1 of 3 done on Amazon EKS/)).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'eks-prod-eu' }),
    ).toBeInTheDocument();

    // Ticking an item asks for the statement and evidence, then records them.
    await userEvent.click(box(pipeline.title));
    const dialog = await screen.findByRole('dialog', { name: 'Attest' });
    expect(within(dialog).getByText(pipeline.title)).toBeInTheDocument();
    await fill(
      within(dialog).getByLabelText(/^Statement/),
      'Every image is built by the shared pipeline',
    );
    await fill(
      within(dialog).getByLabelText(/^Evidence link/),
      'https://wiki.example.com/pipeline',
    );
    const loads = api.getEntityDecisions.mock.calls.length;
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Attest' }),
    );
    await waitFor(() =>
      expect(api.createAttestation).toHaveBeenCalledWith(
        { kind: 'Resource', namespace: 'default', name: 'eks-prod-eu' },
        expect.objectContaining({
          itemId: 'image-pipeline-checks',
          statement: 'Every image is built by the shared pipeline',
          evidenceUrl: 'https://wiki.example.com/pipeline',
        }),
      ),
    );
    await waitFor(() =>
      expect(api.getEntityDecisions.mock.calls.length).toBeGreaterThan(loads),
    );
    // Nothing went to the browser's own ticks.
    expect(window.localStorage.getItem(doneItemsStorageKey(USER))).toBeNull();
  });

  it('revokes the attestation, with a reason, when its tick is cleared', async () => {
    const api = apiWithAttestations();
    await renderPlan(api);
    await chooseTarget('As attestations on eks-prod-eu');
    await waitFor(() => expect(box(mfa.title)).toBeChecked());
    await userEvent.click(box(mfa.title));
    const revoke = await screen.findByRole('dialog', {
      name: 'Revoke attestation',
    });
    await fill(
      within(revoke).getByLabelText(/^Reason/),
      'MFA is enforced by the new IdP instead',
    );
    await userEvent.click(
      within(revoke).getByRole('button', { name: 'Revoke' }),
    );
    await waitFor(() =>
      expect(api.revokeAttestation).toHaveBeenCalledWith(
        active.id,
        'MFA is enforced by the new IdP instead',
      ),
    );
    expect(api.createAttestation).not.toHaveBeenCalled();
  });

  it('keeps the boxes shut with the reason when the policy refuses attesting on the cluster', async () => {
    const api = mockKubeSecurityApi({
      getEntityDecisions: async () =>
        decisionsResponse({ entityRef: 'resource:default/aks-shared' }),
    });
    await renderPlan(api, {
      permissionApi: permissionApiThat(name =>
        name === 'kube-security.attestation.create' ? 'DENY' : 'ALLOW',
      ),
    });
    await chooseTarget('As attestations on AKS shared');
    expect(
      await screen.findByText(/You may not attest on AKS shared/),
    ).toBeInTheDocument();
    expect(box(mfa.title)).toBeDisabled();
    expect(api.createAttestation).not.toHaveBeenCalled();
  });

  it('says so when the cluster’s attestations cannot be loaded', async () => {
    const api = mockKubeSecurityApi({
      getEntityDecisions: async () => {
        throw new Error('boom');
      },
    });
    await renderPlan(api);
    await chooseTarget('As attestations on eks-prod-eu');
    expect(
      await screen.findByText(/Could not load the attestations of eks-prod-eu/),
    ).toBeInTheDocument();
  });
});

describe('activeAttestations', () => {
  it('keeps the latest unexpired, unrevoked attestation of each item', () => {
    const now = Date.parse('2027-01-01T00:00:00Z');
    const early = makeAttestation({
      itemId: 'cloud-mfa-enforced',
      expiresAt: '2027-02-01T00:00:00Z',
    });
    const late = makeAttestation({
      itemId: 'cloud-mfa-enforced',
      expiresAt: '2027-06-01T00:00:00Z',
    });
    const gone = makeAttestation({
      itemId: 'image-pipeline-checks',
      expiresAt: '2026-12-31T23:59:59Z',
    });
    const active = activeAttestations([early, late, gone], now);
    expect([...active.keys()]).toEqual(['cloud-mfa-enforced']);
    expect(active.get('cloud-mfa-enforced')).toBe(late);
  });
});
