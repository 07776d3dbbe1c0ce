// End-to-end test of the demo portal in a real Chromium (Debian's), driven by playwright-core.
// Run it through scripts/e2e.sh, which starts the portal first. What the pages show is checked
// against what the backend's API answers for the same guest, so nothing here is hard-coded.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// The PDF text extractor the backend's own PDF tests use (a dev dependency of the backend).
const { PDFParse } = createRequire(
  join(ROOT, 'plugins', 'kube-security-backend', 'package.json'),
)('pdf-parse');
const APP = process.env.E2E_APP_URL ?? 'http://localhost:3000';
const BACKEND = process.env.E2E_BACKEND_URL ?? 'http://localhost:7007';
const REPORT = join(ROOT, 'e2e-test-report');
const SCREENSHOTS = join(ROOT, 'docs', 'screenshots');
const TIMEOUT = 60_000;

mkdirSync(REPORT, { recursive: true });

const results = [];
async function test(name, fn) {
  const started = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`  ✓ ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    results.push({ name, ok: false });
    console.log(
      `  ✗ ${name}\n    ${String(error?.stack ?? error)
        .split('\n')
        .join('\n    ')}`,
    );
    await page
      .screenshot({
        path: join(REPORT, `failed-${name.replace(/\W+/g, '-')}.png`),
        fullPage: true,
      })
      .catch(() => undefined);
  }
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

async function screenshot(name) {
  const file = join(REPORT, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    mkdirSync(SCREENSHOTS, { recursive: true });
    copyFileSync(file, join(SCREENSHOTS, `${name}.png`));
  }
}

/** The backend's answer for the signed-in guest (the token comes from the guest provider). */
let token;
async function api(path) {
  if (!token) {
    const res = await fetch(`${BACKEND}/api/auth/guest/refresh`);
    token = (await res.json()).backstageIdentity.token;
  }
  const res = await fetch(`${BACKEND}/api/kube-security${path}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(res.ok, `GET ${path} answered ${res.status}`);
  return res.json();
}

/** Waits until `check` holds for the backend's answer (aggregates refresh in the background). */
async function eventually(path, check, what) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const body = await api(path);
    if (check(body)) return body;
    expect(Date.now() < deadline, `${what} did not happen within 30 seconds`);
    await new Promise(r => setTimeout(r, 1000));
  }
}

const OPEN = ['fail', 'partial', 'unknown'];

/** Switches the Security tab's status filter from "Needs work" to every item. */
async function showAllItems() {
  await page
    .getByRole('button', { name: /^Status/ })
    .first()
    .click();
  await page.getByRole('option', { name: /^All items/ }).click();
}

/** Main-frame navigations so far: a retry below says whether the page reloaded meanwhile. */
let navigations = 0;

/**
 * Opens a menu or form from a freshly loaded tab: `load` opens the tab and readies the
 * control, `click` presses it, and `opened` must then show within 10 seconds. Right after
 * a tab loads, a click now and then opens nothing (it lands while the page still settles,
 * and CI machines are loaded); the tab is then opened afresh, three times at most. Each
 * retry is printed with what happened, so a real regression still fails here and says so.
 */
async function openFromFreshTab(what, { load, click, opened }) {
  for (let attempt = 1; ; attempt++) {
    await load();
    const before = navigations;
    await click();
    const shown = await opened
      .waitFor({ timeout: 10_000 })
      .then(() => true)
      .catch(() => false);
    if (shown) return;
    const reloads = navigations - before;
    console.log(
      `    ${what} did not open on attempt ${attempt}` +
        (reloads
          ? ` (the page navigated ${reloads} time(s) after the click)`
          : ''),
    );
    await page
      .screenshot({
        path: join(REPORT, `retry-${what.replace(/\W+/g, '-')}-${attempt}.png`),
        fullPage: true,
      })
      .catch(() => undefined);
    expect(attempt < 3, `${what} did not open after three attempts`);
  }
}

