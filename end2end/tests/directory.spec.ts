import { test, expect, type Page } from '@playwright/test';
import { shoot } from './util';

/** On phones the filters are a closed drawer; open it. */
async function openFilters(page: Page, label: RegExp) {
  const drawer = page.locator('details.dir-filters');
  if (!(await drawer.evaluate((d) => (d as HTMLDetailsElement).open))) {
    await drawer.locator('summary').filter({ hasText: label }).click();
  }
}

test.describe('service directory', () => {
  test('a resident finds an elderly-care service open now in 福田 and calls it', async ({ page }, info) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { name: '服务分类' })).toBeVisible();
    await expect(page.getByRole('link', { name: /为老服务/ })).toBeVisible();
    await shoot(page, info, 'directory-home');

    await page.getByRole('searchbox').fill('养老');
    await page.getByRole('button', { name: '搜索' }).click();
    await expect(page).toHaveURL(/\/services\?q=/);
    await expect(page.getByRole('status').filter({ hasText: /共找到 \d+ 项服务/ })).toBeVisible();
    const hits = page.getByRole('list', { name: '搜索结果' }).getByRole('listitem');
    await expect(hits.first()).toBeVisible();

    await openFilters(page, /筛选/);
    await page.getByRole('group', { name: '所在区' }).getByRole('link', { name: /福田区/ }).click();
    await expect(page).toHaveURL(/region=440304/);
    await openFilters(page, /筛选/);
    await page.getByLabel('正在开放').check();
    await expect(page).toHaveURL(/open_now=true/);
    await expect(page.getByRole('status').filter({ hasText: /共找到 [1-9]\d* 项服务/ })).toBeVisible();
    // Every hit is in 福田 and open now.
    const first = hits.first();
    await expect(first).toContainText('福田区');
    await expect(first.locator('.open-badge')).toContainText('正在开放');
    await shoot(page, info, 'directory-results');
    // The whole directory is open data, linked under the results.
    const hsds = page.getByRole('link', { name: '下载 HSDS 数据包' });
    await expect(hsds).toHaveAttribute('href', '/api/hsds/export');
    const pkg = await page.request.get('/api/hsds/export');
    expect(pkg.status()).toBe(200);
    expect(pkg.headers()['content-type']).toContain('zip');

    await first.getByRole('heading').getByRole('link').click();
    await expect(page).toHaveURL(/\/services\/\d+$/);
    await expect(page.getByRole('heading', { name: '办事指南' })).toBeVisible();
    await expect(page.getByText('申办条件')).toBeVisible();
    await expect(page.getByText(/最后核实于|尚未核实/)).toBeVisible();
    const call = page.getByRole('link', { name: /拨打 0755-8\d{7}/ }).first();
    await expect(call).toBeVisible();
    expect(await call.getAttribute('href')).toMatch(/^tel:07558\d{7}$/);
    await expect(page.getByRole('heading', { name: '分享此服务' })).toBeVisible();
    await shoot(page, info, 'directory-service');
  });

  test('a visitor shares their position and sees the nearest services first', async ({ page, context }, info) => {
    // Standing at 南山区's centre; the position goes with the search request only, never into
    // the page's address.
    await context.grantPermissions(['geolocation']);
    await context.setGeolocation({ latitude: 22.533, longitude: 113.93 });
    await page.goto('/services?q=' + encodeURIComponent('养老'));
    const hits = page.getByRole('list', { name: '搜索结果' }).getByRole('listitem');
    await expect(hits.first()).toBeVisible();
    await openFilters(page, /筛选/);
    const asked = page.waitForRequest((r) => r.url().includes('/api/v1/services?') && r.url().includes('near=22.533,113.930'));
    await page.getByLabel('离我最近').check();
    await asked;
    await expect(page.getByLabel('离我最近')).toBeChecked();
    await expect(hits.first()).toContainText('南山区');
    await expect(hits.nth(1)).toContainText('南山区');
    expect(page.url()).not.toContain('near');
    await shoot(page, info, 'directory-near-me');
    // Back to relevance order.
    const plain = page.waitForRequest((r) => r.url().includes('/api/v1/services?') && !r.url().includes('near='));
    await page.getByLabel('离我最近').uncheck();
    await plain;
  });

  test('a visitor who keeps their position to themselves is told how to narrow instead', async ({ browser }, info) => {
    const context = await browser.newContext({
      viewport: info.project.name === 'phone' ? { width: 412, height: 915 } : { width: 1280, height: 860 },
    });
    const page = await context.newPage();
    await context.clearPermissions();
    await page.goto('/services?q=' + encodeURIComponent('养老'));
    await expect(page.getByRole('list', { name: '搜索结果' }).getByRole('listitem').first()).toBeVisible();
    await openFilters(page, /筛选/);
    // Refused at once: the switch springs back (so a click, not `check`, which expects it on).
    await page.getByLabel('离我最近').click();
    await expect(page.getByRole('alert').filter({ hasText: '无法获取您的位置' })).toBeVisible({ timeout: 20_000 });
    await expect(page.getByLabel('离我最近')).not.toBeChecked();
    await context.close();
  });

  test('the directory speaks English', async ({ browser }, info) => {
    const context = await browser.newContext({
      locale: 'en-US',
      viewport: info.project.name === 'phone' ? { width: 412, height: 915 } : { width: 1280, height: 860 },
    });
    const page = await context.newPage();
    await page.addInitScript(() => localStorage.setItem('linli.lang', 'en'));
    await page.goto('/services?q=%E5%85%BB%E8%80%81');
    await expect(page.getByRole('heading', { name: 'Service directory' })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: /\d+ services found/ })).toBeVisible();
    await openFilters(page, /Filters/);
    await page.getByRole('group', { name: 'District' }).getByRole('link', { name: /Futian District/ }).click();
    await page.getByLabel('Open now').check();
    await expect(page).toHaveURL(/open_now=true/);
    const first = page.getByRole('list', { name: 'Results' }).getByRole('listitem').first();
    await expect(first.locator('.open-badge')).toContainText('Open now');
    await shoot(page, info, 'directory-results-en');
    await first.getByRole('heading').getByRole('link').click();
    await expect(page.getByRole('heading', { name: 'How to apply' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Where and when' })).toBeVisible();
    await expect(page.getByRole('link', { name: /Call 0755-8\d{7}/ }).first()).toBeVisible();
    await shoot(page, info, 'directory-service-en');
    await context.close();
  });

  test('a resident reports a problem and the workstation staff accept it', async ({ page }, info) => {
    await page.goto('/services?q=%E4%BD%8E%E4%BF%9D&region=440304001001');
    await page.getByRole('list', { name: '搜索结果' }).getByRole('listitem').first()
      .getByRole('heading').getByRole('link').click();
    await page.getByText('报告问题').click();
    await page.getByLabel('问题类型').selectOption({ label: '电话打不通或有误' });
    await page.getByLabel('说明').fill('周六上午打了三次都没人接');
    await page.getByRole('button', { name: '提交' }).click();
    await expect(page.getByText('谢谢！工作人员会尽快核实。')).toBeVisible();

    await page.goto('/login?next=/directory/review');
    await page.getByLabel('手机号码').fill('13800000003');
    await page.getByLabel('密码').fill('linli-demo-2026');
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page).toHaveURL(/\/directory\/review$/);
    const report = page.getByRole('listitem').filter({ hasText: '周六上午打了三次都没人接' }).first();
    await expect(report).toBeVisible();
    await shoot(page, info, 'directory-review');
    await report.getByLabel('处理说明').fill('已更正电话');
    await report.getByRole('button', { name: '采纳', exact: true }).click();
    await expect(page.getByText('周六上午打了三次都没人接')).toHaveCount(0);

    await page.goto('/directory/manage');
    await page.locator('.user-list').getByRole('link').first().click();
    await expect(page.getByRole('heading', { name: '编辑服务' })).toBeVisible();
    await expect(page.getByRole('heading', { name: '修改记录' })).toBeVisible();
    await shoot(page, info, 'directory-editor');
  });

  test('the data team sees what residents searched for and did not find, by district', async ({ page }, info) => {
    // Words no demo service has, one per project (both run against one server).
    const words = info.project.name === 'phone' ? '滑翔伞' : '热气球';
    await page.goto(`/services?q=${encodeURIComponent(words)}&region=440304`);
    await expect(page.getByText('没有找到符合条件的服务')).toBeVisible();

    await page.goto('/login?next=/directory/misses');
    await page.getByLabel('手机号码').fill('13800000003');
    await page.getByLabel('密码').fill('linli-demo-2026');
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page).toHaveURL(/\/directory\/misses$/);
    await expect(page.getByRole('heading', { name: '搜索无结果' })).toBeVisible();
    const row = page.getByRole('row').filter({ hasText: words });
    await expect(row).toContainText('福田区');
    await page.getByLabel('所在区').selectOption({ label: '南山区' });
    await expect(row).toHaveCount(0);
    await page.getByLabel('所在区').selectOption({ label: '福田区' });
    await expect(row).toContainText('福田区');
    await shoot(page, info, 'directory-misses');
    const csv = await page.request.get((await page.getByRole('link', { name: '下载 CSV' }).getAttribute('href'))!);
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain(`440304,福田区,${words},`);
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('heading', { name: 'Searches that found nothing' })).toBeVisible();
    await expect(row).toContainText('Futian');
  });
});
