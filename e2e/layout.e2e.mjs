// Layout and print checks of the demo portal in Debian's Chromium, measured with the browser's
// own layout (see layout.mjs), at 1440 px and 800 px: the overview's tables (teams, active
// exceptions, unowned findings), a team's top actions and the affected resources on
// storefront-web's Security tab. Then the tab as the browser prints it: only the plan, its
// title once, tables inside the page, far fewer pages than the 17 of before. Run through
// scripts/e2e.sh after portal.e2e.mjs (the portal still up); with UPDATE_SCREENSHOTS=1 the
// 800 px views and the printed first page also go to docs/screenshots/.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { pageScrollsSideways, tableLayoutProblems } from './layout.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// pdf-parse (a dev dependency of the backend) reads the printed PDF and, with pdf.js, draws
// its first page.
const { PDFParse } = createRequire(
  join(ROOT, 'plugins', 'kube-security-backend', 'package.json'),
)('pdf-parse');
const APP = process.env.E2E_APP_URL ?? 'http://localhost:3000';
const REPORT = join(ROOT, 'e2e-test-report');
const SCREENSHOTS = join(ROOT, 'docs', 'screenshots');
const ENTITY_TAB = '/catalog/default/component/storefront-web/kube-security';
/** Pages of the browser's print of storefront-web's tab before the print styles. */
const PAGES_BEFORE = 17;
/** What "far fewer" means: at most this many pages. */
const MAX_PRINTED_PAGES = 12;

mkdirSync(REPORT, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
});
const context = await browser.newContext({
  viewport: { width: 1440, height: 900 },
});
context.setDefaultTimeout(60_000);
const page = await context.newPage();

const results = [];
async function test(name, fn) {
  const started = Date.now();
  try {
    await fn();
    results.push(true);
    console.log(`  ✓ ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    results.push(false);
    console.log(
      `  ✗ ${name}\n    ${String(error?.stack ?? error)
        .split('\n')
        .join('\n    ')}`,
    );
    await page
      .screenshot({
        path: join(REPORT, `failed-${name.replace(/\W+/g, '-')}.png`),
      })
      .catch(() => undefined);
  }
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

function keep(file, name) {
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    mkdirSync(SCREENSHOTS, { recursive: true });
    copyFileSync(file, join(SCREENSHOTS, `${name}.png`));
  }
}

async function screenshot(name) {
  const file = join(REPORT, `${name}.png`);
  await page.screenshot({ path: file });
  keep(file, name);
}

/** Checks each table (a locator) and the page around it; throws with every problem. */
async function expectTablesFit(tables, width) {
  const problems = [];
  for (const [table, options] of tables) {
    await table.waitFor();
    problems.push(...(await tableLayoutProblems(table, options)));
  }
  const sideways = await pageScrollsSideways(page);
  if (sideways) problems.push(sideways);
  expect(
    problems.length === 0,
    `at ${width} px:\n      ${problems.join('\n      ')}`,
  );
}

/**
 * Goes to a page of the portal, signing in again as guest when the portal asks (a busy
 * machine sometimes loses the fresh guest session on the first navigation).
 */
async function visit(path, ready) {
  await page.goto(`${APP}${path}`);
  const enter = page.getByRole('button', { name: 'Enter' });
  await enter.or(ready).first().waitFor();
  if (await enter.isVisible()) {
    await enter.click();
    await ready.waitFor();
  }
}

/** Opens storefront-web's Security tab with its first item (and its resources) open. */
async function openEntityTab() {
  await visit(ENTITY_TAB, page.getByRole('list', { name: 'Action items' }));
  const resources = page.getByRole('table', { name: 'Affected resources' });
  if (!(await resources.first().isVisible())) {
    await page
      .getByRole('list', { name: 'Action items' })
      .locator('[aria-expanded="false"]')
      .first()
      .click();
  }
  return resources.first();
}

console.log(`Kube Security layout and print test against ${APP}`);
await page.goto(APP);
await page.getByRole('button', { name: 'Enter' }).click();
await page.getByRole('link', { name: 'Security' }).first().waitFor();

for (const width of [1440, 800]) {
  await page.setViewportSize({ width, height: 900 });

  await test(`the overview's tables fit their cards at ${width} px`, async () => {
    // The whole tree, not the top of it that shows while every team loads.
    await visit(
      '/kube-security',
      page.locator('table[aria-label="Teams"]:not([aria-busy="true"])'),
    );
    await expectTablesFit(
      ['Teams', 'Active exceptions', 'Unowned findings'].map(name => [
        page.getByRole('table', { name }).first(),
        {},
      ]),
      width,
    );
    if (width === 800) {
      // The unowned findings: a wide table scrolling inside its card.
      await page
        .getByRole('table', { name: 'Unowned findings' })
        .first()
        .evaluate(el => el.scrollIntoView({ block: 'center' }));
      await screenshot('overview-800');
    }
  });

  await test(`a team's top actions fit their card at ${width} px`, async () => {
    await visit(
      '/kube-security/teams/default/storefront',
      page.getByRole('table', { name: 'Top actions' }).first(),
    );
    await expectTablesFit(
      [[page.getByRole('table', { name: 'Top actions' }).first(), {}]],
      width,
    );
  });

  await test(`the affected resources fit the Security tab at ${width} px`, async () => {
    const resources = await openEntityTab();
    // Wide screens show every column, the Decision one included, without scrolling.
    await expectTablesFit([[resources, { mustFit: width >= 1440 }]], width);
    if (width === 800) {
      await resources.evaluate(el => el.scrollIntoView({ block: 'center' }));
      await screenshot('entity-security-tab-800');
    }
  });
}

