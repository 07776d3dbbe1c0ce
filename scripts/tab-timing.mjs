// Time from clicking an entity's Security tab to its first action item, in the production
// build of the demo app (packages/app/dist, which the backend's app plugin serves on :7007).
// Prints the figures and the JavaScript chunks the switch loads, with how many of them waited
// for another (a waterfall); asserts nothing about the time. Run through scripts/e2e.sh
// (which builds the app first), or on its own against a running backend:
//   node scripts/tab-timing.mjs [runs]     (E2E_PROD_APP_URL, default http://localhost:7007)
import { cpus, loadavg } from 'node:os';
import { chromium } from 'playwright-core';

const APP = process.env.E2E_PROD_APP_URL ?? 'http://localhost:7007';
const ENTITY = '/catalog/default/component/storefront-web';
const RUNS = Number(process.argv[2] ?? 5);
const FIRST_ITEM = '[aria-labelledby="ks-plan-items-title"] [role="listitem"]';

const median = values => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Arms a watch in the page that resolves with the ms from now to the first item. */
const armWatch = page =>
  page.evaluate(selector => {
    const start = performance.now();
    window.__ksFirstItem = new Promise(resolve => {
      const done = () => {
        if (!document.querySelector(selector)) return false;
        resolve(performance.now() - start);
        return true;
      };
      if (done()) return;
      const observer = new MutationObserver(() => {
        if (done()) observer.disconnect();
      });
      observer.observe(document.body, { childList: true, subtree: true });
    });
  }, FIRST_ITEM);

const securityTab = page =>
  page
    .getByRole('tab', { name: 'Security', exact: true })
    .or(page.getByRole('link', { name: 'Security', exact: true }))
    .last();

/** One cold switch (a fresh browser context, nothing cached) and one warm switch back. */
async function run(browser) {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
  });
  context.setDefaultTimeout(120_000);
  const page = await context.newPage();
  try {
    await page.goto(APP);
    await page.getByRole('button', { name: 'Enter' }).click();
    await page.getByRole('link', { name: 'Security' }).first().waitFor();
    await page.goto(`${APP}${ENTITY}`);
    await page.getByText('storefront-web').first().waitFor();
    await page.waitForLoadState('networkidle');

    // Every request from the click on: which chunks load, and when.
    const requests = [];
    const onRequest = request => requests.push({ request, at: Date.now() });
    page.on('request', onRequest);
    await armWatch(page);
    const clicked = Date.now();
    await securityTab(page).click();
    const cold = await page.evaluate(() => window.__ksFirstItem);
    page.off('request', onRequest);
    const chunks = [];
    for (const { request, at } of requests) {
      const url = new URL(request.url());
      if (!url.pathname.endsWith('.js')) continue;
      const response = await request.response();
      const timing = request.timing();
      chunks.push({
        name: url.pathname.split('/').pop(),
        start: at - clicked,
        end: at - clicked + Math.max(0, timing.responseEnd),
        bytes: Number((await response?.headerValue('content-length')) ?? 0),
      });
    }
    const apiCalls = requests.filter(r =>
      r.request.url().includes('/api/kube-security/'),
    );

    // Warm: back to the overview tab and to the Security tab again.
    await page
      .getByRole('tab', { name: 'Overview', exact: true })
      .or(page.getByRole('link', { name: 'Overview', exact: true }))
      .last()
      .click();
    await page.locator(FIRST_ITEM).first().waitFor({ state: 'detached' });
    await armWatch(page);
    await securityTab(page).click();
    const warm = await page.evaluate(() => window.__ksFirstItem);
    return { cold, warm, chunks, apiCalls: apiCalls.length };
  } finally {
    await context.close();
  }
}

/**
 * Sequential rounds of chunk loading: a chunk whose request starts after every chunk before
 * it has finished opens a new round (1 = everything loaded in parallel, no waterfall).
 */
function chunkRounds(chunks) {
  const sorted = [...chunks].sort((a, b) => a.start - b.start);
  let rounds = 0;
  let roundEnd = -Infinity;
  for (const chunk of sorted) {
    if (chunk.start >= roundEnd) rounds += 1;
    roundEnd = Math.max(roundEnd, chunk.end);
  }
  return rounds;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
});
try {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await run(browser));
  const [first] = runs;
  const rounds = chunkRounds(first.chunks);
  const kb = first.chunks.reduce((sum, c) => sum + c.bytes, 0) / 1024;
  console.log(`Security tab timing, production build at ${APP}${ENTITY}`);
  console.log(
    `  machine: ${cpus().length} cores, load average ${loadavg()
      .map(l => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    `  click to first item, first switch (cold): median ${Math.round(
      median(runs.map(r => r.cold)),
    )} ms over ${RUNS} runs (${runs.map(r => Math.round(r.cold)).join(', ')})`,
  );
  console.log(
    `  click to first item, switching back (warm): median ${Math.round(
      median(runs.map(r => r.warm)),
    )} ms (${runs.map(r => Math.round(r.warm)).join(', ')})`,
  );
  console.log(
    `  first switch loads ${
      first.chunks.length
    } JavaScript chunks (${kb.toFixed(
      0,
    )} KiB) in ${rounds} sequential round(s), and makes ${
      first.apiCalls
    } Kube Security API calls`,
  );
  for (const c of first.chunks) {
    console.log(
      `    ${c.name}: ${Math.round(c.start)}–${Math.round(c.end)} ms, ${(
        c.bytes / 1024
      ).toFixed(1)} KiB`,
    );
  }
} finally {
  await browser.close();
}