/** Waits until the demo's three clusters have been scanned (the backend scans at start). */
async function waitForScans() {
  const deadline = Date.now() + 180_000;
  let lastScores;
  for (;;) {
    const { clusters } = await api('/clusters');
    // The replayed history is backdated by a week or more: wait for today's live scans.
    const live = c =>
      c.lastGoodScanAt &&
      Date.parse(c.lastGoodScanAt) > Date.now() - 86_400_000;
    if (clusters.length === 3 && clusters.every(live)) {
      const { teams } = await api('/teams?limit=100');
      const scores = JSON.stringify(teams.map(t => [t.name, t.score.value]));
      if (teams.length > 0 && teams.every(t => t.score.value !== null)) {
        // The aggregates are recomputed in the background: two equal answers in a row.
        if (scores === lastScores) return;
        lastScores = scores;
      }
    }
    expect(
      Date.now() < deadline,
      'the example clusters were not scanned within 3 minutes',
    );
    await new Promise(r => setTimeout(r, 2000));
  }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const context = await browser.newContext({
  viewport: { width: 1440, height: 1000 },
  acceptDownloads: true,
});
context.setDefaultTimeout(TIMEOUT);
const page = await context.newPage();
page.on('framenavigated', frame => {
  if (frame === page.mainFrame()) navigations++;
});

console.log(`Kube Security end-to-end test against ${APP}`);
await waitForScans();

await test('signs in as guest', async () => {
  await page.goto(APP);
  await page.getByRole('button', { name: 'Enter' }).click();
  await page.getByRole('link', { name: 'Security' }).first().waitFor();
});

/** The text of a PDF file, as a reader would extract it. */
async function pdfText(bytes) {
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

/** Whitespace-free, so that text wrapped over lines or pages still matches. */
const squash = text => text.replace(/\s+/g, '');

const CATEGORY_HEADINGS = {
  cloud: 'Cloud security',
  cluster: 'Cluster security',
  workload: 'Workload security',
  image: 'Image security',
};
const PROVIDER_NAMES = {
  eks: 'Amazon EKS',
  gke: 'Google GKE',
  aks: 'Azure AKS',
};

/** Step sentences only this provider has in the catalog (some kubectl steps read alike). */
function ownSteps(items, provider) {
  const others = new Set(
    Object.keys(PROVIDER_NAMES)
      .filter(p => p !== provider)
      .flatMap(p =>
        items.flatMap(i => i.remediation[p].steps.map(s => s.text)),
      ),
  );
  return items
    .flatMap(i => i.remediation[provider].steps.map(s => s.text))
    .filter(text => !others.has(text));
}

await test('builds the action plan PDF for AKS with no clusters configured', async () => {
  const { items } = await api('/items');
  expect(items.length === 19, `the catalog has ${items.length} items, not 19`);
  // The demo has clusters, so the browser is shown a backend that has none: the cluster
  // list answers empty and every other call about scan data answers 404. Only the
  // catalog and the PDF reach the real backend. Every call the page makes is recorded.
  const asked = [];
  const handler = async route => {
    const path = new URL(route.request().url()).pathname.replace(
      /^.*\/api\/kube-security/,
      '',
    );
    asked.push(path);
    if (path === '/items' || path === '/action-plan.pdf')
      return route.continue();
    // The real answer keeps the CORS headers of the backend's origin.
    const response = await route.fetch();
    if (path === '/clusters') {
      return route.fulfill({
        response,
        json: { clusters: [], mappingConflicts: [] },
      });
    }
    return route.fulfill({
      response,
      status: 404,
      json: { error: { name: 'NotFoundError', message: 'no scan data' } },
    });
  };
  await page.route('**/api/kube-security/**', handler);
  try {
    await page.goto(`${APP}/kube-security`);
    await page.getByText('No clusters are configured yet').first().waitFor();
    asked.length = 0;
    await page.getByRole('tab', { name: 'Action plan' }).click();
    await page.waitForURL(/\/kube-security\/action-plan/);
    await page.getByRole('button', { name: 'Azure AKS' }).click();
    await page.waitForURL(/provider=aks/);

    // Tick the first cloud item: it must move behind the other open cloud items.
    const ticked = items.find(i => i.category === 'cloud');
    await page
      .getByRole('checkbox', { name: `Mark "${ticked.title}" as done` })
      .check();
    await page.getByText('1 of 19 done on Azure AKS').waitFor();
    const stored = await page.evaluate(() =>
      Object.entries(localStorage).filter(([key]) =>
        key.startsWith('kube-security:action-plan:done:'),
      ),
    );
    expect(
      stored.length === 1 && JSON.parse(stored[0][1]).includes(ticked.id),
      `the tick is not kept per user in the browser: ${JSON.stringify(stored)}`,
    );
    await screenshot('action-plan');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download PDF' }).click(),
    ]);
    const file = join(REPORT, 'action-plan-aks.pdf');
    await download.saveAs(file);
    const bytes = readFileSync(file);
    expect(bytes.subarray(0, 5).toString() === '%PDF-', 'not a PDF');
    const unexpected = asked.filter(
      p => p !== '/items' && p !== '/action-plan.pdf',
    );
    expect(
      unexpected.length === 0,
      `the action plan page asked for scan data: ${unexpected.join(', ')}`,
    );

    const text = await pdfText(bytes);
    const flat = squash(text);
    const at = what => {
      const index = flat.indexOf(squash(what));
      expect(index >= 0, `the PDF does not contain "${what}"`);
      return index;
    };
    at('Kubernetes security action plan for Azure AKS');
    const categories = Object.keys(CATEGORY_HEADINGS);
    const headings = categories.map(category => {
      const count = items.filter(i => i.category === category).length;
      const open = count - (category === ticked.category ? 1 : 0);
      return at(
        `${CATEGORY_HEADINGS[category]} (${count} items, ${open} open)`,
      );
    });
    expect(
      headings.every((h, i) => i === 0 || h > headings[i - 1]),
      'the category headings are out of order',
    );
    for (const item of items) {
      const position = at(`${item.order}. ${item.title}`);
      const index = categories.indexOf(item.category);
      expect(
        position > headings[index] &&
          (index + 1 === headings.length || position < headings[index + 1]),
        `"${item.title}" is not under ${CATEGORY_HEADINGS[item.category]}`,
      );
    }
    const cloudTitles = items
      .filter(i => i.category === 'cloud' && i.id !== ticked.id)
      .map(i => at(`${i.order}. ${i.title}`));
    expect(
      cloudTitles.every(p => p < at(`${ticked.order}. ${ticked.title}`)),
      'the ticked item is not after the open ones of its category',
    );

    const aksSteps = ownSteps(items, 'aks');
    expect(aksSteps.length > 40, `only ${aksSteps.length} AKS-only steps`);
    for (const step of aksSteps) at(step);
    const line = text.replace(/\s+/g, ' ');
    expect(
      line.split('How to fix it on Azure AKS').length - 1 === items.length,
      'not every item has its AKS steps',
    );
    for (const other of ['eks', 'gke']) {
      const leaked = ownSteps(items, other).filter(step =>
        flat.includes(squash(step)),
      );
      expect(
        leaked.length === 0,
        `the AKS plan holds ${other} steps: ${leaked.slice(0, 3).join(' | ')}`,
      );
      expect(
        !line.includes(`on ${PROVIDER_NAMES[other]}`),
        `the AKS plan has a section for ${PROVIDER_NAMES[other]}`,
      );
    }
  } finally {
    await page.unroute('**/api/kube-security/**', handler);
  }
});

