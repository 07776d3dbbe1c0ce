import {
  ACTION_ITEMS,
  ActionItem,
  CATEGORIES,
  CATEGORY_TITLES,
  CHECK_DEFINITIONS,
  Provider,
  PROVIDER_TITLES,
  PROVIDERS,
} from '@kube-security/plugin-kube-security-common';
import { openFirst, renderActionPlanPdf } from './actionPlanPdf';
import { extractText, squash } from './__testUtils__/fixtures';

/** Step sentences only this provider has (some kubectl steps read the same everywhere). */
function ownSteps(provider: Provider): string[] {
  const others = new Set(
    PROVIDERS.filter(p => p !== provider).flatMap(p =>
      ACTION_ITEMS.flatMap(item => item.remediation[p].steps.map(s => s.text)),
    ),
  );
  return ACTION_ITEMS.flatMap(item =>
    item.remediation[provider].steps.map(s => s.text),
  ).filter(text => !others.has(text));
}

async function render(provider: Provider, done: string[] = []) {
  const pdf = await renderActionPlanPdf({
    provider,
    done: new Set(done) as ReadonlySet<ActionItem['id']>,
    generatedAt: '2026-12-05T21:00:00Z',
  });
  const { text, pages } = await extractText(pdf);
  return { pdf, text, flat: squash(text), pages };
}

function positionOf(flat: string, text: string): number {
  const at = flat.indexOf(squash(text));
  expect({ text, found: at >= 0 }).toEqual({ text, found: true });
  return at;
}

describe('renderActionPlanPdf', () => {
  it('prints all 19 items under the four category headings, in category order', async () => {
    const { pdf, flat, pages } = await render('aks');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pages).toBeGreaterThan(5);
    positionOf(flat, 'Kubernetes security action plan for Azure AKS');

    const headings = CATEGORIES.map(category => {
      const count = ACTION_ITEMS.filter(i => i.category === category).length;
      return positionOf(
        flat,
        `${CATEGORY_TITLES[category]} (${count} items, ${count} open)`,
      );
    });
    expect(headings).toEqual([...headings].sort((a, b) => a - b));

    for (const item of ACTION_ITEMS) {
      const at = positionOf(flat, `${item.order}. ${item.title}`);
      const index = CATEGORIES.indexOf(item.category);
      expect(at).toBeGreaterThan(headings[index]);
      expect(at).toBeLessThan(headings[index + 1] ?? Infinity);
    }
  });

  it.each(PROVIDERS.map(p => [p]))(
    "prints %s's steps and none of the other providers'",
    async provider => {
      const { text, flat } = await render(provider);
      const line = text.replace(/\s+/g, ' ');
      for (const step of ownSteps(provider)) positionOf(flat, step);
      for (const other of PROVIDERS.filter(p => p !== provider)) {
        for (const step of ownSteps(other)) {
          expect(flat).not.toContain(squash(step));
        }
        expect(line).not.toContain(`on ${PROVIDER_TITLES[other]}`);
      }
      const fixHeadings = line.split(
        `How to fix it on ${PROVIDER_TITLES[provider]}`,
      ).length;
      expect(fixHeadings - 1).toBe(ACTION_ITEMS.length);
    },
  );

  it('puts the items marked done after the open ones of their category', async () => {
    const { flat } = await render('gke', [
      'cloud-network-isolation',
      'workload-central-telemetry',
    ]);
    positionOf(flat, 'Cloud security (4 items, 3 open)');
    positionOf(flat, 'Workload security (6 items, 5 open)');
    positionOf(flat, '2 marked done, 17 open');
    // Done items come last in their category; the others keep plan order.
    expect(positionOf(flat, '1. Give each cluster')).toBeGreaterThan(
      positionOf(flat, '4. Record cloud audit logs'),
    );
    expect(positionOf(flat, '10. Collect node and container')).toBeGreaterThan(
      positionOf(flat, '15. Detect suspicious behaviour'),
    );
    expect(positionOf(flat, '10. Collect node and container')).toBeLessThan(
      positionOf(flat, 'Image security (4 items, 4 open)'),
    );
  });

  it('says which parts checks verify and which rest on a statement', async () => {
    const { flat } = await render('eks');
    const statements = ACTION_ITEMS.flatMap(i => i.unverifiedParts).map(
      part => part.statement,
    );
    expect(statements.filter(s => !flat.includes(squash(s)))).toEqual([]);
    const rbac = ACTION_ITEMS.find(
      i => i.id === 'workload-rbac-least-privilege',
    )!;
    positionOf(flat, `Verified by checks (${rbac.checks.length})`);
    positionOf(flat, 'No check can see this practice; all of it is stated.');
  });

  it('labels a check that goes beyond the practice as an addition', async () => {
    const { flat } = await render('gke');
    const encryption =
      CHECK_DEFINITIONS['cluster-security-features/secrets-encryption'];
    positionOf(
      flat,
      `${encryption.title} (addition to the practice: ${encryption.addition})`,
    );
    expect(flat).not.toContain(
      squash(
        `${CHECK_DEFINITIONS['cluster-security-features/rbac-enabled'].title} (addition`,
      ),
    );
  });
});

describe('openFirst', () => {
  it('keeps plan order within the open and the done items', () => {
    const cloud = ACTION_ITEMS.filter(i => i.category === 'cloud');
    expect(
      openFirst(cloud, new Set(['cloud-mfa-enforced'])).map(i => i.order),
    ).toEqual([1, 3, 4, 2]);
    expect(openFirst(cloud, new Set()).map(i => i.order)).toEqual([1, 2, 3, 4]);
  });
});
