import { defineConfig, devices } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The journeys run against the real `linli` binary with a fresh SQLite database and demo data.
// LINLI_BIN and LINLI_DIST are set by scripts/test.sh; the defaults suit a manual run from end2end/.
const port = Number(process.env.LINLI_E2E_PORT ?? 18080);
const baseURL = `http://127.0.0.1:${port}`;
const bin = process.env.LINLI_BIN ?? '../target/debug/linli';
const dist = process.env.LINLI_DIST ?? '../dist';
const dataDir = mkdtempSync(join(tmpdir(), 'linli-e2e-'));
// The server writes each SMS to this file (codes included); the journeys read their codes from
// it. Set once by the runner, inherited by its workers (which load this file again).
process.env.LINLI_E2E_SMS ??= join(dataDir, 'sms.jsonl');
const smsFile = process.env.LINLI_E2E_SMS;

const chromium = {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
};

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: chromium,
  },
  projects: [
    { name: 'phone', use: { ...devices['Pixel 7'], browserName: 'chromium', launchOptions: chromium } },
    { name: 'desktop', use: { viewport: { width: 1280, height: 860 }, browserName: 'chromium', launchOptions: chromium } },
  ],
  webServer: {
    // Every journey logs in from the same loopback address, about 40 times a run: the limits
    // stay on but scaled up (the integration tests check them at their real values).
    command: `${bin} serve --demo --addr 127.0.0.1:${port} --data-dir ${dataDir} --assets-dir ${dist} --rate-limit-scale 20 --sms-sender file:${smsFile}`,
    url: `${baseURL}/api/v1/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: { LINLI_LOG: 'warn' },
  },
});
