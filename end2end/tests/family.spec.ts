import { test, expect, request as api } from '@playwright/test';
import { registerByApi, shoot } from './util';

// 子女代办: a daughter asks to act for her mother, the mother confirms, and the daughter books a
// court in her mother's name from her own phone; the booking is the mother's.

const phones = (project: string) => {
  const base = `135${String(Date.now() % 100_000_000).padStart(8, '0').slice(0, 6)}${project === 'phone' ? 1 : 2}`;
  return { mother: `${base}1`, daughter: `${base}2` };
};

test.describe('family proxy', () => {
  test('a daughter books a venue for her mother', async ({ page, baseURL }, info) => {
    const { mother, daughter } = phones(info.project.name);
    const password = '榕树下的长椅 2026';
    const mum = await api.newContext({ baseURL, extraHTTPHeaders: { 'x-linli-csrf': '1' } });
    expect((await registerByApi(mum, { phone: mother, password, display_name: '陈阿姨', home_community: '440304001001' })).status()).toBe(201);
    const her = await api.newContext({ baseURL, extraHTTPHeaders: { 'x-linli-csrf': '1' } });
    expect((await registerByApi(her, { phone: daughter, password, display_name: '小陈', home_community: '440304001001' })).status()).toBe(201);
    await her.dispose();

    await page.addInitScript(() => localStorage.setItem('linli.lang', 'zh-CN'));
    await page.goto('/login?next=%2Fme');
    await page.getByLabel('手机号码').fill(daughter);
    await page.getByLabel('密码').fill(password);
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page).toHaveURL(/\/me$/);
    const family = page.getByRole('region', { name: '家人代办' });
    await family.getByLabel('家人的手机号码').fill(mother);
    await family.getByLabel('我为TA代办').check();
    await family.getByRole('button', { name: '发送邀请' }).click();
    await expect(family.getByRole('listitem').filter({ hasText: '陈阿姨' })).toContainText('等待确认');
    await shoot(page, info, 'family-invited');

    // The mother confirms from her own account (told in the app and by SMS).
    const links = await (await mum.get('/api/v1/me/family-links')).json();
    expect(links.items[0].other_name).toBe('小陈');
    expect((await mum.post(`/api/v1/me/family-links/${links.items[0].id}/accept`)).status()).toBe(200);

    await page.reload();
    const row = family.getByRole('listitem').filter({ hasText: '陈阿姨' });
    await expect(row).not.toContainText('等待确认');
    await row.getByRole('button', { name: '为TA办理' }).click();
    await expect(page).toHaveURL(/\/venues$/);
    const banner = page.getByRole('status').filter({ hasText: '正在为陈阿姨代办' });
    await expect(banner).toBeVisible();

    await page.getByRole('link', { name: '红荔社区篮球场（演示） A 场' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('红荔社区篮球场（演示） A 场');
    const strip = page.getByRole('group', { name: '选择日期' });
    // A day of its own per project: the journeys of both projects run against one server.
    await strip.getByRole('button').nth(info.project.name === 'phone' ? 3 : 4).click();
    await page.locator('section.day').getByRole('button', { name: /空闲/ }).first().click();
    await page.getByRole('button', { name: '确认预约' }).click();
    await expect(page).toHaveURL(/\/bookings\/\d+$/);
    await expect(page.getByText('已确认')).toBeVisible();
    await expect(banner).toBeVisible();
    // The entry code's QR image is the mother's too, fetched with the proxy's header.
    const qr = page.getByRole('img', { name: '入场码二维码' });
    await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await shoot(page, info, 'family-booked-for-mother');
    const bookingId = Number(new URL(page.url()).pathname.split('/').pop());

    // The booking is the mother's: in her list, not in the daughter's own.
    const hers = await (await mum.get('/api/v1/me/bookings')).json();
    expect(JSON.stringify(hers)).toContain(`"id":${bookingId}`);
    await banner.getByRole('button', { name: '结束代办' }).click();
    await expect(banner).toHaveCount(0);
    const own = await page.evaluate(async () => (await fetch('/api/v1/me/bookings')).text());
    expect(own).not.toContain(`"id":${bookingId}`);
    await mum.dispose();
  });
});
