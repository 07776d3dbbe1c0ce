import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { textContentMatcher } from '@backstage/test-utils';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  CATEGORY_TITLES,
  ClusterStatus,
  getActionItem,
  isOpenStatus,
  PlanItem,
  PROVIDER_TITLES,
  Provider,
} from '@kube-security/plugin-kube-security-common';
import {
  CLUSTERS,
  entityPlanResponse,
  httpError,
  makeFinding,
  makePlan,
  mockKubeSecurityApi,
  MockKubeSecurityApi,
  PAYMENTS_FINDINGS,
} from '../../__testUtils__/fixtures';
import { renderWithApi } from '../../__testUtils__/render';
import { STATUS_LABELS } from '../common';
import { EntityKubeSecurityContent } from './EntityKubeSecurityContent';

const paymentsApi: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    annotations: { 'backstage.io/kubernetes-id': 'payments-api' },
  },
  spec: { type: 'service', owner: 'payments', lifecycle: 'production' },
};

async function renderTab(
  api: MockKubeSecurityApi,
  entity: Entity = paymentsApi,
) {
  return renderWithApi(
    <EntityProvider entity={entity}>
      <EntityKubeSecurityContent />
    </EntityProvider>,
    api,
  );
}

/** Item titles in the order the page shows them. */
function renderedItemTitles(): string[] {
  const list = screen.getByRole('list', { name: 'Action items' });
  return within(list)
    .getAllByRole('heading', { level: 3 })
    .map(h => h.textContent ?? '');
}

/** The list entry of an item, opened so its details are mounted. */
async function openItem(title: string): Promise<HTMLElement> {
  const row = screen
    .getAllByRole('listitem')
    .find(li => within(li).queryByText(title))!;
  const summary = within(row).queryAllByRole('button', { expanded: false })[0];
  if (summary) await userEvent.click(summary);
  return row;
}

/** The items that need work (fail, partial, unknown), in plan order. */
const needsWork = (items: PlanItem[]) =>
  items.filter(i => isOpenStatus(i.status));

/** Switches the status filter from its default ("Needs work") to every item. */
async function showAllItems() {
  await userEvent.click(screen.getByRole('button', { name: 'Status' }));
  await userEvent.click(screen.getByRole('option', { name: /^All items/ }));
}

/** A command that one provider's remediation has and another's does not. */
function commandOnlyIn(itemId: string, provider: Provider, other: Provider) {
  const item = getActionItem(itemId);
  const others = new Set(item.remediation[other].steps.map(s => s.command));
  const command = item.remediation[provider].steps
    .map(s => s.command)
    .find(c => c !== undefined && !others.has(c));
  if (!command) throw new Error(`no ${provider}-only command for ${itemId}`);
  return command;
}

