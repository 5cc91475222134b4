import { test, expect } from '@playwright/test';
import { shoot } from './util';

test.describe('the app shell', () => {
  test('home shows the districts from the API, in Chinese first', async ({ page }, info) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('社区服务，一站办理');
    const districts = page.getByRole('region', { name: '按区浏览' });
    await expect(districts.getByRole('link', { name: '福田区' })).toBeVisible();
    await expect(districts.getByRole('listitem')).toHaveCount(10);
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await shoot(page, info, 'home-zh');
  });

  test('language and elder mode switch and survive a reload', async ({ page }, info) => {
    await page.goto('/');
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Community services in one place');
    await expect(page.getByRole('link', { name: 'Futian District' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');

    const elder = page.getByRole('button', { name: 'Large text' });
    await elder.click();
    await expect(elder).toHaveAttribute('aria-pressed', 'true');
    await expect(page.locator('html')).toHaveClass(/elder/);
    const fontSize = await page.locator('body').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(fontSize).toBeGreaterThanOrEqual(18);
    await shoot(page, info, 'home-en-elder');

    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Community services in one place');
    await expect(page.locator('html')).toHaveClass(/elder/);

    await page.getByRole('button', { name: '中文' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('社区服务，一站办理');
  });

  test('an unknown address shows the not-found page inside the app', async ({ page }) => {
    await page.goto('/no/such/page');
    await expect(page.getByRole('heading', { name: '页面不存在' })).toBeVisible();
    await page.getByRole('link', { name: '返回首页' }).click();
    await expect(page).toHaveURL(/\/$/);
  });

  test('the search box opens the directory with the query', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('searchbox', { name: '搜索社区服务' }).fill('养老');
    await page.getByRole('button', { name: '搜索' }).click();
    await expect(page).toHaveURL(/\/services\?q=%E5%85%BB%E8%80%81/);
  });
});
