import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { PermissionApi } from '@backstage/plugin-permission-react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  ActionItemId,
  EntityDecisionsResponse,
  EntityPlanResponse,
  getActionItem,
  getCheckDefinition,
  RiskException,
} from '@kube-security/plugin-kube-security-common';
import {
  auditEvent,
  auditPage,
  decisionsResponse,
  entityPlanResponse,
  findingException,
  httpError,
  makeAttestation,
  makeException,
  makePlan,
  mockKubeSecurityApi,
  MockKubeSecurityApi,
  PAYMENTS_FINDINGS,
  withDecisions,
} from '../../__testUtils__/fixtures';
import { permissionApiThat, renderWithApi } from '../../__testUtils__/render';
import { STATUS_LABELS } from '../common';
import { formatExpiryDay } from '../decisions';
import { EntityKubeSecurityContent } from './EntityKubeSecurityContent';

function component(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, annotations: { 'backstage.io/kubernetes-id': name } },
    spec: { type: 'service', owner: 'payments', lifecycle: 'production' },
  };
}

/** Switches the status filter from its default ("Needs work") to every item. */
async function showAllItems() {
  await userEvent.click(screen.getByRole('button', { name: 'Status' }));
  await userEvent.click(screen.getByRole('option', { name: /^All items/ }));
}

async function renderTab(
  api: MockKubeSecurityApi,
  options: {
    entity?: Entity;
    permissionApi?: PermissionApi;
    /** Decided items need no work, so the default filter hides them. */
    allItems?: boolean;
  } = {},
) {
  await renderWithApi(
    <EntityProvider entity={options.entity ?? component('payments-api')}>
      <EntityKubeSecurityContent />
    </EntityProvider>,
    api,
    { permissionApi: options.permissionApi },
  );
  await screen.findByText('Security action plan');
  if (options.allItems) await showAllItems();
}

function apiWith(response: {
  plan: EntityPlanResponse;
  decisions: EntityDecisionsResponse;
}) {
  return mockKubeSecurityApi({
    getEntityPlan: async () => response.plan,
    getEntityDecisions: async () => response.decisions,
  });
}

const title = (id: ActionItemId) => getActionItem(id).title;

function itemRow(id: ActionItemId): HTMLElement {
  return screen
    .getAllByRole('listitem')
    .find(li => li.querySelector(`[data-item-id="${id}"]`))!;
}

/** The item's list entry, opened so its details are mounted. */
async function openItem(id: ActionItemId): Promise<HTMLElement> {
  const row = itemRow(id);
  const summary = within(row).getByRole('button', {
    name: new RegExp(`^(Priority \\d+ )?${title(id)}`),
  });
  if (summary.getAttribute('aria-expanded') !== 'true') {
    await userEvent.click(summary);
  }
  return row;
}

const escapeRegExp = (text: string) =>
  text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Opens the actions menu of a finding row and returns its Accept risk entry. */
async function acceptRiskMenuItem(container: HTMLElement, finding: string) {
  await userEvent.click(
    within(container).getByRole('button', { name: `Actions for ${finding}` }),
  );
  return screen.findByRole('menuitem', {
    name: new RegExp(`^Accept risk for ${escapeRegExp(finding)}`),
  });
}

/** A decision button, once the permission answer has arrived. */
async function enabledButton(container: HTMLElement, name: string | RegExp) {
  const button = within(container).getByRole('button', { name });
  await waitFor(() => expect(button).toBeEnabled());
  return button;
}

const day = (days: number) =>
  new Date(Date.now() + days * 86400_000).toISOString().slice(0, 10);

const [privileged] = PAYMENTS_FINDINGS;
const literalSecret = PAYMENTS_FINDINGS.find(
  f => f.checkId === 'image-externalized-config/literal-secret-env',
)!;

