// End-to-end test of the demo portal in a real Chromium (Debian's), driven by playwright-core.
// Run it through scripts/e2e.sh, which starts the portal first. What the pages show is checked
// against what the backend's API answers for the same guest, so nothing here is hard-coded.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
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
    console.log(`  ✗ ${name}\n    ${String(error?.stack ?? error).split('\n').join('\n    ')}`);
    await page
      .screenshot({ path: join(REPORT, `failed-${name.replace(/\W+/g, '-')}.png`), fullPage: true })
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

/** Waits until the demo's three clusters have been scanned (the backend scans at start). */
async function waitForScans() {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const { clusters } = await api('/clusters');
    if (clusters.length === 3 && clusters.every(c => c.lastGoodScanAt)) {
      const { teams } = await api('/teams?limit=100');
      if (teams.length > 0 && teams.every(t => t.score.value !== null)) return;
    }
    expect(Date.now() < deadline, 'the example clusters were not scanned within 3 minutes');
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

console.log(`Kube Security end-to-end test against ${APP}`);
await waitForScans();

await test('signs in as guest', async () => {
  await page.goto(APP);
  await page.getByRole('button', { name: 'Enter' }).click();
  await page.getByRole('link', { name: 'Security' }).first().waitFor();
});

await test("shows a component's prioritized plan on its Security tab", async () => {
  const entity = 'storefront-web';
  const plan = await api(`/entities/component/default/${entity}/plan`);
  const open = plan.plan.items.filter(i => ['fail', 'partial', 'unknown'].includes(i.status));
  expect(open.length >= 3, `the demo plan of ${entity} has ${open.length} open items`);
  await page.goto(`${APP}/catalog/default/component/${entity}/kube-security`);
  await page.getByText(open[0].title, { exact: true }).first().waitFor();
  // The UI lists the items in the API's priority order.
  const positions = [];
  for (const item of open.slice(0, 4)) {
    const box = await page.getByText(item.title, { exact: true }).first().boundingBox();
    expect(box, `item "${item.title}" is not on the page`);
    positions.push(box.y);
  }
  expect(
    positions.every((y, i) => i === 0 || y > positions[i - 1]),
    `items are not in priority order on the page: ${positions.join(', ')}`,
  );
  await page.getByRole('img', { name: `Grade ${plan.plan.score.grade}` }).first().waitFor();
  await screenshot('entity-security-tab');

  // Opening the first item shows its affected resources and the provider's steps.
  await page.getByText(open[0].title, { exact: true }).first().click();
  await page.getByText(open[0].findings[0].resource.name).first().waitFor();
  await screenshot('entity-security-item');
});

await test('downloads the plan as a PDF', async () => {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download PDF' }).first().click(),
  ]);
  const file = join(REPORT, 'plan.pdf');
  await download.saveAs(file);
  const bytes = readFileSync(file);
  expect(bytes.subarray(0, 5).toString() === '%PDF-', 'the download is not a PDF');
  expect(bytes.length > 5_000, `the PDF is suspiciously small (${bytes.length} bytes)`);
});

await test('lists every team with its score on the overview page', async () => {
  const { teams } = await api('/teams?limit=100&sort=name');
  await page.goto(`${APP}/kube-security`);
  for (const team of teams) {
    await page.getByRole('link', { name: team.title ?? team.name, exact: true }).first().waitFor();
  }
  const worst = [...teams].sort((a, b) => a.score.value - b.score.value)[0];
  await page.getByText(worst.score.grade, { exact: true }).first().waitFor();
  for (const cluster of ['eks-prod-eu', 'gke-analytics', 'aks-shared']) {
    await page.getByText(cluster).first().waitFor();
  }
  await screenshot('overview');
});

await test("opens a team's scorecard from the overview", async () => {
  const card = await api('/teams/default/storefront/scorecard');
  await page.getByRole('link', { name: card.team.title ?? card.team.name, exact: true }).first().click();
  await page.waitForURL(/\/kube-security\/teams\/default\/storefront/);
  await page.getByText('Top actions').first().waitFor();
  await page.getByText(card.topActions[0].item.title).first().waitFor();
  await screenshot('team-scorecard');
});

await test('shows the team scorecard card on a Group page', async () => {
  const card = await api('/teams/default/commerce/scorecard');
  await page.goto(`${APP}/catalog/default/group/commerce`);
  await page.getByText('Security scorecard').first().waitFor();
  await page.getByRole('img', { name: `Grade ${card.team.score.grade}` }).first().waitFor();
  // Let the page's other cards finish loading so the screenshot shows the whole page.
  await page.getByText('Child Groups').first().waitFor();
  await page.waitForLoadState('networkidle');
  await screenshot('group-scorecard-card');
});

await browser.close();

const passed = results.filter(r => r.ok).length;
const failed = results.length - passed;
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