describe('EntityKubeSecurityContent', () => {
  it('asks for the plan of the entity it is shown on', async () => {
    const api = mockKubeSecurityApi();
    await renderTab(api);
    await screen.findByText('Security action plan');
    expect(api.getEntityPlan).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'payments-api',
    });
  });

  it('lists the items that need work in the order of the plan, with the score and grade', async () => {
    const response = entityPlanResponse();
    await renderTab(
      mockKubeSecurityApi({ getEntityPlan: async () => response }),
    );
    await screen.findByText('Security action plan');

    const open = needsWork(response.plan.items);
    expect(open.length).toBeLessThan(response.plan.items.length);
    expect(renderedItemTitles()).toEqual(open.map(i => i.title));
    expect(screen.getByRole('button', { name: 'Status' })).toHaveTextContent(
      `Needs work (${open.length})`,
    );
    expect(
      screen.getByText(`Score ${response.plan.score.value} of 100`),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('img', { name: `Grade ${response.plan.score.grade}` }),
    ).toBeInTheDocument();
  });

  it('shows each category with its number of open items', async () => {
    const response = entityPlanResponse();
    await renderTab(
      mockKubeSecurityApi({ getEntityPlan: async () => response }),
    );
    const chips = await screen.findByRole('group', {
      name: 'Filter by category',
    });
    for (const summary of response.plan.categories) {
      const label = `${CATEGORY_TITLES[summary.category]}: ${summary.open} ${
        summary.open === 1 ? 'item' : 'items'
      }`;
      expect(within(chips).getByText(label)).toBeInTheDocument();
    }
    // The fixture has real work in workloads and nothing open in the cloud.
    const workload = response.plan.categories.find(
      c => c.category === 'workload',
    )!;
    expect(workload.open).toBeGreaterThan(0);
  });

  it('filters by category and clears the filter on a second click', async () => {
    const response = entityPlanResponse();
    await renderTab(
      mockKubeSecurityApi({ getEntityPlan: async () => response }),
    );
    const chips = await screen.findByRole('group', {
      name: 'Filter by category',
    });
    const imageChip = within(chips).getByText(/^Image security:/);

    await userEvent.click(imageChip);
    const open = needsWork(response.plan.items);
    const imageTitles = open
      .filter(i => i.category === 'image')
      .map(i => i.title);
    expect(imageTitles.length).toBeGreaterThan(0);
    expect(renderedItemTitles()).toEqual(imageTitles);
    expect(imageTitles.length).toBeLessThan(open.length);

    await userEvent.click(imageChip);
    expect(renderedItemTitles()).toHaveLength(open.length);
  });

  it('filters by status', async () => {
    const response = entityPlanResponse();
    await renderTab(
      mockKubeSecurityApi({ getEntityPlan: async () => response }),
    );
    await screen.findByText('Security action plan');

    const failing = response.plan.items.filter(i => i.status === 'fail');
    await userEvent.click(screen.getByRole('button', { name: 'Status' }));
    await userEvent.click(
      screen.getByRole('option', {
        name: `${STATUS_LABELS.fail} (${failing.length})`,
      }),
    );
    expect(renderedItemTitles()).toEqual(failing.map(i => i.title));

    await userEvent.click(screen.getByRole('button', { name: 'Status' }));
    const passing = response.plan.items.filter(i => i.status === 'pass');
    await userEvent.click(
      screen.getByRole('option', {
        name: `${STATUS_LABELS.pass} (${passing.length})`,
      }),
    );
    expect(renderedItemTitles()).toEqual(passing.map(i => i.title));
    expect(failing.length).toBeGreaterThan(0);
    expect(passing.length).toBeGreaterThan(0);
  });

  it('shows status, severity and reach of each item in words', async () => {
    const response = entityPlanResponse();
    await renderTab(
      mockKubeSecurityApi({ getEntityPlan: async () => response }),
    );
    await screen.findByText('Security action plan');
    const first = response.plan.items[0];
    const summary = screen.getByRole('button', {
      name: new RegExp(`^Priority 1 ${first.title}`),
    });
    expect(
      within(summary).getByText(STATUS_LABELS[first.status]),
    ).toBeInTheDocument();
    expect(
      within(summary).getByText(
        new RegExp(`^${first.severity} severity$`, 'i'),
      ),
    ).toBeInTheDocument();
    expect(
      within(summary).getByText(
        new RegExp(
          `${first.affected} resources? affected, ${first.exposed} internet-exposed`,
        ),
      ),
    ).toBeInTheDocument();
  });

  it('lists the affected resources with their evidence path', async () => {
    const response = entityPlanResponse();
    await renderTab(
      mockKubeSecurityApi({ getEntityPlan: async () => response }),
    );
    await screen.findByText('Security action plan');
    const item = response.plan.items.find(
      i => i.itemId === 'workload-admission-policy',
    )!;
    const row = await openItem(item.title);
    const table = within(row).getByRole('table', {
      name: 'Affected resources',
    });
    // One row per failing finding plus the header row.
    expect(within(table).getAllByRole('row')).toHaveLength(
      item.findings.length + 1,
    );
    for (const finding of item.findings) {
      const samePath = item.findings.filter(
        f => f.evidencePath === finding.evidencePath,
      );
      expect(within(table).getAllByText(finding.evidencePath!)).toHaveLength(
        samePath.length,
      );
      expect(within(table).getByText(finding.message)).toBeInTheDocument();
    }
    expect(
      within(row).getByText(getActionItem(item.itemId).why),
    ).toBeInTheDocument();
  });

  it('shows the standard control ids of each affected resource', async () => {
    const response = entityPlanResponse();
    const item = response.plan.items.find(
      i => i.itemId === 'workload-admission-policy',
    )!;
    expect(item.findings.length).toBeGreaterThan(1);
    const ids = ['CIS 5.2.2', 'PSS baseline: Privileged Containers'];
    item.findings[0] = { ...item.findings[0], standards: ids };
    item.findings[1] = { ...item.findings[1], standards: [] };
    await renderTab(
      mockKubeSecurityApi({ getEntityPlan: async () => response }),
    );
    await screen.findByText('Security action plan');
    const row = await openItem(item.title);
    const table = within(row).getByRole('table', {
      name: 'Affected resources',
    });
    const groups = within(table).getAllByRole('group', { name: 'Standards' });
    // Only the finding that carries ids shows them, each once.
    expect(groups).toHaveLength(1);
    expect(
      within(groups[0])
        .getAllByText(/./)
        .map(e => e.textContent),
    ).toEqual(ids);
    const firstRow = within(table)
      .getByText(item.findings[0].message)
      .closest('tr')!;
    expect(within(firstRow).getByRole('group', { name: 'Standards' })).toBe(
      groups[0],
    );
  });

  it('shows every item on "All items", numbering only those that need work', async () => {
    const response = entityPlanResponse();
    await renderTab(
      mockKubeSecurityApi({ getEntityPlan: async () => response }),
    );
    await screen.findByText('Security action plan');
    await showAllItems();

    expect(renderedItemTitles()).toEqual(response.plan.items.map(i => i.title));
    const list = screen.getByRole('list', { name: 'Action items' });
    const numbers = within(list)
      .queryAllByLabelText(/^Priority \d+$/)
      .map(e => e.getAttribute('aria-label'));
    const open = needsWork(response.plan.items);
    expect(numbers).toEqual(open.map((_, i) => `Priority ${i + 1}`));
    // Passing and not-applicable items are listed without a number.
    const passing = response.plan.items.find(i => i.status === 'pass')!;
    const row = screen
      .getAllByRole('listitem')
      .find(li => within(li).queryByText(passing.title))!;
    expect(within(row).queryByLabelText(/^Priority/)).toBeNull();
    expect(within(row).queryByText(/^#/)).toBeNull();
  });

  it('opens an item on why it matters and how to fix it, before its decisions', async () => {
    const response = entityPlanResponse();
    await renderTab(
      mockKubeSecurityApi({ getEntityPlan: async () => response }),
    );
    await screen.findByText('Security action plan');
    const row = await openItem(
      getActionItem('workload-admission-policy').title,
    );
    const headings = within(row)
      .getAllByRole('heading', { level: 4 })
      .map(h => h.textContent);
    const at = (text: string) => headings.indexOf(text);
    expect(at('Why it matters')).toBeGreaterThanOrEqual(0);
    expect(at('How to fix it')).toBeGreaterThan(at('Why it matters'));
    expect(at('Decisions')).toBeGreaterThan(at('How to fix it'));
  });

  it("opens the remediation on the provider of the findings' cluster and switches to another", async () => {
    const response = entityPlanResponse({ provider: 'aks' });
    await renderTab(
      mockKubeSecurityApi({ getEntityPlan: async () => response }),
    );
    await screen.findByText('Security action plan');
    const itemId = 'workload-admission-policy';
    const title = getActionItem(itemId).title;
    const row = await openItem(title);

    // The findings are on eks-prod-eu, whatever the entity's first provider.
    const tabs = within(row).getAllByRole('tab');
    expect(tabs.map(t => t.textContent)).toEqual([
      `${PROVIDER_TITLES.eks} \u2014 eks-prod-eu`,
      PROVIDER_TITLES.gke,
      PROVIDER_TITLES.aks,
    ]);
    expect(tabs[0]).toHaveAttribute('aria-selected', 'true');

    const eksCommand = commandOnlyIn(itemId, 'eks', 'aks');
    const aksCommand = commandOnlyIn(itemId, 'aks', 'eks');
    expect(
      within(row).getAllByText(textContentMatcher(eksCommand)).length,
    ).toBeGreaterThan(0);
    expect(
      within(row).queryAllByText(textContentMatcher(aksCommand)),
    ).toHaveLength(0);

    await userEvent.click(
      within(row).getByRole('tab', { name: PROVIDER_TITLES.aks }),
    );
    expect(
      within(row).getAllByText(textContentMatcher(aksCommand)).length,
    ).toBeGreaterThan(0);
    expect(
      within(row).queryAllByText(textContentMatcher(eksCommand)),
    ).toHaveLength(0);
  });

  it("gives each finding's cluster its provider's steps, named and filled with the finding's values", async () => {
    const aks: ClusterStatus = {
      ...CLUSTERS[0],
      name: 'aks-shared',
      provider: 'aks',
    };
    // As storefront-web in the demo: one item only on EKS, one on both clusters.
    const findings = [
      ...PAYMENTS_FINDINGS.filter(
        f => f.itemId !== 'workload-admission-policy',
      ),
      makeFinding('workload-admission-policy/privileged-container', {
        cluster: 'aks-shared',
        namespace: 'shop',
        kind: 'Deployment',
        name: 'storefront-web',
        container: 'web',
      }),
      makeFinding('workload-admission-policy/run-as-root', {
        cluster: 'eks-prod-eu',
        namespace: 'storefront',
        kind: 'Deployment',
        name: 'storefront-web',
        container: 'web',
      }),
      makeFinding('workload-admission-policy/run-as-root', {
        cluster: 'eks-prod-eu',
        namespace: 'storefront',
        kind: 'Deployment',
        name: 'storefront-web',
        container: 'sidecar',
      }),
    ];
    const response = entityPlanResponse({
      provider: 'aks',
      plan: makePlan(findings, 'aks'),
      clusters: [aks, CLUSTERS[0]],
    });
    await renderTab(
      mockKubeSecurityApi({ getEntityPlan: async () => response }),
    );
    await screen.findByText('Security action plan');

    const network = await openItem(
      getActionItem('workload-network-policies').title,
    );
    expect(within(network).getAllByRole('tab')[0]).toHaveTextContent(
      `${PROVIDER_TITLES.eks} \u2014 eks-prod-eu`,
    );

    const admission = await openItem(
      getActionItem('workload-admission-policy').title,
    );
    const tabs = within(admission).getAllByRole('tab');
    expect(tabs.map(t => t.textContent)).toEqual([
      `${PROVIDER_TITLES.aks} \u2014 aks-shared`,
      `${PROVIDER_TITLES.eks} \u2014 eks-prod-eu`,
      PROVIDER_TITLES.gke,
    ]);
    // On AKS the one namespace is filled in; the catalog step keeps its placeholder.
    const labelStep = (provider: Provider) =>
      getActionItem('workload-admission-policy').remediation[
        provider
      ].steps.find(step => step.command?.includes('ns <namespace>'))!.command!;
    expect(labelStep('aks')).toContain('<namespace>');
    expect(
      within(admission).getAllByText(
        textContentMatcher(labelStep('aks').split('<namespace>').join('shop')),
      ).length,
    ).toBeGreaterThan(0);

    await userEvent.click(tabs[1]);
    const panel = within(admission).getByRole('tabpanel', {
      name: `${PROVIDER_TITLES.eks} \u2014 eks-prod-eu`,
    });
    expect(
      within(panel).getAllByText(
        textContentMatcher(
          labelStep('eks').split('<namespace>').join('storefront'),
        ),
      ).length,
    ).toBeGreaterThan(0);
    // Two containers on EKS: a step naming <container> keeps it and lists them.
    const containerStep = getActionItem(
      'workload-admission-policy',
    ).remediation.eks.steps.findIndex(step =>
      (step.command ?? step.manifest ?? '').includes('<container>'),
    );
    expect(containerStep).toBeGreaterThanOrEqual(0);
    const steps = within(panel).getAllByRole('listitem');
    expect(steps[containerStep]).toHaveTextContent(
      'Once for each: <container>: sidecar, web',
    );
  });

  it('warns above the plan when a cluster is stale, naming it and the reason', async () => {
    const stale = CLUSTERS[1];
    const response = entityPlanResponse({
      provider: 'gke',
      clusters: [stale],
      stale: true,
      dataFrom: stale.lastGoodScanAt,
    });
    await renderTab(
      mockKubeSecurityApi({ getEntityPlan: async () => response }),
    );
    expect(
      await screen.findByText(
        new RegExp(`latest scan of ${stale.name} did not complete`),
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(new RegExp(stale.staleReason!)),
    ).toBeInTheDocument();
    // The plan is still shown below the warning.
    expect(renderedItemTitles()).toHaveLength(
      needsWork(response.plan.items).length,
    );
  });

  it('opens every item for printing and closes them again afterwards', async () => {
    const response = entityPlanResponse();
    await renderTab(
      mockKubeSecurityApi({ getEntityPlan: async () => response }),
    );
    await screen.findByText('Security action plan');
    const summaries = () =>
      screen.getAllByRole('button', { name: /^Priority \d+ / });
    expect(
      summaries().filter(b => b.getAttribute('aria-expanded') === 'true'),
    ).toHaveLength(1);

    act(() => {
      window.dispatchEvent(new Event('beforeprint'));
    });
    expect(summaries().map(b => b.getAttribute('aria-expanded'))).toEqual(
      needsWork(response.plan.items).map(() => 'true'),
    );
    // The print rules hide the controls and the portal chrome.
    const css = document.querySelector(
      'style[data-ks-print-styles]',
    )?.textContent;
    expect(css).toMatch(/@media print/);
    expect(css).toMatch(/\[data-ks-print="hide"\] \{ display: none/);

    act(() => {
      window.dispatchEvent(new Event('afterprint'));
    });
    expect(
      summaries().filter(b => b.getAttribute('aria-expanded') === 'true'),
    ).toHaveLength(1);
  });

  it('downloads the PDF through the client', async () => {
    const createObjectURL = jest.fn(() => 'blob:plan');
    const revokeObjectURL = jest.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});
    const api = mockKubeSecurityApi();
    await renderTab(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Download PDF' }),
    );
    await waitFor(() => expect(click).toHaveBeenCalled());
    const ref = {
      kind: 'Component',
      namespace: 'default',
      name: 'payments-api',
    };
    expect(api.getEntityPlanPdf).toHaveBeenCalledWith(ref, {});
    expect(createObjectURL).toHaveBeenCalledWith(expect.any(Blob));
    const link = click.mock.instances[0] as unknown as HTMLAnchorElement;
    expect(link.download).toBe(
      'security-plan-component-default-payments-api.pdf',
    );

    // One provider's steps, in priority order (the default order).
    await userEvent.click(
      screen.getByRole('button', { name: 'More PDF layouts' }),
    );
    await userEvent.click(screen.getByRole('menuitem', { name: 'Google GKE' }));
    await waitFor(() => expect(click).toHaveBeenCalledTimes(2));
    expect(api.getEntityPlanPdf).toHaveBeenLastCalledWith(ref, {
      provider: 'gke',
      groupBy: 'priority',
    });
    const second = click.mock.instances[1] as unknown as HTMLAnchorElement;
    expect(second.download).toBe(
      'security-plan-component-default-payments-api-gke.pdf',
    );
    click.mockRestore();
  });

  it('says what to configure when no cluster is configured', async () => {
    await renderTab(
      mockKubeSecurityApi({ getClusters: async () => ({ clusters: [] }) }),
    );
    expect(
      await screen.findByText('No clusters are configured yet'),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(textContentMatcher('kubeSecurity:')).length,
    ).toBeGreaterThan(0);
  });

  it('explains the annotations on an entity that names no workload, without calling the backend', async () => {
    const api = mockKubeSecurityApi();
    await renderTab(api, { ...paymentsApi, metadata: { name: 'docs-site' } });
    expect(
      await screen.findByText(
        'This entity is not linked to any Kubernetes workload',
      ),
    ).toBeInTheDocument();
    expect(api.getEntityPlan).not.toHaveBeenCalled();
  });

  it('says what was looked for when no scanned workload maps to the entity', async () => {
    const response = entityPlanResponse({ mapped: false, clusters: [] });
    await renderTab(
      mockKubeSecurityApi({ getEntityPlan: async () => response }),
    );
    expect(
      await screen.findByText('No scanned workload matches this entity'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /backstage.io\/kubernetes-id=payments-api in the scanned clusters \(eks-prod-eu, gke-staging, aks-dev\)/,
      ),
    ).toBeInTheDocument();
  });

  it('shows a loading indicator until the plan arrives', async () => {
    let resolve: (
      value: ReturnType<typeof entityPlanResponse>,
    ) => void = () => {};
    const pending = new Promise<ReturnType<typeof entityPlanResponse>>(r => {
      resolve = r;
    });
    await renderTab(mockKubeSecurityApi({ getEntityPlan: () => pending }));
    expect(screen.getByTestId('progress')).toBeInTheDocument();
    resolve(entityPlanResponse());
    expect(await screen.findByText('Security action plan')).toBeInTheDocument();
  });

  it('shows the error when the backend is down', async () => {
    await renderTab(
      mockKubeSecurityApi({
        getEntityPlan: async () => {
          throw new TypeError('Failed to fetch');
        },
      }),
    );
    expect(
      await screen.findByText(/Could not load security findings/),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/Failed to fetch/).length).toBeGreaterThan(0);
    expect(screen.queryByText('Security action plan')).not.toBeInTheDocument();
  });

  it('shows a clear message when the backend denies access', async () => {
    await renderTab(
      mockKubeSecurityApi({
        getEntityPlan: async () => {
          throw httpError(403, 'Forbidden');
        },
      }),
    );
    expect(
      await screen.findByText(/You are not allowed to see security findings/),
    ).toBeInTheDocument();
  });
});
