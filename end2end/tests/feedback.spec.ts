import { test, expect, request, type Page } from '@playwright/test';
import { logIn, shoot } from './util';

// Two journeys of resident feedback against the real server with demo data: a resident files
// a complaint with a photo and later rates the answer; a committee member works through an
// overdue case and opens the statistics and the monthly report.

async function useLanguage(page: Page, lang: string) {
  await page.addInitScript((l) => localStorage.setItem('linli.lang', l), lang);
}

test.describe('feedback', () => {
  test('a resident files a complaint with a photo and later rates the answer', async ({ page, baseURL }, info) => {
    await useLanguage(page, 'zh-CN');
    const title = `楼道灯坏了（${info.project.name}）`;
    await logIn(page, '13800000001');
    await page.goto('/feedback');
    await expect(page.getByRole('heading', { name: '居民意见' })).toBeVisible();
    await shoot(page, info, 'feedback-home');
    await page.getByRole('link', { name: '我要提意见' }).click();
    await expect(page.getByRole('heading', { name: '提交意见' })).toBeVisible();
    await page.getByLabel('投诉').check();
    await page.getByLabel('类别').selectOption({ label: '环境卫生与市容' });
    await expect(page.getByText('受理期限 2 个工作日')).toBeVisible();
    await expect(page.getByText('社区：红荔社区')).toBeVisible();
    await page.getByLabel('问题出现在哪里？（必填）').selectOption({ label: '小区内' });
    await page.getByLabel('具体地点').fill('红荔村 7 栋 2 单元楼道');
    await page.getByLabel('标题').fill(title);
    await page.getByLabel('详细情况').fill('7 栋 2 单元三楼到五楼的楼道灯坏了一个多星期，晚上上下楼很危险，老人差点摔倒。');
    // The draft survives a reload.
    await page.reload();
    await expect(page.getByLabel('标题')).toHaveValue(title);
    await page.getByLabel('问题出现在哪里？（必填）').selectOption({ label: '小区内' });
    await page.getByLabel('照片（可选，最多 5 张）').setInputFiles('tests/fixtures/gps.jpg');
    await expect(page.getByText('gps.jpg')).toBeVisible();
    await page.getByLabel('只让居委会看到').check();
    await shoot(page, info, 'feedback-form');
    await page.getByRole('button', { name: '提交意见' }).click();
    await expect(page.getByRole('heading', { name: '已提交，感谢您的反映' })).toBeVisible();
    const code = (await page.locator('.created .tracking-code').textContent())!.trim();
    expect(code).toMatch(/^SZ-\d{4}-[2-9A-HJKMNP-Z]{8}$/);
    await shoot(page, info, 'feedback-created');

    await page.getByRole('link', { name: '查看进度' }).click();
    await expect(page.getByRole('heading', { name: title })).toBeVisible();
    await expect(page.getByText('待受理').first()).toBeVisible();
    await expect(page.locator('.photos img')).toHaveCount(1);
    // More details while it waits: a line and another photo, shown on the case.
    await page.getByLabel('补充说明', { exact: true }).fill('二楼和三楼的灯也不亮了。');
    await page.locator('#case-details-photos').setInputFiles('tests/fixtures/gps.jpg');
    await page.getByRole('button', { name: '补充说明' }).click();
    await expect(page.getByText('二楼和三楼的灯也不亮了。')).toBeVisible();
    await expect(page.locator('.photos img')).toHaveCount(2);
    await page.goto('/feedback/mine');
    await expect(page.getByRole('link', { name: title })).toBeVisible();

    // The committee answers (through the API, as its own client).
    const committee = await request.newContext({ baseURL, extraHTTPHeaders: { 'x-linli-csrf': '1' } });
    expect((await committee.post('/api/v1/auth/login', { data: { phone: '13800000002', password: 'linli-demo-2026' } })).ok()).toBeTruthy();
    const inbox = await (await committee.get(`/api/v1/staff/feedback?q=${code}`)).json();
    const id = inbox.items[0].id;
    for (const action of [
      { action: 'accept', reply: '已收到，物业今天会派电工查看。' },
      { action: 'assign' },
      { action: 'answer', reply: '楼道灯已全部更换为声控 LED 灯，感谢您的反映。' },
    ]) {
      expect((await committee.post(`/api/v1/staff/feedback/${id}/actions`, { data: action })).ok()).toBeTruthy();
    }

    // The resident learns of the answer from the messages link in the header.
    await page.goto('/feedback/mine');
    await page.getByRole('link', { name: /^消息\s*，\s*\d+\s*条未读$/ }).click();
    await expect(page.getByRole('heading', { name: '消息通知' })).toBeVisible();
    const answered = page.locator('.notification', { hasText: '您的意见已答复' }).first();
    await expect(answered).toBeVisible();
    await shoot(page, info, 'notifications');
    await answered.getByRole('link', { name: '查看详情' }).click();
    await expect(page).toHaveURL(new RegExp(`/feedback/track/${code}$`));
    await expect(page.getByText('楼道灯已全部更换为声控 LED 灯')).toBeVisible();
    await expect(page.getByRole('heading', { name: '请评价这次答复' })).toBeVisible();
    await page.getByLabel('5 分').check();
    await page.getByLabel('评价内容（可选）').fill('换得很快，谢谢！');
    await shoot(page, info, 'feedback-rate');
    await page.getByRole('button', { name: '提交评价' }).click();
    await expect(page.getByText('您的评价：5 分')).toBeVisible();
    await expect(page.getByText('已办结').first()).toBeVisible();
    await shoot(page, info, 'feedback-rated');

    await expect(page.locator('.timeline').getByText(/^已转交.+办理。$/)).toBeVisible();

    // The same page in English: what the server wrote into the timeline (the assignment, the
    // rating) reads in English; what people wrote stays as written; so do the messages.
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByText('Your rating: 5 of 5')).toBeVisible();
    await expect(page.locator('.timeline').getByText(/^Passed on to [A-Za-z ,&-]+\.$/)).toBeVisible();
    await expect(page.locator('.timeline').getByText('Rated 5 of 5: 换得很快，谢谢！')).toBeVisible();
    await shoot(page, info, 'feedback-rated-en');
    await page.getByRole('link', { name: /^Messages/ }).click();
    await expect(page.getByRole('heading', { name: 'Notifications' })).toBeVisible();
    const passedOn = page.locator('.notification', { hasText: 'Your feedback has been passed on' }).first();
    await expect(passedOn).toContainText(/Passed on to [A-Za-z ,&-]+\./);
    await expect(page.locator('.notification', { hasText: 'Your feedback has been answered' }).first()).toBeVisible();
    await shoot(page, info, 'notifications-en');
  });

  test('a committee member accepts, assigns and answers an overdue case, then opens statistics and the report', async ({ page }, info) => {
    await useLanguage(page, 'zh-CN');
    await logIn(page, '13800000002');
    // A reply template first, to answer with later.
    const template = `办结通用答复（${info.project.name} ${Date.now()}）`;
    await page.goto('/staff/feedback');
    await page.getByRole('link', { name: '答复模板' }).click();
    await expect(page.getByRole('heading', { name: '常用答复模板' })).toBeVisible();
    await page.getByLabel('模板名称').fill(template);
    await page.getByLabel('答复内容').fill('经与相关部门协调，问题已处理完毕，欢迎继续监督。');
    await page.getByRole('button', { name: '保存模板' }).click();
    await expect(page.getByRole('heading', { name: template })).toBeVisible();
    await shoot(page, info, 'staff-templates');
    await page.getByRole('link', { name: '意见办理' }).click();
    await expect(page.getByRole('heading', { name: '意见办理' })).toBeVisible();
    await page.getByLabel('状态').selectOption({ label: '待受理' });
    await page.getByLabel('只看逾期').check();
    await page.getByRole('button', { name: '筛选' }).click();
    const first = page.locator('.case-row').first();
    await expect(first.getByText('已逾期')).toBeVisible();
    await shoot(page, info, 'staff-inbox-overdue');
    const title = (await first.locator('a').textContent())!.trim();
    await first.locator('a').click();
    await expect(page.getByRole('heading', { name: title })).toBeVisible();

    await page.getByLabel('受理', { exact: true }).check();
    await page.getByLabel('答复内容').fill('已受理，我们会尽快协调处理。');
    await page.getByRole('button', { name: '受理', exact: true }).click();
    await expect(page.locator('.badge').getByText('已受理')).toBeVisible();

    await page.getByLabel('转办', { exact: true }).check();
    await page.getByRole('button', { name: '转办', exact: true }).click();
    await expect(page.locator('.badge').getByText('已转办')).toBeVisible();
    await expect(page.locator('.timeline').getByText(/已转交.*办理/)).toBeVisible();

    await page.getByLabel('答复办结').check();
    await page.getByLabel('答复模板').selectOption({ label: template });
    await expect(page.getByLabel('答复内容')).toHaveValue('经与相关部门协调，问题已处理完毕，欢迎继续监督。');
    await page.getByRole('button', { name: '答复办结' }).click();
    await expect(page.locator('.badge').getByText('已答复')).toBeVisible();
    await shoot(page, info, 'staff-case-answered');

    await page.goto('/staff/feedback/stats');
    await expect(page.getByRole('heading', { name: '统计' })).toBeVisible();
    await expect(page.getByText('意见总数')).toBeVisible();
    await expect(page.locator('svg.bar-chart').first()).toBeVisible();
    await expect(page.locator('svg.trend-chart')).toBeVisible();
    // Who is late: the cases by department and handler, with the download.
    await expect(page.getByRole('heading', { name: '按部门和经办人' })).toBeVisible();
    const byResponsible = page.getByRole('region', { name: '按部门和经办人' });
    await expect(byResponsible.getByRole('columnheader', { name: '已逾期' })).toBeVisible();
    await expect(byResponsible.getByRole('rowheader').first()).toBeVisible();
    const table = await page.request.get((await page.locator('.accountability a[download]').getAttribute('href'))!);
    expect(table.status()).toBe(200);
    expect(await table.text()).toContain('department_code,department,handler,cases,open,overdue');
    await shoot(page, info, 'staff-stats');

    await page.goto('/staff/feedback/report');
    await expect(page.getByRole('heading', { name: '意见报告' })).toBeVisible();
    await expect(page.getByRole('heading', { name: '主要问题' })).toBeVisible();
    const csv = page.getByRole('link', { name: '下载 CSV' });
    const href = await csv.getAttribute('href');
    const res = await page.request.get(href!);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('text/csv');
    expect(await res.text()).toContain('figures,total,意见总数');
    await shoot(page, info, 'staff-report');
    await page.emulateMedia({ media: 'print' });
    await shoot(page, info, 'staff-report-print');
    await page.emulateMedia({ media: 'screen' });

    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('heading', { name: 'Opinion report' })).toBeVisible();
    // The download follows the page's language, not the browser's.
    const enCsv = await page.request.get((await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href'))!);
    expect(await enCsv.text()).toContain('figures,total,Cases,');
    await shoot(page, info, 'staff-report-en');
  });
});
