import {
  CATEGORY_TITLES,
  getActionItem,
  getCheckDefinition,
  isOpenStatus,
  PROVIDER_TITLES,
} from '@kube-security/plugin-kube-security-common';
import { renderEntityPlanPdf } from './entityPlanPdf';
import { severityLabel, STATUS_LABELS } from './format';
import type { ResourceRef } from '@kube-security/plugin-kube-security-common';
import {
  clusterStatus,
  entityPlan,
  extractText,
  finding,
  paymentsApi,
  squash,
  typicalFindings,
  withoutPageBreaks,
} from './__testUtils__/fixtures';

const oneLine = (text: string) => text.replace(/\s+/g, ' ');

async function render(plan = entityPlan(), title = 'Payments API') {
  const pdf = await renderEntityPlanPdf(plan, title);
  const { text, pages } = await extractText(pdf);
  return { pdf, text: oneLine(text), raw: text, pages };
}

describe('renderEntityPlanPdf', () => {
  it('renders a multi-page PDF with the title, entity and score', async () => {
    const plan = entityPlan();
    const { pdf, text, pages } = await render(plan);

    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pages).toBeGreaterThan(1);
    expect(text).toContain('Kubernetes security action plan: Payments API');
    expect(text).toContain(plan.entityRef);
    expect(text).toContain(`Provider: ${PROVIDER_TITLES.eks}`);
    expect(text).toContain('2025-05-03 09:15 UTC');
    expect(text).toContain('Data from: 2025-05-02 08:30 UTC');

    const { value, grade } = plan.plan.score;
    expect(value).not.toBeNull();
    expect(text).toContain(`Score: ${value} / 100 \u00b7 Grade ${grade}`);
  });

  it('numbers every page in the footer', async () => {
    const { text, pages } = await render();
    for (let page = 1; page <= pages; page++) {
      expect(text).toContain(`Page ${page} of ${pages}`);
    }
  });

  it('lists the open and total counts of each category in category order', async () => {
    const plan = entityPlan();
    const { text } = await render(plan);
    const positions = plan.plan.categories.map(summary => {
      const line = `${CATEGORY_TITLES[summary.category]}: ${
        summary.open
      } open of ${summary.total}`;
      expect(text).toContain(line);
      return text.indexOf(line);
    });
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    // The typical findings leave two workload items open (admission, network policies).
    const workload = plan.plan.categories.find(c => c.category === 'workload');
    expect(workload?.open).toBe(2);
  });

  it('lists every open item in plan order with why it matters', async () => {
    const plan = entityPlan();
    const { text, raw } = await render(plan);
    const open = plan.plan.items.filter(item => isOpenStatus(item.status));
    expect(open.length).toBeGreaterThanOrEqual(5);

    const positions = open.map((item, i) => {
      const heading = `${i + 1}. ${item.title}`;
      expect(text).toContain(heading);
      return text.indexOf(heading);
    });
    for (let i = 1; i < positions.length; i++) {
      expect(positions[i]).toBeGreaterThan(positions[i - 1]);
    }
    // A paragraph may run over a page break; the footer is not part of it.
    const body = squash(
      withoutPageBreaks(raw, 'Kubernetes security action plan: Payments API'),
    );
    for (const item of open) {
      expect(body).toContain(squash(getActionItem(item.itemId).why));
    }
  });

  it('shows the affected resources with status, severity and evidence', async () => {
    const plan = entityPlan();
    const { text } = await render(plan);
    expect(text).toContain(
      'prod-eu-1 / payments / Deployment payments-api [internet-exposed]',
    );
    expect(text).toContain(
      'Container api: Container api runs privileged (Critical)',
    );
    expect(squash(text)).toContain(
      'spec.template.spec.containers[0].securityContext.privileged',
    );
    const networkCheck = getCheckDefinition(
      'workload-network-policies/ingress-not-restricted',
    )!;
    expect(text).toContain(
      `No NetworkPolicy selects the pods of payments-api (${severityLabel(
        networkCheck.severity,
      )}, warning)`,
    );
    expect(text).toContain('Status: Partially done');
    const admission = plan.plan.items.find(
      item => item.itemId === 'workload-admission-policy',
    )!;
    expect([admission.affected, admission.exposed]).toEqual([2, 1]);
    expect(text).toContain('Affected: 2 resources (1 internet-exposed)');
  });

  it('lists the standard control ids under each finding that has them', async () => {
    const ids = ['CIS 5.2.2', 'PSS baseline: Privileged Containers'];
    const findings = typicalFindings().map(f =>
      f.checkId === 'workload-admission-policy/privileged-container'
        ? { ...f, standards: ids }
        : { ...f, standards: undefined },
    );
    const tagged = findings.filter(f => f.standards).length;
    expect(tagged).toBeGreaterThan(0);
    const { text } = await render(entityPlan({ findings }));
    expect(text).toContain(`Standards: ${ids.join(', ')}`);
    expect(text.split('Standards:').length - 1).toBe(tagged);
  });

  it("shows the remediation for the plan's provider only, for its cluster", async () => {
    const { text } = await render(entityPlan({ provider: 'eks' }));
    const item = getActionItem('cluster-private-access');
    const eksCommand = item.remediation.eks.steps[0].command!;
    const gkeCommand = item.remediation.gke.steps[0].command!;

    // The cluster the finding is on takes the place of <cluster>.
    expect(eksCommand).toContain('<cluster>');
    expect(squash(text)).toContain(
      squash(eksCommand.split('<cluster>').join('prod-eu-1')),
    );
    expect(squash(text)).not.toContain(squash(eksCommand));
    expect(squash(text)).not.toContain(squash(gkeCommand));
    expect(text).toContain(
      `How to fix it on ${PROVIDER_TITLES.eks} \u2014 prod-eu-1`,
    );
    expect(text).not.toContain(`How to fix it on ${PROVIDER_TITLES.gke}`);
    expect(text).toContain(item.remediation.eks.docs[0].url);
  });

  it('shows every provider when the provider is not known', async () => {
    const { text } = await render(entityPlan({ provider: undefined }));
    const item = getActionItem('cluster-private-access');
    for (const provider of ['eks', 'gke', 'aks'] as const) {
      expect(squash(text)).toContain(
        squash(item.remediation[provider].steps[0].command!),
      );
    }
    expect(text).toContain('Provider: Not known');
  });

  it('gives the steps of every provider in use, each for the clusters where the findings are', async () => {
    const onAks: ResourceRef = {
      ...paymentsApi,
      cluster: 'aks-shared',
      namespace: 'shop',
      container: 'web',
    };
    const findings = [
      ...typicalFindings(),
      finding('workload-admission-policy/privileged-container', onAks, {
        message: 'Container web runs privileged',
      }),
    ];
    const plan = {
      ...entityPlan({ findings }),
      clusters: [
        clusterStatus(),
        clusterStatus({ name: 'aks-shared', provider: 'aks' }),
      ],
    };
    const { text } = await render(plan);
    expect(text).toContain(
      `Provider: ${PROVIDER_TITLES.eks} (prod-eu-1), ${PROVIDER_TITLES.aks} (aks-shared)`,
    );
    // Each item's section holds the steps of the providers of its findings' clusters.
    const section = (title: string) => {
      const start = text.indexOf(`. ${title} Status:`);
      expect(start).toBeGreaterThan(0);
      const next = text.slice(start + 1).search(/ \d+\. [A-Z][^.]+ Status:/);
      return text.slice(start, next < 0 ? undefined : start + 1 + next);
    };
    const admission = section(getActionItem('workload-admission-policy').title);
    expect(admission).toContain(
      `How to fix it on ${PROVIDER_TITLES.eks} \u2014 prod-eu-1`,
    );
    expect(admission).toContain(
      `How to fix it on ${PROVIDER_TITLES.aks} \u2014 aks-shared`,
    );
    expect(admission).not.toContain(`How to fix it on ${PROVIDER_TITLES.gke}`);
    // ...with each cluster's namespace in the commands.
    expect(admission).toContain('ns payments pod-security');
    expect(admission).toContain('ns shop pod-security');
    const network = section(getActionItem('workload-network-policies').title);
    expect(network).toContain(
      `How to fix it on ${PROVIDER_TITLES.eks} \u2014 prod-eu-1`,
    );
    expect(network).not.toContain(`How to fix it on ${PROVIDER_TITLES.aks}`);
  });

  it('quotes a value the shell would misread, and lists a placeholder with several values', async () => {
    const odd = 'prod eu $(whoami)';
    const findings = typicalFindings().map(f => ({
      ...f,
      resource: { ...f.resource, cluster: odd },
    }));
    const plan = {
      ...entityPlan({ findings }),
      clusters: [clusterStatus({ name: odd })],
    };
    const { text } = await render(plan);
    expect(text).toContain(`--name '${odd}' --resources-vpc-config`);
    // payments-api and payments-worker: two containers for the admission manifest.
    expect(text).toContain('Once for each: <container>: api, worker');
  });

  it('opens with a one-page summary of the open items in the order to fix them', async () => {
    const plan = entityPlan();
    const { raw } = await render(plan);
    const pages = raw.split(/-- \d+ of \d+ --/);
    const first = pages[0].replace(/\s+/g, ' ');
    const open = plan.plan.items.filter(item => isOpenStatus(item.status));
    expect(first).toContain(`Score: ${plan.plan.score.value} / 100`);
    expect(first).toContain('Failing: 3 \u00b7 Partially done: 1');
    expect(first).toContain(
      `Open items, in the order to fix them (${open.length})`,
    );
    expect(first).toContain('# Item Status Severity Category Resources');
    let previous = -1;
    for (const [i, item] of open.entries()) {
      const row = [
        `${i + 1} ${item.title} ${STATUS_LABELS[item.status]}`,
        item.severity ? severityLabel(item.severity) : '-',
        CATEGORY_TITLES[item.category],
        String(item.affected),
      ].join(' ');
      const at = first.indexOf(row);
      expect(at).toBeGreaterThan(previous);
      previous = at;
    }
    // The details start on the next page.
    expect(first).not.toContain('Why it matters');
    expect(pages[1].replace(/\s+/g, ' ')).toContain(
      `Open items, most important first (${open.length})`,
    );
  });

  it('keeps multi-line manifests line by line', async () => {
    const { raw } = await render();
    // workload-network-policies is open; its manifests are plain Kubernetes.
    const manifest = getActionItem(
      'workload-network-policies',
    ).remediation.eks.steps.find(step => step.manifest)?.manifest;
    expect(manifest).toBeDefined();
    const lines = raw.split('\n').map(line => line.trim());
    for (const line of manifest!.split('\n').slice(0, 4)) {
      expect(lines).toContain(line.trim());
    }
  });

  it('lists passing items after the open ones', async () => {
    const plan = entityPlan();
    const { text } = await render(plan);
    const passing = plan.plan.items.filter(item => item.status === 'pass');
    expect(passing.length).toBeGreaterThan(0);
    const section = text.indexOf(`Passing items (${passing.length})`);
    expect(section).toBeGreaterThan(0);
    for (const item of passing) {
      expect(
        text.indexOf(`${item.title} (${CATEGORY_TITLES[item.category]})`),
      ).toBeGreaterThan(section);
    }
  });

  it('warns when the data is stale, and only then', async () => {
    const stale = await render(entityPlan({ stale: true }));
    expect(stale.text).toContain(
      'Stale data: the latest scan failed for prod-eu-1: the API server did not answer within 30 seconds.',
    );
    const fresh = await render(entityPlan({ stale: false }));
    expect(fresh.text).not.toContain('Stale data');
  });

  it('explains an entity that no scan maps to', async () => {
    const unmapped = { ...entityPlan(), mapped: false };
    const { text } = await render(unmapped);
    expect(text).toContain(
      'No workload or cluster of any scan maps to this entity yet',
    );
    const mapped = await render(entityPlan());
    expect(mapped.text).not.toContain('No workload or cluster of any scan');
  });

  it('lists ten affected resources and counts the rest', async () => {
    const findings = Array.from({ length: 40 }, (_, i) =>
      finding('workload-admission-policy/run-as-root', {
        ...paymentsApi,
        name: `worker-${String(i).padStart(2, '0')}`,
      }),
    );
    const { text } = await render(entityPlan({ findings }));
    expect(text).toContain('Affected resources (40)');
    expect(text).toContain('Deployment worker-09');
    expect(text).not.toContain('Deployment worker-10');
    expect(text).toContain('and 30 more affected resources');
  });

  it('prints characters the built-in fonts lack as a question mark', async () => {
    const { text } = await render(entityPlan(), 'Zahlungen \u2713 \u00e4');
    expect(text).toContain(
      'Kubernetes security action plan: Zahlungen ? \u00e4',
    );
  });

  it('says when every item passes', async () => {
    const { text } = await render(entityPlan({ findings: [], unverified: [] }));
    expect(text).toContain('Open items, most important first (0)');
    expect(text).toContain('Every applicable item passes.');
  });
});

