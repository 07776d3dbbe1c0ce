// Browser half of scripts/adopter-check.sh: drives Debian's Chromium through the freshly
// created app and prints what it found. Exits non-zero when a step fails.
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const APP = process.env.ADOPTER_APP_URL ?? 'http://localhost:3100';
const BACKEND = process.env.ADOPTER_BACKEND_URL ?? 'http://localhost:7107';
const REPORT = process.env.ADOPTER_REPORT ?? '/tmp';

async function guestToken() {
  const res = await fetch(`${BACKEND}/api/auth/guest/refresh`);
  return (await res.json()).backstageIdentity.token;
}

/** The snapshot is scanned at start: wait until the component has a plan. */
async function waitForPlan(token) {
  const deadline = Date.now() + 300_000;
  for (;;) {
    const res = await fetch(
      `${BACKEND}/api/kube-security/entities/component/default/example-website/plan`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    if (res.ok) {
      const body = await res.json();
      const open = body.plan?.items?.filter(i => i.status === 'fail') ?? [];
      if (open.length > 0) return open;
    }
    if (Date.now() > deadline)
      throw new Error('example-website got no plan within 5 minutes');
    await new Promise(r => setTimeout(r, 3000));
  }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
page.setDefaultTimeout(60_000);
let failed = false;
async function step(name, fn) {
  try {
    const detail = await fn();
    console.log(`  ✓ ${name}${detail ? `: ${detail}` : ''}`);
  } catch (error) {
    failed = true;
    console.log(`  ✗ ${name}\n    ${String(error?.message ?? error)}`);
    await page
      .screenshot({
        path: join(REPORT, `failed-${name.replace(/\W+/g, '-')}.png`),
      })
      .catch(() => {});
  }
}

const open = await waitForPlan(await guestToken());
await step('signs in as guest', async () => {
  await page.goto(APP);
  // Apps with a sign-in page ask for the guest; create-app's new app signs the guest in itself.
  const enter = page.getByRole('button', { name: 'Enter' });
  const signedIn = page.getByRole('link', { name: 'Catalog' }).first();
  await enter.or(signedIn).first().waitFor();
  if (await enter.isVisible()) await enter.click();
  await signedIn.waitFor();
});
await step(
  'finds "Security" in the navigation and opens the overview',
  async () => {
    const link = page
      .getByRole('link', { name: 'Security', exact: true })
      .first();
    await link.waitFor();
    await link.click();
    await page.waitForURL(/\/kube-security/);
    await page.getByText('Teams', { exact: false }).first().waitFor();
    await page.screenshot({ path: join(REPORT, 'adopter-overview.png') });
    return page.url();
  },
);
await step(
  'finds the Security tab on example-website and its plan',
  async () => {
    await page.goto(`${APP}/catalog/default/component/example-website`);
    // The entity page's tabs are links in its header, beside the sidebar's own "Security".
    const tab = page
      .locator('main')
      .getByText('Security', { exact: true })
      .first();
    await tab.waitFor();
    await tab.click();
    await page.waitForURL(/\/kube-security/);
    await page.getByText(open[0].title, { exact: true }).first().waitFor();
    await page.screenshot({ path: join(REPORT, 'adopter-security-tab.png') });
    return `${open.length} failing items, first "${open[0].title}"`;
  },
);
await browser.close();
console.log(failed ? 'adopter-check: FAILED' : 'adopter-check: passed');
process.exit(failed ? 1 : 0);