await test("shows a component's prioritized plan on its Security tab", async () => {
  const entity = 'storefront-web';
  const plan = await api(`/entities/component/default/${entity}/plan`);
  const open = plan.plan.items.filter(i =>
    ['fail', 'partial', 'unknown'].includes(i.status),
  );
  expect(
    open.length >= 3,
    `the demo plan of ${entity} has ${open.length} open items`,
  );
  await page.goto(`${APP}/catalog/default/component/${entity}/kube-security`);
  await page.getByText(open[0].title, { exact: true }).first().waitFor();
  // The UI lists the items in the API's priority order.
  const positions = [];
  for (const item of open.slice(0, 4)) {
    const box = await page
      .getByText(item.title, { exact: true })
      .first()
      .boundingBox();
    expect(box, `item "${item.title}" is not on the page`);
    positions.push(box.y);
  }
  expect(
    positions.every((y, i) => i === 0 || y > positions[i - 1]),
    `items are not in priority order on the page: ${positions.join(', ')}`,
  );
  await page
    .getByRole('img', { name: `Grade ${plan.plan.score.grade}` })
    .first()
    .waitFor();
  await screenshot('entity-security-tab');

  // Opening the first item shows its affected resources and the provider's steps.
  await page.getByText(open[0].title, { exact: true }).first().click();
  await page.getByText(open[0].findings[0].resource.name).first().waitFor();
  await screenshot('entity-security-item');

  // storefront-web runs on AKS and EKS; its namespace item's only finding is on EKS,
  // so its steps open on EKS, named after the cluster, with the cluster filled in.
  const namespaces = plan.plan.items.find(
    i => i.itemId === 'workload-namespace-isolation',
  );
  expect(
    namespaces && OPEN.includes(namespaces.status),
    `the namespace item of ${entity} is not open`,
  );
  const clusters = [
    ...new Set(namespaces.findings.map(f => f.resource.cluster)),
  ];
  expect(
    clusters.length === 1 && clusters[0] === 'eks-prod-eu',
    `the namespace item's findings are on ${clusters.join(', ')}`,
  );
  await page.getByText(namespaces.title, { exact: true }).first().click();
  const eksTab = page.getByRole('tab', {
    name: 'Amazon EKS \u2014 eks-prod-eu',
  });
  await eksTab.first().waitFor();
  expect(
    (await eksTab.first().getAttribute('aria-selected')) === 'true',
    'the EKS tab is not the one open',
  );
  await page
    .getByText(/aws eks associate-access-policy --cluster-name eks-prod-eu /)
    .first()
    .waitFor();
});

