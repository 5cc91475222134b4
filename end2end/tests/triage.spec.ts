import { test, expect, request } from '@playwright/test';
import { logIn, shoot } from './util';

// An outside system reports a problem by position only, far from every known place: Linli
// cannot tell the community, so the request waits in the district's triage queue. The
// district administrator finds it under "待定位", places it in a community by keyboard, and the
// community's committee then has it in their inbox.

test.describe('triage queue', () => {
  test('staff place an Open311 request that matched no community', async ({ page, baseURL }, info) => {
    await page.addInitScript(() => localStorage.setItem('linli.lang', 'zh-CN'));
    // The city administrator issues a key to the outside system.
    const city = await request.newContext({ baseURL, extraHTTPHeaders: { 'x-linli-csrf': '1' } });
    expect((await city.post('/api/v1/auth/login', { data: { phone: '13800000006', password: 'linli-demo-2026' } })).ok()).toBeTruthy();
    const issued = await city.post('/api/v1/admin/open311/clients', { data: { name: `城市巡查 App（${info.project.name}）` } });
    expect(issued.status()).toBe(201);
    const { api_key } = await issued.json();

    // Position only, in 福田区 but kilometres from every community's known places.
    const description = `路口井盖松动有响声（${info.project.name}）`;
    const filed = await page.request.post('/open311/v2/requests.json', {
      form: {
        api_key, service_code: 'sanitation', 'attribute[location_type]': 'street', description,
        jurisdiction_id: '440304', lat: '22.5850', long: '114.0550',
      },
    });
    expect(filed.status(), await filed.text()).toBe(201);
    const [{ service_request_id: id }] = await filed.json();

    // The district administrator: the case is in the "to place" view of the inbox.
    await logIn(page, '13800000005');
    await page.goto('/staff/feedback');
    await expect(page.getByRole('heading', { name: '意见办理' })).toBeVisible();
    const toPlace = page.getByRole('button', { name: '待定位' });
    await toPlace.focus();
    await page.keyboard.press('Enter');
    await expect(toPlace).toHaveAttribute('aria-pressed', 'true');
    const row = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: description }) });
    await expect(row).toBeVisible();
    await expect(row.getByText('待定位')).toBeVisible();
    await shoot(page, info, 'triage-queue');
    await row.getByRole('link', { name: description }).click();
    await expect(page).toHaveURL(new RegExp(`/staff/feedback/${id}$`));
    await expect(page.getByText('22.58500, 114.05500')).toBeVisible();

    // Place it: a community outside the district is refused with the server's message.
    const form = page.getByRole('form', { name: '归入社区' });
    await form.getByLabel('区', { exact: true }).selectOption({ label: '南山区' });
    await form.getByLabel('街道').selectOption({ index: 1 });
    await form.getByLabel('社区', { exact: true }).selectOption({ index: 1 });
    await form.getByRole('button', { name: '归入此社区' }).click();
    await expect(form.getByRole('alert')).toBeVisible();
    // Then, by keyboard, the right one.
    await form.getByLabel('区', { exact: true }).selectOption({ label: '福田区' });
    await form.getByLabel('街道').selectOption({ label: '园岭街道' });
    await form.getByLabel('社区', { exact: true }).selectOption({ label: '红荔社区' });
    await shoot(page, info, 'triage-place');
    await form.getByRole('button', { name: '归入此社区' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('status').filter({ hasText: '已归入红荔社区' })).toBeVisible();
    await expect(page.getByRole('form', { name: '归入社区' })).toHaveCount(0);
    await shoot(page, info, 'triage-placed');

    // The queue no longer has it; the committee of 红荔社区 does.
    await page.goto('/staff/feedback');
    await page.getByRole('button', { name: '待定位' }).click();
    await expect(page.getByRole('button', { name: '待定位' })).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByRole('link', { name: description })).toHaveCount(0);
    const committee = await request.newContext({ baseURL, extraHTTPHeaders: { 'x-linli-csrf': '1' } });
    expect((await committee.post('/api/v1/auth/login', { data: { phone: '13800000002', password: 'linli-demo-2026' } })).ok()).toBeTruthy();
    const inbox = await (await committee.get('/api/v1/staff/feedback?limit=50')).json();
    expect(inbox.items.map((c: { id: number }) => c.id)).toContain(Number(id));
  });
});
