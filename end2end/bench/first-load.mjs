// First load of the home page on a slow phone, for one or more builds of the web app served side
// by side (e.g. before and after a change), measured in the same run with alternating loads:
// headless Chromium with the network throttled (default 1.6 Mbit/s down, 750 kbit/s up, 150 ms
// round trip) and the CPU slowed 4 ×, a fresh context (empty cache) per load. Reports per build
// the median first contentful paint, the time until the home page's search box is rendered by
// the app (its handlers are attached in the same step, so it works from then on) and the bytes
// transferred.
//
//   node end2end/bench/first-load.mjs [--runs N] [--no-throttle] label=http://127.0.0.1:8080 …
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
let runs = 5;
let throttle = true;
const builds = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--runs') runs = Number(args[++i]);
  else if (args[i] === '--no-throttle') throttle = false;
  else {
    const [label, base] = args[i].split('=');
    builds.push({ label, base, fcp: [], ready: [], bytes: [] });
  }
}
if (!builds.length) {
  console.error('usage: first-load.mjs [--runs N] [--no-throttle] label=http://host:port …');
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

async function load(build) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  const page = await context.newPage();
  if (throttle) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 150,
      downloadThroughput: (1.6 * 1024 * 1024) / 8,
      uploadThroughput: (750 * 1024) / 8,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  }
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.getElementById('home-search')) {
        window.__searchReady = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  let transferred = 0;
  page.on('response', async (r) => {
    transferred += Number((await r.allHeaders())['content-length'] ?? 0);
  });
  await page.goto(build.base + '/', { waitUntil: 'load', timeout: 120_000 });
  await page.locator('#home-search').waitFor({ timeout: 120_000 });
  const t = await page.evaluate(() => ({
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
    ready: window.__searchReady ?? performance.now(),
  }));
  build.fcp.push(t.fcp);
  build.ready.push(t.ready);
  build.bytes.push(transferred);
  await context.close();
}

for (let i = 0; i < runs; i++) {
  for (const build of builds) await load(build);
}
await browser.close();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const result = {
  runs,
  throttle: throttle ? { down_kbit: 1600, up_kbit: 750, rtt_ms: 150, cpu_slowdown: 4 } : null,
  builds: builds.map((b) => ({
    label: b.label,
    fcp_ms: Math.round(median(b.fcp)),
    search_ready_ms: Math.round(median(b.ready)),
    transferred_kb: Math.round(median(b.bytes) / 1024),
    all_search_ready_ms: b.ready.map(Math.round),
  })),
};
console.log(JSON.stringify(result, null, 2));