await test('downloads the plan as a PDF', async () => {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download PDF' }).first().click(),
  ]);
  const file = join(REPORT, 'plan.pdf');
  await download.saveAs(file);
  const bytes = readFileSync(file);
  expect(
    bytes.subarray(0, 5).toString() === '%PDF-',
    'the download is not a PDF',
  );
  expect(
    bytes.length > 5_000,
    `the PDF is suspiciously small (${bytes.length} bytes)`,
  );
});

await test('lists every team with its score on the overview page', async () => {
  const { teams } = await api('/teams?limit=100&sort=name');
  await page.goto(`${APP}/kube-security`);
  for (const team of teams) {
    await page
      .getByRole('link', { name: team.title ?? team.name, exact: true })
      .first()
      .waitFor();
  }
  const worst = [...teams].sort((a, b) => a.score.value - b.score.value)[0];
  await page.getByText(worst.score.grade, { exact: true }).first().waitFor();
  for (const cluster of ['eks-prod-eu', 'gke-analytics', 'aks-shared']) {
    await page.getByText(cluster).first().waitFor();
  }
  await screenshot('overview');
  // The demo replays earlier snapshots: an organisation with a spread of grades.
  const grades = new Set(teams.map(t => t.score.grade));
  expect(
    grades.size >= 3,
    `the demo teams have ${grades.size} different grades (${[...grades]})`,
  );
  expect(
    teams.some(t => t.score.grade === 'A' || t.score.grade === 'B'),
    `no demo team is at B or better (${teams
      .map(t => `${t.name} ${t.score.grade} ${t.score.value}`)
      .join(', ')})`,
  );
  expect(
    teams.some(t => t.score.grade === 'D' || t.score.grade === 'F'),
    'no demo team is at D or F',
  );
  // ...and every team has a history to draw: the replayed snapshots plus the live scan.
  for (const team of teams) {
    const { history } = await api(
      `/teams/${team.namespace ?? 'default'}/${team.name}/scorecard`,
    );
    expect(
      (history ?? []).length >= 5,
      `team ${team.name} has ${(history ?? []).length} history points`,
    );
  }
  await page
    .getByRole('button', { name: /^Score/ })
    .first()
    .click();
  const best = [...teams].sort((a, b) => b.score.value - a.score.value)[0];
  await page
    .getByText(String(best.score.value), { exact: true })
    .first()
    .waitFor();
  const file = join(REPORT, 'overview-teams.png');
  await page
    .getByRole('table')
    .filter({ hasText: 'Most important item' })
    .first()
    .screenshot({ path: file });
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    copyFileSync(file, join(SCREENSHOTS, 'overview-teams.png'));
  }
});

