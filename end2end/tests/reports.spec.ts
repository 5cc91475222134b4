import { test, expect, request } from '@playwright/test';
import { logIn, shoot } from './util';

// A resident about to report a problem first opens the community's public reports from the
// feedback form, finds that a neighbour has already reported it, and adds their support
// instead of filing a duplicate.

test.describe('public reports', () => {
  test('a resident supports an existing case instead of filing a duplicate', async ({ page, baseURL }, info) => {
    await page.addInitScript(() => localStorage.setItem('linli.lang', 'zh-CN'));
    // A neighbour reported the broken street light earlier (a visitor, name shown).
    const title = `小区东门路灯不亮（${info.project.name}）`;
    const neighbour = await request.newContext({ baseURL, extraHTTPHeaders: { 'x-linli-csrf': '1' } });
    const filed = await neighbour.post('/api/v1/feedback', {
      data: {
        kind: 'complaint', category: 'property', community: '440304001001', place: '红荔村东门',
        title, description: '东门的路灯坏了三天，晚上很黑。有事请打13812345678。', privacy: 'public_name',
        contact_name: '王芳', answers: { building: '东门' },
      },
    });
    expect(filed.status()).toBe(201);

    await logIn(page, '13800000001');
    await page.goto('/feedback/new');
    await expect(page.getByRole('heading', { name: '提交意见' })).toBeVisible();
    await expect(page.getByText('社区：红荔社区')).toBeVisible();
    await page.getByRole('link', { name: '已经有人反映过？查看本社区的公开意见并附议' }).click();
    await expect(page).toHaveURL(/\/feedback\/reports\/440304001001$/);
    await expect(page.getByRole('heading', { name: /社区公开意见/ })).toBeVisible();
    await page.getByRole('button', { name: '办理中' }).click();
    await expect(page.getByRole('button', { name: '办理中' })).toHaveAttribute('aria-pressed', 'true');
    const report = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: title }) });
    await expect(report).toBeVisible();
    // No personal data: neither the name nor the phone number.
    await expect(report.getByText('王芳')).toHaveCount(0);
    await expect(report.getByText(/13812345678/)).toHaveCount(0);
    await expect(report.getByText('0 人附议')).toBeVisible();
    await shoot(page, info, 'public-reports');
    await report.getByRole('button', { name: '我也遇到了（附议）' }).click();
    await expect(report.getByRole('status')).toHaveText('已附议，共 1 人');
    await report.getByText('办理过程').click();
    await expect(report.getByText('已提交')).toBeVisible();

    // The support is stored; no second case was filed.
    const list = await (await neighbour.get('/api/v1/feedback/reports?community=440304001001&status=open')).json();
    const mine = list.items.filter((r: { title: string }) => r.title === title);
    expect(mine).toHaveLength(1);
    expect(mine[0].support_count).toBe(1);
  });
});