describe('renderEntityPlanPdf with a chosen provider and grouping', () => {
  it("prints the chosen provider's steps instead of the plan's own", async () => {
    const plan = entityPlan();
    expect(plan.provider).toBe('eks');
    const pdf = await renderEntityPlanPdf(plan, 'Payments API', {
      provider: 'aks',
    });
    const text = oneLine((await extractText(pdf)).text);
    expect(text).toContain(
      `Provider: ${PROVIDER_TITLES.aks} (chosen for this PDF; the plan's clusters run on ${PROVIDER_TITLES.eks} (prod-eu-1))`,
    );
    expect(text).toContain(`How to fix it on ${PROVIDER_TITLES.aks}`);
    expect(text).not.toContain(`How to fix it on ${PROVIDER_TITLES.eks}`);
    expect(text).not.toContain(`How to fix it on ${PROVIDER_TITLES.gke}`);
  });

  it('groups by category with the open items first in each, numbered across the plan', async () => {
    const plan = entityPlan();
    const pdf = await renderEntityPlanPdf(plan, 'Payments API', {
      groupBy: 'category',
    });
    const text = oneLine((await extractText(pdf)).text);
    expect(text).not.toContain('Open items, most important first');
    const headings = plan.plan.categories.map(summary => {
      const total = plan.plan.items.filter(
        i => i.category === summary.category,
      ).length;
      const heading = `${CATEGORY_TITLES[summary.category]} (${
        summary.open
      } open of ${total})`;
      expect(text).toContain(heading);
      return text.indexOf(heading);
    });
    expect(headings).toEqual([...headings].sort((a, b) => a - b));
    // In each category, open items (full entries) come before the done or decided list.
    for (const [index, category] of plan.plan.categories.entries()) {
      const end = headings[index + 1] ?? text.length;
      const section = text.slice(headings[index], end);
      const items = plan.plan.items.filter(
        i => i.category === category.category,
      );
      const open = items.filter(i => isOpenStatus(i.status));
      const closed = items.filter(i => !isOpenStatus(i.status));
      const lastOpen = Math.max(
        ...open.map(i => {
          expect(section).toContain(`. ${i.title}`);
          return section.indexOf(`. ${i.title}`);
        }),
        -1,
      );
      // With nothing closed there is no such list (-1 < any open item's position).
      const doneAt = section.indexOf(`Done or decided (${closed.length})`);
      expect(doneAt > lastOpen).toBe(closed.length > 0);
      expect(closed.filter(i => !section.includes(i.title))).toEqual([]);
    }
    // The demo plan has closed items in some category, so the list was seen.
    expect(plan.plan.items.some(i => !isOpenStatus(i.status))).toBe(true);
  });

  it("shows each open item's verified parts and the parts resting on a statement", async () => {
    const plan = entityPlan();
    const { text } = await render(plan);
    const open = plan.plan.items.filter(item => isOpenStatus(item.status));
    for (const item of open) {
      const catalogItem = getActionItem(item.itemId);
      expect(text).toContain(
        `Verified by checks (${catalogItem.checks.length})`,
      );
      expect(squash(text)).toContain(
        squash(catalogItem.unverifiedParts[0].statement),
      );
    }
    expect(text).toContain(
      'Not stated yet: attest these parts with a link to the evidence.',
    );
  });
});