await test("opens a team's scorecard from the overview", async () => {
  const card = await api('/teams/default/storefront/scorecard');
  await page
    .getByRole('link', { name: card.team.title ?? card.team.name, exact: true })
    .first()
    .click();
  await page.waitForURL(/\/kube-security\/teams\/default\/storefront/);
  await page.getByText('Top actions').first().waitFor();
  await page.getByText(card.topActions[0].item.title).first().waitFor();
  // cart-service's cluster-admin binding is one action, fixed by the cluster's owner.
  const fixed = card.topActions.find(a => a.fixBy?.length);
  expect(fixed, 'no top action of storefront names who fixes its binding');
  const [fixer] = fixed.fixBy;
  const showAll = page.getByRole('button', { name: /^Show all/ });
  if (await showAll.first().isVisible()) await showAll.first().click();
  await page
    .getByTestId('fix-by')
    .filter({ hasText: `${fixer.cluster}: ` })
    .filter({ hasText: fixer.grants[0].name })
    .first()
    .waitFor();
  await screenshot('team-scorecard');
});

await test('shows the team scorecard card on a Group page', async () => {
  const card = await api('/teams/default/commerce/scorecard');
  await page.goto(`${APP}/catalog/default/group/commerce`);
  await page.getByText('Security scorecard').first().waitFor();
  await page
    .getByRole('img', { name: `Grade ${card.team.score.grade}` })
    .first()
    .waitFor();
  // Let the page's other cards finish loading so the screenshot shows the whole page.
  await page.getByText('Child Groups').first().waitFor();
  await page.waitForLoadState('networkidle');
  // The new frontend system lays the Group's cards out in one column: bring ours into view.
  await page
    .getByText('Security scorecard')
    .first()
    .evaluate(el => el.scrollIntoView({ block: 'start' }));
  await page.mouse.wheel(0, -120);
  await screenshot('group-scorecard-card');
});

await test('shows the Tech Insights scorecard on a component, fed by Kube Security', async () => {
  const entity = 'cart-service';
  const { entities } = await api('/entity-facts');
  const facts = entities.find(
    e => e.entityRef === `component:default/${entity}`,
  );
  expect(facts, `Kube Security has no facts for ${entity}`);
  // The fact retriever runs after the start-up scans: until it has, the card has no checks.
  const deadline = Date.now() + 120_000;
  for (;;) {
    await page.goto(`${APP}/catalog/default/component/${entity}`);
    await page.getByText('Tech Insights scorecard').first().waitFor();
    const ran = await page
      .getByRole('list', { name: 'Checks' })
      .waitFor({ timeout: 10_000 })
      .then(
        () => true,
        () => false,
      );
    if (ran) break;
    expect(Date.now() < deadline, 'no Tech Insights check ran in 2 minutes');
    await new Promise(r => setTimeout(r, 5000));
  }
  const verdict = async (check, passes) =>
    page
      .getByRole('listitem')
      .filter({ hasText: check })
      .getByRole('img', { name: passes ? 'Passed' : 'Failed' })
      .waitFor();
  await verdict(
    'No critical Kubernetes findings',
    facts.openFindings.critical === 0,
  );
  await verdict(
    'Kubernetes security grade B or better',
    facts.grade === 'A' || facts.grade === 'B',
  );
  await page
    .getByText('Tech Insights scorecard')
    .first()
    .evaluate(el => el.scrollIntoView({ block: 'center' }));
  await screenshot('tech-insights-scorecard');
});

