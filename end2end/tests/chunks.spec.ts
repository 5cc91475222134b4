import { test, expect, type Page } from '@playwright/test';
import { shoot } from './util';

// The shell, home, directory search and service pages are in the main module; every other page
// is a wasm chunk fetched the first time it is opened (app/src/ui/routes.rs).

/** Names of the page chunks the browser fetched (the main module is app_bg.wasm). */
function watchChunks(page: Page): string[] {
  const chunks: string[] = [];
  page.on('request', (r) => {
    const name = new URL(r.url()).pathname.split('/').pop() ?? '';
    if (name.endsWith('.wasm') && name !== 'app_bg.wasm') chunks.push(name);
  });
  return chunks;
}

test.describe('pages loaded on demand', () => {
  test('the home page needs no chunk; links to the login and a staff page fetch theirs', async ({ page }, info) => {
    const chunks = watchChunks(page);
    await page.goto('/');
    await expect(page.locator('#home-search')).toBeVisible();
    await page.locator('#home-search').fill('养老');
    await page.locator('#home-search').press('Enter');
    await expect(page).toHaveURL(/\/services\?q=/);
    await expect(page.locator('.results, .service-list, main h1').first()).toBeVisible();
    expect(chunks, 'home and directory search are in the main module').toEqual([]);

    await page.goto('/');
    await page.getByRole('link', { name: '我的' }).first().click();
    await page.locator('main').getByRole('link', { name: '登录' }).click();
    await expect(page.getByRole('heading', { name: '登录邻里' })).toBeVisible();
    expect(chunks.length, 'the account pages came as a chunk').toBeGreaterThan(0);

    await page.locator('#phone').fill('13800000002');
    await page.locator('#password').fill('linli-demo-2026');
    await page.locator('form button[type=submit]').click();
    await page.waitForURL(/\/me$/);
    const before = chunks.length;
    await page.getByRole('link', { name: '场馆管理' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '场馆管理' })).toBeVisible();
    expect(chunks.length, 'the staff page came as a chunk').toBeGreaterThan(before);
    await shoot(page, info, 'chunk-staff-venues');
  });

  test('a staff page opened directly by its address loads its chunk', async ({ page }) => {
    await page.goto('/login');
    await page.locator('#phone').fill('13800000002');
    await page.locator('#password').fill('linli-demo-2026');
    await page.locator('form button[type=submit]').click();
    await page.waitForURL(/\/me$/);
    const chunks = watchChunks(page);
    await page.goto('/staff/feedback');
    await expect(page.getByRole('link', { name: '答复模板' })).toBeVisible();
    expect(chunks.length).toBeGreaterThan(0);
  });

  test('a chunk that cannot be fetched (an upgrade happened) asks the visitor to reload', async ({ page }, info) => {
    // The build the page was opened with is gone: its chunks answer 404, as the server does.
    const chunk = /\/app-[0-9a-f]{16}\/(?!app_bg\.wasm)[^/]+\.wasm$/;
    await page.route(chunk, (route) =>
      route.fulfill({ status: 404, contentType: 'application/wasm', body: 'not found' }));
    await page.goto('/');
    await page.getByRole('link', { name: '预约场馆' }).first().click();
    await expect(page.getByRole('heading', { name: '页面需要刷新' })).toBeVisible();
    await shoot(page, info, 'chunk-reload');

    await page.unroute(chunk);
    await page.getByRole('button', { name: '刷新页面' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '场馆预约' })).toBeVisible();
  });
});
