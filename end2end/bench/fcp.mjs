// First load of the web app in headless Chromium on loopback: first contentful paint, the time
// until the home page shows data from the API, and the bytes transferred. Each run uses a
// fresh browser context (empty cache).
//
//   node end2end/bench/fcp.mjs http://127.0.0.1:8080 [runs]
import { chromium } from 'playwright-core';

const base = process.argv[2] ?? 'http://127.0.0.1:8080';
const runs = Number(process.argv[3] ?? 10);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const fcp = [], ready = [], bytes = [];
for (let i = 0; i < runs; i++) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  const page = await context.newPage();
  let transferred = 0;
  page.on('response', async (r) => {
    const len = Number((await r.allHeaders())['content-length'] ?? 0);
    transferred += len;
  });
  await page.goto(base + '/', { waitUntil: 'load' });
  await page.locator('.districts li').first().waitFor();
  const t = await page.evaluate(() => ({
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
    ready: performance.now(),
  }));
  fcp.push(t.fcp); ready.push(t.ready); bytes.push(transferred);
  await context.close();
}
await browser.close();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(JSON.stringify({ runs, fcp_ms: median(fcp), content_ms: median(ready), transferred_bytes: median(bytes), all_fcp_ms: fcp.map(Math.round) }));
