import {
  CATEGORY_TITLES,
  getActionItem,
} from '@kube-security/plugin-kube-security-common';
import { renderTeamPlanPdf, STEPS_PER_ACTION } from './teamPlanPdf';
import { extractText, squash, teamScorecard } from './__testUtils__/fixtures';

const oneLine = (text: string) => text.replace(/\s+/g, ' ');

async function render(scorecard = teamScorecard()) {
  const pdf = await renderTeamPlanPdf(scorecard);
  const { text, pages } = await extractText(pdf);
  return { pdf, text: oneLine(text), pages };
}

describe('renderTeamPlanPdf', () => {
  it('shows the team, its score, grade, coverage and trend', async () => {
    const scorecard = teamScorecard();
    const { pdf, text, pages } = await render(scorecard);
    const { score } = scorecard.team;

    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(text).toContain(
      'Kubernetes security action plan: team Payments Platform',
    );
    expect(text).toContain('Team: group:default/payments');
    expect(text).toContain('Parent team: group:default/engineering');
    expect(text).toContain(
      `Score: ${score.value} / 100 \u00b7 Grade ${
        score.grade
      } \u00b7 Coverage: ${Math.round(score.coverage * 100)}%`,
    );
    expect(text).toContain('Trend: +4 points over the last 7 days');
    expect(text).toContain('2025-05-01: 55 (F)');
    expect(text).toContain(`Page 1 of ${pages}`);
  });

  it('lists each category with open, total and score', async () => {
    const scorecard = teamScorecard();
    const { text } = await render(scorecard);
    for (const category of scorecard.categories) {
      expect(text).toContain(
        `${CATEGORY_TITLES[category.category]}: ${category.open} open of ${
          category.total
        } \u00b7 score ${category.score}`,
      );
    }
  });

  it('lists child teams and entities with their scores', async () => {
    const scorecard = teamScorecard();
    const { text } = await render(scorecard);
    const [checkout, ledger] = scorecard.children;

    expect(text).toContain('Child teams (2)');
    expect(text).toContain(`Checkout Squad ${checkout.entityRef}`);
    expect(text).toContain(`${checkout.score.value} ${checkout.score.grade}`);
    expect(text).toContain(
      `payments-ledger ${ledger.entityRef} n/a - 0% 0 no history`,
    );

    const [api, other] = scorecard.entities;
    const apiRow = text.indexOf(
      `Payments API ${api.entityRef} ${api.score.value} ${api.score.grade}`,
    );
    const otherRow = text.indexOf(
      `${other.entityRef} ${other.score.value} ${other.score.grade}`,
    );
    expect(apiRow).toBeGreaterThan(0);
    expect(otherRow).toBeGreaterThan(apiRow);
  });

  it('lists the top actions in order with their first steps', async () => {
    const scorecard = teamScorecard();
    const { text } = await render(scorecard);
    const start = text.indexOf(`Top actions (${scorecard.topActions.length})`);
    expect(start).toBeGreaterThan(0);

    let previous = start;
    scorecard.topActions.forEach((action, i) => {
      const heading = `${i + 1}. ${action.item.title}`;
      const position = text.indexOf(heading, previous);
      expect(position).toBeGreaterThan(previous);
      previous = position;

      const steps = getActionItem(action.item.itemId).remediation[
        action.provider!
      ].steps;
      for (const step of steps.slice(0, STEPS_PER_ACTION)) {
        expect(squash(text)).toContain(squash(step.text));
      }
    });
    expect(text).toContain(
      'Entity: Payments API (component:default/payments-api)',
    );
    expect(text).toContain('Entity: component:default/checkout');
  });

  it('opens with a summary page listing the top actions in order', async () => {
    const scorecard = teamScorecard();
    const pdf = await renderTeamPlanPdf(scorecard);
    const { text: raw } = await extractText(pdf);
    const [first, second] = raw
      .split(/-- \d+ of \d+ --/)
      .map(page => oneLine(page));
    expect(first).toContain('Score:');
    expect(first).toContain(
      `Top actions, in the order to fix them (${scorecard.topActions.length})`,
    );
    let previous = -1;
    scorecard.topActions.forEach((action, i) => {
      const at = first.indexOf(`${i + 1} ${action.item.title}`);
      expect(at).toBeGreaterThan(previous);
      previous = at;
    });
    expect(first).not.toContain('Child teams');
    expect(second).toContain('Child teams');
  });

  it('lists the standard control ids an action answers, once each', async () => {
    const scorecard = teamScorecard();
    const [first] = scorecard.topActions;
    first.item = {
      ...first.item,
      findings: first.item.findings.map((f, i) => ({
        ...f,
        standards: i === 0 ? ['CIS 5.1.1', 'NSA/CISA: RBAC'] : ['CIS 5.1.1'],
      })),
    };
    for (const action of scorecard.topActions.slice(1)) {
      action.item = {
        ...action.item,
        findings: action.item.findings.map(f => ({ ...f, standards: [] })),
      };
    }
    const { text } = await render(scorecard);
    expect(text).toContain('Standards: CIS 5.1.1, NSA/CISA: RBAC');
    expect(text.split('Standards:').length - 1).toBe(1);
  });

  it("uses the action's provider and stops after the first steps", async () => {
    const scorecard = teamScorecard();
    const { text } = await render(scorecard);
    const checkout = scorecard.topActions[3];
    expect(checkout.provider).toBe('gke');
    const { remediation } = getActionItem(checkout.item.itemId);
    const gkeCommand = remediation.gke.steps.find(s => s.command)!.command!;
    const eksCommand = remediation.eks.steps.find(s => s.command)!.command!;
    expect(gkeCommand).not.toBe(eksCommand);
    expect(text).toContain('Provider: Google GKE');
    expect(squash(text)).toContain(squash(gkeCommand));
    expect(squash(text)).not.toContain(squash(eksCommand));

    const first = getActionItem(scorecard.topActions[0].item.itemId).remediation
      .eks.steps;
    expect(first.length).toBeGreaterThan(STEPS_PER_ACTION);
    expect(text).toContain(
      `First steps on Amazon EKS (${STEPS_PER_ACTION} of ${first.length})`,
    );
    expect(squash(text)).not.toContain(squash(first[STEPS_PER_ACTION].text));
  });

  it('says so when the team has no child teams, entities or actions', async () => {
    const scorecard = {
      ...teamScorecard(),
      children: [],
      entities: [],
      topActions: [],
      history: [],
    };
    scorecard.team = { ...scorecard.team, trend: null };
    const { text } = await render(scorecard);
    expect(text).toContain('This team has no child teams.');
    expect(text).toContain('No entity of this team has findings yet.');
    expect(text).toContain('No open actions.');
    expect(text).toContain('Trend: no history yet');
  });
});