await test('accepts a risk on a finding: the plan shows it accepted, the audit trail records it', async () => {
  const entity = 'storefront-web';
  const before = await api(`/entities/component/default/${entity}/plan`);
  // An item with a single failing finding, so accepting it changes the item and the score.
  const item = before.plan.items.find(
    i =>
      OPEN.includes(i.status) &&
      i.findings.filter(
        f => f.status !== 'pass' && !f.accepted && f.severity !== 'info',
      ).length === 1,
  );
  expect(item, `no open item of ${entity} has exactly one finding to accept`);
  const finding = item.findings.find(f => f.status !== 'pass' && !f.accepted);
  const r = finding.resource;
  // The item's panel: the nearest ancestor of its title that holds finding menus.
  const panel = page
    .getByText(item.title, { exact: true })
    .first()
    .locator(
      'xpath=ancestor::*[.//button[starts-with(@aria-label, "Actions for")]][1]',
    );
  await openFromFreshTab('the actions menu of the finding', {
    load: async () => {
      await page.goto(
        `${APP}/catalog/default/component/${entity}/kube-security`,
      );
      // Open the item unless it is open already (the first one is).
      const summary = page
        .locator('[aria-expanded]', { hasText: item.title })
        .first();
      if ((await summary.getAttribute('aria-expanded')) !== 'true')
        await summary.click();
      // The finding's row says it is open.
      await panel
        .getByRole('row')
        .filter({ hasText: r.name })
        .first()
        .getByText('Open', { exact: true })
        .waitFor();
    },
    click: () =>
      panel
        .getByRole('button', {
          name: new RegExp(
            `^Actions for .* on ${r.kind} ${r.namespace}/${r.name}.* on ${r.cluster}$`,
          ),
        })
        .first()
        .click(),
    opened: page.getByRole('menuitem', { name: /^Accept risk for / }).first(),
  });
  await page
    .getByRole('menuitem', { name: /^Accept risk for / })
    .first()
    .click();
  const dialog = page.getByRole('dialog', { name: 'Accept risk' });
  await dialog.getByLabel('This finding only').check();
  // The justification is required: sending without it names the field.
  await dialog.getByRole('button', { name: 'Accept risk' }).click();
  await dialog
    .getByText(/justification/i)
    .first()
    .waitFor();
  const justification = `End-to-end check ${Date.now()}: replaced in the next release`;
  await dialog.getByLabel('Justification').fill(justification);
  await dialog
    .getByLabel('Ticket link')
    .fill('https://tickets.example.com/SEC-7');
  await dialog.getByRole('button', { name: 'Accept risk' }).click();
  await dialog.waitFor({ state: 'detached' });
  // Decided, the item leaves the default "Needs work" view: show every item.
  await showAllItems();
  await page
    .getByText(/Accepted until/)
    .first()
    .waitFor();
  // The accepted item moved below the open ones: show it with its decision.
  await page
    .locator('[aria-expanded]', { hasText: item.title })
    .first()
    .evaluate(el => el.scrollIntoView({ block: 'start' }));
  await page.mouse.wheel(0, -60);
  await screenshot('entity-accepted-risk');

  const after = await api(`/entities/component/default/${entity}/plan`);
  const accepted = after.plan.items.find(i => i.itemId === item.itemId);
  expect(
    accepted.status === 'accepted',
    `the item is ${accepted.status}, not accepted`,
  );
  expect(
    accepted.findings.find(f => f.id === finding.id)?.accepted
      ?.justification === justification,
    'the finding is not marked accepted with the justification',
  );
  expect(
    after.plan.score.counts.accepted ===
      before.plan.score.counts.accepted + 1 &&
      after.plan.score.value !== before.plan.score.value,
    `the score did not move: ${before.plan.score.value} -> ${after.plan.score.value}`,
  );
  const audit = await api(`/audit?entityRef=component:default/${entity}`);
  expect(
    audit.events[0]?.action === 'exception.create' &&
      audit.events[0].reason === justification &&
      audit.events[0].actor === 'user:development/guest',
    `the audit trail does not start with the guest's exception: ${JSON.stringify(
      audit.events[0],
    )}`,
  );
  await page.getByText('Decision history').first().click();
  await page
    .getByRole('table', { name: 'Decision history' })
    .getByText(justification)
    .first()
    .waitFor();
});

