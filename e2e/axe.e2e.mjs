// Accessibility check of the demo portal with axe-core in Debian's Chromium: the overview, a
// Security tab and a Group page must have no serious or critical violation, at 1440 px and at
// 800 px (where tables scroll inside their cards). Run through
// scripts/e2e.sh (after portal.e2e.mjs, with the portal still up), or on its own against a
// running portal (E2E_APP_URL).
import { resolve, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const APP = process.env.E2E_APP_URL ?? 'http://localhost:3000';
const AXE = join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
const BLOCKING = new Set(['serious', 'critical']);

const PAGES = [
  {
    name: 'overview',
    path: '/kube-security',
    ready: page =>
      page
        .locator('table[aria-label="Teams"]:not([aria-busy="true"])')
        .waitFor(),
  },
  {
    name: 'Security tab of storefront-web',
    path: '/catalog/default/component/storefront-web/kube-security',
    ready: page => page.getByRole('list', { name: 'Action items' }).waitFor(),
  },
  {
    name: 'Group page of commerce',
    path: '/catalog/default/group/commerce',
    ready: page =>
      page
        .getByText(/Score \d+ of 100|No score yet/)
        .first()
        .waitFor(),
  },
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
});
const context = await browser.newContext({
  viewport: { width: 1440, height: 1000 },
});
context.setDefaultTimeout(60_000);
const page = await context.newPage();

let failed = 0;
try {
  await page.goto(APP);
  await page.getByRole('button', { name: 'Enter' }).click();
  await page.getByRole('link', { name: 'Security' }).first().waitFor();
  const views = [1440, 800].flatMap(width =>
    PAGES.map(view => ({ ...view, width })),
  );
  for (const { name: title, path, ready, width } of views) {
    const name = `${title} at ${width} px`;
    await page.setViewportSize({ width, height: 1000 });
    await page.goto(`${APP}${path}`);
    await ready(page);
    await page.addScriptTag({ path: AXE });
    const { violations } = await page.evaluate(() =>
      // eslint-disable-next-line no-undef
      window.axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] },
      }),
    );
    const blocking = violations.filter(v => BLOCKING.has(v.impact));
    if (blocking.length === 0) {
      console.log(`  ✓ axe: ${name} has no serious or critical violation`);
      continue;
    }
    failed++;
    console.log(`  ✗ axe: ${name}`);
    for (const v of blocking) {
      console.log(`    ${v.impact} ${v.id}: ${v.help}`);
      for (const node of v.nodes.slice(0, 5)) {
        console.log(`      ${node.target.join(' ')}: ${node.failureSummary}`);
      }
    }
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