describe('renderTeamPlanPdf with a chosen provider and grouping', () => {
  it("prints the chosen provider's first steps for every action", async () => {
    const scorecard = teamScorecard();
    const pdf = await renderTeamPlanPdf(scorecard, { provider: 'aks' });
    const text = oneLine((await extractText(pdf)).text);
    expect(text).not.toMatch(/First steps on (Amazon EKS|Google GKE)/);
    expect(text).not.toMatch(/How to fix it on (Amazon EKS|Google GKE)/);
    for (const action of scorecard.topActions) {
      const aks = getActionItem(action.item.itemId).remediation.aks.steps;
      expect(squash(text)).toContain(squash(aks[0].text));
    }
    // The action's own provider is still named, with the steps' provider beside it.
    expect(text).toContain('Provider: Google GKE \u00b7 Steps for Azure AKS');
  });

  it('groups the top actions by category, in category order', async () => {
    const scorecard = teamScorecard();
    const pdf = await renderTeamPlanPdf(scorecard, { groupBy: 'category' });
    const text = oneLine((await extractText(pdf)).text);
    const present = Object.entries(CATEGORY_TITLES).filter(([category]) =>
      scorecard.topActions.some(a => a.item.category === category),
    );
    expect(present.length).toBeGreaterThan(1);
    const positions = present.map(([category, title]) => {
      const count = scorecard.topActions.filter(
        a => a.item.category === category,
      ).length;
      const heading = `Top actions: ${title} (${count} open)`;
      expect(text).toContain(heading);
      return text.indexOf(heading);
    });
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    for (const action of scorecard.topActions) {
      const index = present.findIndex(([c]) => c === action.item.category);
      const at = text.indexOf(`. ${action.item.title}`, positions[index]);
      expect(at).toBeGreaterThan(positions[index]);
      expect(at).toBeLessThan(positions[index + 1] ?? Infinity);
    }
  });

  it('names who fixes a binding and the other entities of the action', async () => {
    const scorecard = teamScorecard();
    const [first, ...rest] = scorecard.topActions;
    scorecard.topActions = [
      {
        ...first,
        affectedEntities: [
          { entityRef: 'component:default/cart', title: 'Cart' },
          { entityRef: first.entityRef, title: first.entityTitle },
        ],
        fixBy: [
          {
            cluster: 'eks-prod',
            entityRef: 'resource:default/eks-prod',
            ownerRefs: ['group:default/platform'],
            grants: [{ kind: 'ClusterRoleBinding', name: 'cart-admin' }],
          },
        ],
      },
      ...rest,
    ];
    const { text } = await render(scorecard);
    expect(text).toContain('Also for: Cart (component:default/cart)');
    expect(text).toContain(
      "Fix by: group:default/platform (eks-prod: ClusterRoleBinding 'cart-admin')",
    );
    // The other actions say nothing of the kind.
    expect(text.match(/Fix by:/g)).toHaveLength(1);
  });
});