await test('prints the Security tab: the plan only, its title once, tables inside the page', async () => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openEntityTab();
  // The printable width of an A4 page with 10 mm margins, at 96 dpi.
  await page.setViewportSize({ width: 718, height: 1000 });
  await page.emulateMedia({ media: 'print' });
  try {
    // What the browser does before it prints: the tab opens every item it lists.
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    await page.getByRole('list', { name: 'Action items' }).waitFor();
    const { hidden, visibleTitles, tables } = await page.evaluate(() => {
      const shown = el =>
        el.getClientRects().length > 0 &&
        getComputedStyle(el).visibility !== 'hidden';
      const root = document.querySelector('[data-ks-print-root]');
      const rootBox = root.getBoundingClientRect();
      return {
        hidden: {
          navigation: [...document.querySelectorAll('nav')].every(
            n => !shown(n),
          ),
          tabs: [...document.querySelectorAll('[role="tablist"]')].every(
            n => !shown(n),
          ),
          buttons: [...root.querySelectorAll('button')].every(b => !shown(b)),
        },
        visibleTitles: [...document.querySelectorAll('h1, h2, h3, h4')]
          .filter(h => shown(h) && /Security action plan/.test(h.textContent))
          .map(h => h.textContent.trim()),
        tables: [...root.querySelectorAll('table')]
          .filter(shown)
          .map(t => ({
            name: t.getAttribute('aria-label'),
            right: t.getBoundingClientRect().right,
            scrollWidth: t.parentElement.scrollWidth,
            clientWidth: t.parentElement.clientWidth,
          }))
          .filter(
            t =>
              t.right > rootBox.right + 1 || t.scrollWidth > t.clientWidth + 1,
          ),
      };
    });
    expect(
      Object.values(hidden).every(Boolean),
      `not left out of the print: ${JSON.stringify(hidden)}`,
    );
    expect(
      visibleTitles.length === 1,
      `the print shows the title ${
        visibleTitles.length
      } times: ${visibleTitles.join(' | ')}`,
    );
    expect(
      tables.length === 0,
      `tables run off the printed plan: ${JSON.stringify(tables)}`,
    );

    const bytes = await page.pdf({ format: 'A4', printBackground: true });
    writeFileSync(join(REPORT, 'entity-security-print.pdf'), bytes);
    const parser = new PDFParse({ data: new Uint8Array(bytes) });
    try {
      const { total } = await parser.getInfo();
      const text = (await parser.getText()).text.replace(/\s+/g, ' ');
      console.log(
        `    the print of storefront-web's Security tab has ${total} A4 pages (${PAGES_BEFORE} before the print styles)`,
      );
      expect(
        total <= MAX_PRINTED_PAGES,
        `the print has ${total} pages, more than ${MAX_PRINTED_PAGES}`,
      );
      const titles = text.split('Security action plan').length - 1;
      expect(titles === 1, `the printed title appears ${titles} times`);
      for (const header of ['Cluster', 'Evidence', 'Decision']) {
        expect(
          text.includes(header),
          `the printed table lacks its ${header} column`,
        );
      }
      const shot = await parser.getScreenshot({
        partial: [1],
        desiredWidth: 1100,
        imageBuffer: true,
      });
      const file = join(REPORT, 'entity-security-print.png');
      writeFileSync(file, shot.pages[0].data);
      keep(file, 'entity-security-print');
    } finally {
      await parser.destroy();
    }
  } finally {
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    await page.emulateMedia({ media: null });
  }
});

await browser.close();
const failed = results.filter(ok => !ok).length;
console.log(`\n${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