await test('attests cloud-mfa-enforced on a cluster: unknown becomes attested', async () => {
  const cluster = 'eks-prod-eu';
  const before = await api(`/entities/resource/default/${cluster}/plan`);
  const mfa = before.plan.items.find(i => i.itemId === 'cloud-mfa-enforced');
  expect(
    mfa.status === 'unknown',
    `cloud-mfa-enforced is ${mfa.status} before attesting`,
  );
  const dialog = page.getByRole('dialog', { name: 'Attest' });
  await openFromFreshTab('the Attest form', {
    load: async () => {
      await page.goto(
        `${APP}/catalog/default/resource/${cluster}/kube-security`,
      );
      await page.waitForLoadState('networkidle');
      // Open the item unless it is open already (a click on an open item closes it).
      const summary = page
        .locator('[aria-expanded]', { hasText: mfa.title })
        .first();
      if ((await summary.getAttribute('aria-expanded')) !== 'true')
        await summary.click();
      await page.waitForLoadState('networkidle');
    },
    // The Attest button inside the item's own panel.
    click: () =>
      page
        .getByText(mfa.title, { exact: true })
        .first()
        .locator('xpath=ancestor::*[.//button[normalize-space(.)="Attest"]][1]')
        .getByRole('button', { name: 'Attest', exact: true })
        .first()
        .click(),
    opened: dialog,
  });
  await dialog
    .getByLabel('Statement')
    .fill('Console sign-in goes through the IdP, which enforces MFA');
  await dialog
    .getByLabel('Evidence link')
    .fill('https://wiki.example.com/security/mfa-review');
  await dialog.getByRole('button', { name: 'Attest' }).click();
  await dialog.waitFor({ state: 'detached' });
  await showAllItems();
  await page
    .getByText(/Attested until/)
    .first()
    .waitFor();
  const after = await api(`/entities/resource/default/${cluster}/plan`);
  const attested = after.plan.items.find(
    i => i.itemId === 'cloud-mfa-enforced',
  );
  expect(
    attested.status === 'attested',
    `cloud-mfa-enforced is ${attested.status} after attesting`,
  );
  // Show the attested item (it moved below the open ones), not the toast.
  await page
    .locator('[aria-expanded]', { hasText: mfa.title })
    .first()
    .evaluate(el => el.scrollIntoView({ block: 'start' }));
  await page.mouse.wheel(0, -60);
  await screenshot('cluster-attested');
});

await test("lists active exceptions on the overview, and refuses decisions on another team's entity", async () => {
  const list = await eventually(
    '/exceptions?limit=50',
    body => body.exceptions.some(e => e.source === 'user'),
    'the new exception showing in the list',
  );
  await page.goto(`${APP}/kube-security`);
  const table = page.getByRole('table', { name: 'Active exceptions' });
  await table.waitFor();
  // Declared by the storefront-web Deployment's annotation in the example cluster.
  expect(
    list.exceptions.some(e => e.source === 'annotation'),
    'the example annotation exception is not listed',
  );
  for (const e of list.exceptions.slice(0, 3)) {
    await table.getByText(e.justification).first().waitFor();
  }
  await page
    .getByText(/^Active exceptions/)
    .first()
    .scrollIntoViewIfNeeded();
  await screenshot('overview-active-exceptions');

  // The guest is not in the payments team: the example policy refuses, and the UI says so.
  const payments = await api('/entities/component/default/payments-api/plan');
  const open = payments.plan.items.find(i => OPEN.includes(i.status));
  await page.goto(
    `${APP}/catalog/default/component/payments-api/kube-security`,
  );
  await page.getByText(open.title, { exact: true }).first().click();
  await page
    .getByText(/You may not accept risks for this entity/)
    .first()
    .waitFor();
  expect(
    await page
      .getByRole('button', { name: 'Accept risk', exact: true })
      .first()
      .isDisabled(),
    'Accept risk is enabled on an entity the guest does not own',
  );
});

await browser.close();

const passed = results.filter(r => r.ok).length;
const failed = results.length - passed;
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