function decidedPlan() {
  const itemWide = makeException({
    scope: 'item',
    itemId: 'workload-network-policies',
    justification: 'A service mesh policy restricts ingress instead',
    ticketUrl: 'https://jira.example.com/browse/SEC-7',
  });
  const onFinding = findingException(privileged, {
    justification: 'Envoy needs privileges until the CNI migration',
  });
  const fromAnnotation = findingException(literalSecret, {
    source: 'annotation',
    createdBy: 'annotation:eks-prod-eu/Deployment/payments/payments-worker',
    justification: 'Legacy worker, retired next quarter',
  });
  const attestation = makeAttestation({ itemId: 'image-pipeline-checks' });
  return {
    itemWide,
    onFinding,
    fromAnnotation,
    attestation,
    ...withDecisions({
      exceptions: [itemWide, onFinding, fromAnnotation],
      attestations: [attestation],
    }),
  };
}

describe('EntityKubeSecurityContent decisions', () => {
  it('shows an accepted item with its justification, author, ticket and a revoke button', async () => {
    const { itemWide, ...response } = decidedPlan();
    await renderTab(apiWith(response), { allItems: true });
    const row = itemRow('workload-network-policies');
    expect(within(row).getByText(STATUS_LABELS.accepted)).toBeInTheDocument();
    expect(
      within(row).getByText(
        `Accepted until ${formatExpiryDay(itemWide.expiresAt)}`,
      ),
    ).toBeInTheDocument();

    await openItem('workload-network-policies');
    const entry = within(row).getByRole('group', {
      name: 'Accepted risk: The whole item',
    });
    expect(within(entry).getByText(itemWide.justification)).toBeVisible();
    expect(within(entry).getByRole('link', { name: 'jane.doe' })).toBeVisible();
    expect(
      within(entry).getByRole('link', { name: /^Ticket/ }),
    ).toHaveAttribute('href', itemWide.ticketUrl);
    expect(within(entry).getByText(/Accepted in Backstage/)).toBeVisible();
    expect(
      within(entry).getByRole('button', { name: 'Revoke accepted risk' }),
    ).toBeInTheDocument();
    // Nothing left to accept on an accepted item.
    expect(
      within(row).queryByRole('button', { name: 'Accept risk' }),
    ).not.toBeInTheDocument();
  });

  it('marks an accepted finding in its row, with the justification on hover', async () => {
    const { onFinding, ...response } = decidedPlan();
    await renderTab(apiWith(response));
    const row = await openItem('workload-admission-policy');
    const table = within(row).getByRole('table', {
      name: 'Affected resources',
    });
    const accepted = within(table)
      .getAllByRole('row')
      .filter(r => r.getAttribute('data-accepted') === 'true');
    expect(accepted).toHaveLength(1);
    expect(within(accepted[0]).getByText(privileged.message)).toBeVisible();
    // The row says it is accepted, until when and by whom, and offers no menu.
    const state = within(accepted[0]).getByText(
      `Accepted until ${formatExpiryDay(onFinding.expiresAt)} by jane.doe`,
    );
    expect(
      within(accepted[0]).queryByRole('button', { name: /^Actions for / }),
    ).not.toBeInTheDocument();
    await userEvent.hover(state);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      onFinding.justification,
    );
    // The other findings say they are open, and can still be accepted one by one.
    const open = within(table)
      .getAllByRole('row')
      .slice(1)
      .filter(r => r.getAttribute('data-accepted') !== 'true');
    expect(open.length).toBeGreaterThan(0);
    for (const r of open) {
      expect(within(r).getByText('Open')).toBeInTheDocument();
      expect(
        within(r).getByRole('button', {
          name: /^Actions for .+ on Deployment /,
        }),
      ).toBeInTheDocument();
    }
    expect(within(row).getByText(/1 finding accepted/)).toBeInTheDocument();
  });

  it('says an annotation exception is removed with the annotation, not from here', async () => {
    const { fromAnnotation, ...response } = decidedPlan();
    await renderTab(apiWith(response), { allItems: true });
    const row = await openItem('image-externalized-config');
    const entry = within(row).getByRole('group', {
      name: /^Accepted risk: One finding/,
    });
    expect(within(entry).getByText(fromAnnotation.justification)).toBeVisible();
    expect(
      within(entry).getByText(
        'Annotation on Deployment payments/payments-worker on eks-prod-eu',
      ),
    ).toBeVisible();
    expect(within(entry).getByText(/remove the annotation/)).toBeVisible();
    expect(
      within(entry).queryByRole('button', { name: /Revoke/ }),
    ).not.toBeInTheDocument();
  });

  it('shows an attested item apart from passing ones, with statement, author and evidence', async () => {
    const { attestation, ...response } = decidedPlan();
    await renderTab(apiWith(response), { allItems: true });
    const row = itemRow('image-pipeline-checks');
    expect(within(row).getByText(STATUS_LABELS.attested)).toBeInTheDocument();
    expect(row.querySelector('[data-status="pass"]')).toBeNull();
    expect(
      within(row).getByText(
        `Attested until ${formatExpiryDay(attestation.expiresAt)}`,
      ),
    ).toBeInTheDocument();
    expect(row.querySelector('[data-status="attested"]')).toBeInTheDocument();

    await openItem('image-pipeline-checks');
    const entry = within(row).getByRole('group', { name: 'Attestation' });
    expect(within(entry).getByText(attestation.statement)).toBeVisible();
    expect(within(entry).getByRole('link', { name: 'jane.doe' })).toBeVisible();
    expect(
      within(entry).getByRole('link', { name: /^Evidence/ }),
    ).toHaveAttribute('href', attestation.evidenceUrl);
    expect(
      within(row).getByRole('button', { name: 'Renew attestation' }),
    ).toBeInTheDocument();
  });

  it('accepts the risk of a whole item, then shows the reloaded plan', async () => {
    let exceptions: RiskException[] = [];
    const api = mockKubeSecurityApi({
      getEntityPlan: async () =>
        entityPlanResponse({
          plan: makePlan(undefined, 'eks', { exceptions }),
        }),
      getEntityDecisions: async () => decisionsResponse({ exceptions }),
      createException: async (_entity, request) => {
        const created = makeException({
          ...request,
          expiresAt: `${request.expiresAt}T23:59:59.999Z`,
        });
        exceptions = [created];
        return created;
      },
    });
    await renderTab(api);
    const row = await openItem('workload-admission-policy');
    await userEvent.click(await enabledButton(row, 'Accept risk'));

    const dialog = screen.getByRole('dialog', { name: 'Accept risk' });
    await userEvent.click(within(dialog).getByLabelText(/^Justification/));
    await userEvent.paste('Privileged pods are isolated on their own nodes');
    fireEvent.change(within(dialog).getByLabelText(/^Expires on/), {
      target: { value: day(45) },
    });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Accept risk' }),
    );

    await waitFor(() =>
      expect(
        screen.queryByRole('dialog', { name: 'Accept risk' }),
      ).not.toBeInTheDocument(),
    );
    expect(api.createException).toHaveBeenCalledWith(
      { kind: 'Component', namespace: 'default', name: 'payments-api' },
      {
        scope: 'item',
        itemId: 'workload-admission-policy',
        justification: 'Privileged pods are isolated on their own nodes',
        expiresAt: day(45),
      },
    );
    expect(api.getEntityPlan).toHaveBeenCalledTimes(2);
    expect(api.getEntityDecisions).toHaveBeenCalledTimes(2);
    // Decided, the item needs no more work: it leaves the default view.
    await waitFor(() =>
      expect(
        screen.queryByText(title('workload-admission-policy')),
      ).not.toBeInTheDocument(),
    );
    await showAllItems();
    const summary = within(itemRow('workload-admission-policy')).getByRole(
      'button',
      { name: new RegExp(`^${title('workload-admission-policy')}`) },
    );
    expect(
      await within(summary).findByText(
        `Accepted until ${formatExpiryDay(`${day(45)}T23:59:59.999Z`)}`,
      ),
    ).toBeInTheDocument();
    expect(
      within(summary).getByText(STATUS_LABELS.accepted),
    ).toBeInTheDocument();
  });

  it('accepts a check on a whole resource from a finding row', async () => {
    const api = mockKubeSecurityApi();
    await renderTab(api);
    const row = await openItem('workload-admission-policy');
    const entry = await acceptRiskMenuItem(
      row,
      `${
        getCheckDefinition(privileged.checkId)!.title
      } on Deployment payments/payments-api, container envoy on eks-prod-eu`,
    );
    await waitFor(() =>
      expect(entry).not.toHaveAttribute('aria-disabled', 'true'),
    );
    await userEvent.click(entry);
    const dialog = screen.getByRole('dialog', { name: 'Accept risk' });
    await userEvent.click(
      within(dialog).getByRole('radio', {
        name: /^This check on the whole resource/,
      }),
    );
    await userEvent.click(within(dialog).getByLabelText(/^Justification/));
    await userEvent.paste('Envoy needs privileges until the CNI migration');
    await userEvent.click(within(dialog).getByLabelText(/^Ticket link/));
    await userEvent.paste('https://jira.example.com/browse/SEC-9');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Accept risk' }),
    );
    await waitFor(() => expect(api.createException).toHaveBeenCalledTimes(1));
    expect(api.createException.mock.calls[0][1]).toEqual({
      scope: 'check',
      itemId: 'workload-admission-policy',
      checkId: privileged.checkId,
      findingId: privileged.id,
      justification: 'Envoy needs privileges until the CNI migration',
      ticketUrl: 'https://jira.example.com/browse/SEC-9',
      expiresAt: day(90),
    });
  });

  it("shows the backend's refusal in the dialog and keeps it open", async () => {
    const message =
      'Invalid exception: justification: must not repeat the finding message';
    const api = mockKubeSecurityApi({
      createException: async () => {
        throw Object.assign(httpError(400, 'Bad Request'), {
          cause: { name: 'InputError', message },
        });
      },
    });
    await renderTab(api);
    const row = await openItem('workload-admission-policy');
    await userEvent.click(await enabledButton(row, 'Accept risk'));
    const dialog = screen.getByRole('dialog', { name: 'Accept risk' });
    await userEvent.click(within(dialog).getByLabelText(/^Justification/));
    await userEvent.paste('Accepted for the quarter');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Accept risk' }),
    );
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(message);
    expect(within(dialog).getByLabelText(/^Justification/)).toHaveValue(
      'Accepted for the quarter',
    );
    expect(api.getEntityPlan).toHaveBeenCalledTimes(1);
  });

  it('disables accepting and attesting, saying why, when the policy denies it', async () => {
    // usePermission caches answers per entity for the whole file: a fresh entity.
    const permissionApi = permissionApiThat(() => 'DENY');
    await renderTab(mockKubeSecurityApi(), {
      entity: component('ledger-api'),
      permissionApi,
    });
    const row = await openItem('workload-admission-policy');
    expect(
      await within(row).findByText(/You may not accept risks for this entity/),
    ).toBeVisible();
    expect(
      within(row).getByRole('button', { name: 'Accept risk' }),
    ).toBeDisabled();
    // In a finding row's menu, Accept risk is disabled and says why.
    const menuButtons = within(row).getAllByRole('button', {
      name: /^Actions for /,
    });
    expect(menuButtons.length).toBeGreaterThan(0);
    await userEvent.click(menuButtons[0]);
    const entry = await screen.findByRole('menuitem', {
      name: /^Accept risk for /,
    });
    expect(entry).toHaveAttribute('aria-disabled', 'true');
    expect(entry).toHaveTextContent(/You may not accept risks for this entity/);
    await userEvent.keyboard('{Escape}');
    const pipeline = await openItem('image-pipeline-checks');
    expect(
      within(pipeline).getByRole('button', { name: 'Attest' }),
    ).toBeDisabled();
    expect(
      within(pipeline).getByText(/You may not attest items of this entity/),
    ).toBeVisible();

    const asked = permissionApi.authorize.mock.calls.map(([request]) => [
      request.permission.name,
      (request as { resourceRef?: string }).resourceRef,
    ]);
    expect(asked).toEqual(
      expect.arrayContaining([
        ['kube-security.exception.create', 'component:default/ledger-api'],
        ['kube-security.attestation.create', 'component:default/ledger-api'],
      ]),
    );
  });

  it('attests an item that no scan can verify', async () => {
    const api = mockKubeSecurityApi();
    await renderTab(api);
    const row = itemRow('image-pipeline-checks');
    expect(within(row).getByText(STATUS_LABELS.unknown)).toBeInTheDocument();
    await openItem('image-pipeline-checks');
    // Nothing was found, so there is no finding to accept on its own.
    expect(
      within(row).queryByRole('button', { name: /^Actions for/ }),
    ).not.toBeInTheDocument();
    await userEvent.click(await enabledButton(row, 'Attest'));
    const dialog = screen.getByRole('dialog', { name: 'Attest' });
    await userEvent.click(within(dialog).getByLabelText(/^Statement/));
    await userEvent.paste('Every image is built by the shared pipeline');
    await userEvent.click(within(dialog).getByLabelText(/^Evidence link/));
    await userEvent.paste('https://wiki.example.com/pipeline');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Attest' }),
    );
    await waitFor(() =>
      expect(api.createAttestation).toHaveBeenCalledWith(
        { kind: 'Component', namespace: 'default', name: 'payments-api' },
        {
          itemId: 'image-pipeline-checks',
          statement: 'Every image is built by the shared pipeline',
          evidenceUrl: 'https://wiki.example.com/pipeline',
          expiresAt: day(90),
        },
      ),
    );
    await waitFor(() => expect(api.getEntityPlan).toHaveBeenCalledTimes(2));
  });

  it('offers no attestation for items a scan can check', async () => {
    await renderTab(mockKubeSecurityApi());
    const row = await openItem('workload-admission-policy');
    await enabledButton(row, 'Accept risk');
    expect(
      within(row).queryByRole('button', { name: 'Attest' }),
    ).not.toBeInTheDocument();
  });

  it("revokes a user's exception with a reason", async () => {
    const { itemWide, ...response } = decidedPlan();
    const api = apiWith(response);
    await renderTab(api, { allItems: true });
    const row = await openItem('workload-network-policies');
    await userEvent.click(await enabledButton(row, 'Revoke accepted risk'));
    const dialog = screen.getByRole('dialog', {
      name: 'Revoke accepted risk',
    });
    await userEvent.click(within(dialog).getByLabelText(/^Reason/));
    await userEvent.paste('The mesh policy was removed');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Revoke' }),
    );
    await waitFor(() =>
      expect(api.revokeException).toHaveBeenCalledWith(
        itemWide.id,
        'The mesh policy was removed',
      ),
    );
    await waitFor(() =>
      expect(api.getEntityDecisions).toHaveBeenCalledTimes(2),
    );
  });

  it('filters accepted and attested items apart from the open ones', async () => {
    const { plan, decisions } = decidedPlan();
    await renderTab(apiWith({ plan, decisions }));
    const select = () => screen.getByRole('button', { name: 'Status' });
    const accepted = plan.plan.items
      .filter(i => i.status === 'accepted')
      .map(i => i.title);
    // The item-wide exception, and the item whose only finding is accepted.
    expect(accepted).toEqual(
      expect.arrayContaining([
        title('workload-network-policies'),
        title('image-externalized-config'),
      ]),
    );

    await userEvent.click(select());
    await userEvent.click(
      screen.getByRole('option', {
        name: `${STATUS_LABELS.accepted} (${accepted.length})`,
      }),
    );
    const list = screen.getByRole('list', { name: 'Action items' });
    expect(
      within(list)
        .getAllByRole('heading', { level: 3 })
        .map(h => h.textContent),
    ).toEqual(accepted);

    await userEvent.click(select());
    await userEvent.click(screen.getByRole('option', { name: /^Needs work/ }));
    const open = within(screen.getByRole('list', { name: 'Action items' }))
      .getAllByRole('heading', { level: 3 })
      .map(h => h.textContent);
    expect(open).not.toContain(title('workload-network-policies'));
    expect(open).not.toContain(title('image-pipeline-checks'));
    expect(open).toHaveLength(
      plan.plan.items.filter(i =>
        ['fail', 'partial', 'unknown'].includes(i.status),
      ).length,
    );
  });

  it('keeps the plan when the decisions cannot be loaded, and says so', async () => {
    const api = mockKubeSecurityApi({
      getEntityDecisions: async () => {
        throw new TypeError('Failed to fetch');
      },
    });
    await renderTab(api);
    expect(
      await screen.findByText(
        /Could not load the accepted risks and attestations/,
      ),
    ).toBeVisible();
    const row = await openItem('workload-admission-policy');
    expect(
      within(row).getByRole('button', { name: 'Accept risk' }),
    ).toBeDisabled();
  });

  describe('decision history', () => {
    const events = [
      auditEvent({
        action: 'exception.revoke',
        itemId: 'workload-network-policies',
        actor: 'user:default/sam.lee',
        reason: 'The mesh policy was removed',
        at: '2030-02-03T10:00:00Z',
      }),
      auditEvent({
        action: 'exception.create',
        itemId: 'image-externalized-config',
        actor: 'annotation:eks-prod-eu/Deployment/payments/payments-worker',
        reason: 'Legacy worker, retired next quarter',
        details: {
          scope: 'finding',
          resource: 'eks-prod-eu/Deployment/payments/payments-worker',
          expiresAt: '2030-04-30T23:59:59.999Z',
        },
        at: '2030-02-02T10:00:00Z',
      }),
      auditEvent({
        action: 'attestation.expire',
        itemId: 'image-pipeline-checks',
        actor: 'system',
        reason: 'Expired on 2030-02-01T23:59:59.999Z',
        at: '2030-02-02T00:00:00Z',
      }),
    ];

    it('loads when opened, newest first, with who, what, item and why', async () => {
      const api = mockKubeSecurityApi({
        getAuditTrail: async q => auditPage(q, events),
      });
      await renderTab(api);
      expect(api.getAuditTrail).not.toHaveBeenCalled();
      await userEvent.click(
        screen.getByRole('button', { name: /Decision history/ }),
      );
      const table = await screen.findByRole('table', {
        name: 'Decision history',
      });
      expect(api.getAuditTrail).toHaveBeenCalledWith({
        offset: 0,
        limit: 10,
        entityRef: 'component:default/payments-api',
      });
      const rows = within(table).getAllByRole('row').slice(1);
      expect(rows.map(r => r.getAttribute('data-action'))).toEqual(
        events.map(e => e.action),
      );
      expect(
        within(rows[0]).getByRole('link', { name: 'sam.lee' }),
      ).toBeVisible();
      expect(
        within(rows[0]).getByText('Revoked an accepted risk'),
      ).toBeVisible();
      expect(
        within(rows[0]).getByText(title('workload-network-policies')),
      ).toBeVisible();
      expect(
        within(rows[0]).getByText('The mesh policy was removed'),
      ).toBeVisible();
      expect(
        within(rows[1]).getByText(
          'Annotation on Deployment payments/payments-worker on eks-prod-eu',
        ),
      ).toBeVisible();
      expect(
        within(rows[1]).getByText(
          /^Accepted a risk: One finding, eks-prod-eu\/Deployment\/payments\/payments-worker, until Apr 30, 2030$/,
        ),
      ).toBeVisible();
      expect(within(rows[2]).getByText('System (expiry)')).toBeVisible();
      expect(within(rows[2]).getByText('Attestation expired')).toBeVisible();
    });

    it('pages through a long history on the server', async () => {
      const many = Array.from({ length: 12 }, (_, i) =>
        auditEvent({
          action: 'exception.create',
          itemId: 'workload-admission-policy',
          reason: `Decision number ${i + 1}`,
        }),
      );
      const api = mockKubeSecurityApi({
        getAuditTrail: async q => auditPage(q, many),
      });
      await renderTab(api);
      await userEvent.click(
        screen.getByRole('button', { name: /Decision history/ }),
      );
      const section = screen.getByRole('region', { name: 'Decision history' });
      expect(await within(section).findByText('1-10 of 12')).toBeVisible();
      await userEvent.click(
        within(section).getByRole('button', { name: 'Next page' }),
      );
      expect(
        await within(section).findByText('Decision number 11'),
      ).toBeVisible();
      expect(api.getAuditTrail).toHaveBeenLastCalledWith({
        offset: 10,
        limit: 10,
        entityRef: 'component:default/payments-api',
      });
    });

    it('says when nothing was decided yet', async () => {
      await renderTab(mockKubeSecurityApi());
      await userEvent.click(
        screen.getByRole('button', { name: /Decision history/ }),
      );
      expect(
        await screen.findByText('No decision recorded for this entity yet.'),
      ).toBeVisible();
    });
  });
});
