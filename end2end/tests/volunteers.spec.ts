import { test, expect, request as api, type Browser, type Page, type TestInfo } from '@playwright/test';
import { logIn, registerByApi, shoot } from './util';

// Volunteers and the time bank (issue 20). A resident applies as a volunteer and the social
// worker approves them; the social worker posts a shift starting within two minutes, the volunteer
// signs up, is checked in and out and their hours confirmed; the volunteer sees the hours, gets
// a record certificate and anyone can verify it. Then the social worker grants an elder hours,
// posts a help request for them, the volunteer takes it and sees the contact, the social worker
// closes it and the hours move between the two balances. Then pages in English elder mode.

const SOCIAL_WORKER = '13800000007';
const ELDER = '13800000002';
const HONGLI = '440304001001';

/** `YYYY-MM-DD`, `HH:MM` and `YYYY-MM-DDTHH:MM` of an instant in Shenzhen. */
function shenzhen(ms: number) {
  const iso = new Date(ms + 8 * 3_600_000).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16), local: iso.slice(0, 16) };
}

/** A Chinese-language page logged in as `phone` (with the demo password unless given). */
async function open(browser: Browser, baseURL: string | undefined, info: TestInfo, phone: string, password?: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, ...info.project.use });
  const page = await context.newPage();
  await page.addInitScript(() => localStorage.setItem('linli.lang', 'zh-CN'));
  if (password) {
    await page.goto('/login');
    await page.getByLabel('手机号码').fill(phone);
    await page.getByLabel('密码').fill(password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(/\/me$/);
  } else {
    await logIn(page, phone);
  }
  return page;
}

/** The time-bank balance of the account behind `page`, in minutes. */
async function balance(page: Page): Promise<number> {
  const mine = await (await page.request.get('/api/v1/me/volunteer')).json();
  return mine.balance_minutes as number;
}

test.describe('volunteers and the time bank', () => {
  test('a volunteer serves a shift, gets a certificate and helps an elder with time-bank hours', async ({ page, browser, baseURL }, info) => {
    test.setTimeout(300_000);
    const run = `${info.project.name === 'phone' ? 'P' : 'D'}${String(Date.now() % 100_000).padStart(5, '0')}`;
    const title = `长者饭堂帮厨（${run}）`;
    const name = `林义${info.project.name === 'phone' ? '甲' : '乙'}`;

    // A new resident of 红荔社区 (each run has its own volunteer).
    const phone = `135${String(Date.now() % 100_000_000).padStart(8, '0')}`.slice(0, 10) + (info.project.name === 'phone' ? '1' : '2');
    const password = '榕树下的长椅 2026';
    const reg = await api.newContext({ baseURL, extraHTTPHeaders: { 'x-linli-csrf': '1' } });
    expect((await registerByApi(reg, { phone, password, display_name: name, home_community: HONGLI })).status()).toBe(201);
    await reg.dispose();

    // The social worker posts a shift starting within two minutes (hours are confirmed only once
    // it has started); sign-up stays open until its end.
    await page.addInitScript(() => localStorage.setItem('linli.lang', 'zh-CN'));
    await logIn(page, SOCIAL_WORKER);
    const startMs = Math.ceil((Date.now() + 45_000) / 60_000) * 60_000;
    const start = shenzhen(startMs);
    const end = shenzhen(startMs + 2 * 3_600_000);
    await page.goto('/staff/opportunities');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('志愿服务排班');
    await page.locator('summary', { hasText: '发布志愿服务' }).click();
    await page.getByLabel('社区', { exact: true }).selectOption(HONGLI);
    await page.getByLabel('服务名称（中文）').fill(title);
    await page.getByLabel('地点').fill('红荔社区长者饭堂');
    await page.getByLabel('日期', { exact: true }).fill(start.date);
    await page.getByLabel('开始时间').fill(start.time);
    await page.getByLabel('结束时间').fill(end.time);
    await page.getByLabel('需要义工人数').fill('2');
    await page.getByLabel('助餐').check();
    await page.getByLabel('报名截止（可选）').fill(end.local);
    await shoot(page, info, 'volunteers-post-shift');
    await page.getByRole('button', { name: '发布志愿服务' }).click();
    await page.waitForURL(/\/staff\/opportunities\/\d+$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
    const rosterUrl = page.url();

    // The resident applies as a volunteer: skills, languages, availability, home community.
    const volunteer = await open(browser, baseURL, info, phone, password);
    await volunteer.goto('/volunteer');
    await expect(volunteer.getByRole('heading', { level: 1 })).toHaveText('我的义工');
    await volunteer.getByLabel('陪伴').check();
    await volunteer.getByLabel('助餐').check();
    await volunteer.getByLabel('通常有空的时间').fill('周末上午');
    await expect(volunteer.locator('.served .chip')).toContainText('红荔社区');
    await shoot(volunteer, info, 'volunteers-apply');
    await volunteer.getByRole('button', { name: '提交申请' }).click();
    await expect(volunteer.getByText('待审核')).toBeVisible();
    await expect(volunteer.getByText('申请已提交')).toBeVisible();

    // The social worker approves the application.
    await page.goto('/staff/volunteers');
    const application = page.locator('li.applicant', { hasText: name });
    await expect(application).toBeVisible();
    await shoot(page, info, 'volunteers-applications');
    await application.getByRole('button', { name: '批准' }).click();
    await expect(application).toHaveCount(0);
    await expect(page.getByRole('row').filter({ hasText: name })).toBeVisible();

    // The volunteer signs up for the shift.
    await volunteer.goto('/opportunities');
    await expect(volunteer.getByRole('heading', { level: 1 })).toHaveText('志愿服务机会');
    const card = volunteer.locator('li.shift-card', { hasText: title });
    await expect(card).toContainText('剩余 2 个名额（共 2 个）');
    await card.getByRole('button', { name: '报名参加' }).click();
    await expect(card.getByText('已报名')).toBeVisible();
    await expect(card).toContainText('剩余 1 个名额（共 2 个）');
    await shoot(volunteer, info, 'volunteers-signed-up');

    // Once the shift has started, the social worker checks the volunteer in, out (a few
    // minutes from now, as a paper list would say) and confirms the hours.
    await expect.poll(() => Date.now(), { timeout: 200_000, intervals: [5_000] }).toBeGreaterThan(startMs + 2_000);
    await page.goto(rosterUrl);
    const line = page.locator('li.roster-line', { hasText: name });
    await line.getByRole('button', { name: /^签到/ }).click();
    await expect(line.getByRole('button', { name: /^签退/ })).toBeVisible();
    await page.getByLabel('签到/签退时间（可选）').fill(shenzhen(Date.now() + 4 * 60_000).local);
    await line.getByRole('button', { name: /^签退/ }).click();
    await line.getByRole('button', { name: /^确认时长/ }).click();
    await expect(line.getByText(/已确认 \d+\.\d 小时/)).toBeVisible();
    await shoot(page, info, 'volunteers-roster');

    // The volunteer sees the confirmed hours and gets a record certificate.
    const shiftMinutes = await balance(volunteer);
    expect(shiftMinutes).toBeGreaterThan(0);
    await volunteer.goto('/volunteer');
    await expect(volunteer.getByText('已通过')).toBeVisible();
    await expect(volunteer.locator('.stats div', { hasText: '已确认服务时长' }).locator('dd')).not.toHaveText('0.0');
    await expect(volunteer.getByRole('row').filter({ hasText: title })).toBeVisible();
    await volunteer.getByRole('button', { name: '开具证明' }).click();
    await volunteer.waitForURL(/\/volunteer\/certificates\/[^/]+$/);
    await expect(volunteer.getByRole('heading', { level: 1 })).toHaveText('志愿服务记录证明');
    await expect(volunteer.getByText(/参加志愿服务 1 次/)).toBeVisible();
    await expect(volunteer.getByRole('row').filter({ hasText: title })).toBeVisible();
    await expect(volunteer.getByRole('button', { name: '打印' })).toBeVisible();
    await shoot(volunteer, info, 'volunteers-certificate');
    const code = decodeURIComponent(new URL(volunteer.url()).pathname.split('/').pop()!);

    // Anyone can verify it: the name masked, the period and the hours.
    const visitor = await browser.newContext({ baseURL, ...info.project.use });
    const check = await visitor.newPage();
    await check.addInitScript(() => localStorage.setItem('linli.lang', 'zh-CN'));
    await check.goto(`/certificates/${encodeURIComponent(code)}`);
    await expect(check.getByText('该证明真实有效。')).toBeVisible();
    await expect(check.getByText(code)).toBeVisible();
    await expect(check.getByText(name)).toHaveCount(0);
    await expect(check.getByText(`${name.slice(0, 1)}*`)).toBeVisible();
    await shoot(check, info, 'volunteers-verify');
    await check.goto('/certificates/NO-SUCH-CODE');
    await expect(check.getByText('未找到该证明')).toBeVisible();
    await visitor.close();

    // The social worker grants the elder hours (their balance may not go below the floor).
    const elder = await open(browser, baseURL, info, ELDER);
    await page.goto('/staff/volunteers');
    await page.getByLabel('居民手机号').fill(ELDER);
    await page.getByLabel('补助分钟数').fill('120');
    await page.locator('#grant-reason').fill('独居长者，行动不便');
    await page.getByRole('button', { name: '发放补助' }).click();
    await expect(page.getByText(/已发放，该居民余额/)).toBeVisible();
    const elderBefore = await balance(elder);
    expect(elderBefore).toBeGreaterThanOrEqual(120);

    // … and posts a help request for the elder.
    const need = `陪同去社康复诊（${run}）`;
    await page.goto('/staff/help-requests');
    await page.locator('summary', { hasText: '为长者发布求助' }).click();
    await page.getByLabel('求助居民的手机号').fill(ELDER);
    await page.getByLabel('社区', { exact: true }).selectOption(HONGLI);
    await page.getByLabel('需要的帮助').selectOption({ label: '陪伴' });
    await page.getByLabel('具体需要什么').fill(need);
    await page.getByLabel('详细地址').fill('红荔路 8 号 3 栋 502');
    await page.getByLabel('需要帮助的时间').fill(shenzhen(Date.now() + 86_400_000).local);
    await page.getByLabel('预计时长（分钟）').fill('60');
    await page.getByRole('button', { name: '发布求助' }).click();
    await expect(page.getByText('求助已发布。')).toBeVisible();
    const request = page.locator('li.help-card', { hasText: need });
    await expect(request.getByText('待帮助')).toBeVisible();

    // The volunteer takes it and sees how to reach the elder.
    await volunteer.goto('/help-requests');
    const open_ = volunteer.locator('li.help-card', { hasText: need });
    await expect(open_.getByText('红荔路 8 号')).toHaveCount(0);
    await open_.getByRole('button', { name: '我来帮忙' }).click();
    const contact = open_.getByRole('group', { name: '联系方式（仅在帮助期间可见）' });
    await expect(contact.getByText('红荔路 8 号 3 栋 502')).toBeVisible();
    await expect(contact.getByText('王建国')).toBeVisible();
    await expect(contact.getByRole('link', { name: ELDER })).toHaveAttribute('href', `tel:${ELDER}`);
    await shoot(volunteer, info, 'volunteers-help-taken');

    // The social worker closes it with the minutes served: they move between the balances.
    await page.reload();
    await expect(request.getByText('已匹配')).toBeVisible();
    await request.getByRole('button', { name: '完成并结算时长' }).click();
    await expect(request.getByText('已完成')).toBeVisible();
    await shoot(page, info, 'volunteers-help-done');
    expect(await balance(volunteer)).toBe(shiftMinutes + 60);
    expect(await balance(elder)).toBe(elderBefore - 60);
    await volunteer.goto('/volunteer');
    await expect(volunteer.getByRole('row').filter({ hasText: '服务存入' }).first()).toBeVisible();
    await shoot(volunteer, info, 'volunteers-mine');

    await volunteer.context().close();
    await elder.context().close();
  });

  test('English elder mode: the shifts, one shift and my volunteering', async ({ page }, info) => {
    await page.addInitScript(() => {
      localStorage.setItem('linli.lang', 'en');
      localStorage.setItem('linli.elder', '1');
    });
    await logIn(page, '13800000001');
    await page.goto('/opportunities');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Volunteer shifts');
    await page.getByRole('link', { name: "Serving lunch at the elders' canteen (demo)" }).first().click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText("Serving lunch at the elders' canteen (demo)");
    await expect(page.getByText('Meals').first()).toBeVisible();
    await shoot(page, info, 'volunteers-en-elder-shift');
    await page.goto('/volunteer');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('My volunteering');
    await expect(page.getByText('Time bank balance (hours)')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Ask for help' })).toBeVisible();
    await shoot(page, info, 'volunteers-en-elder-mine');
    await page.goto('/certificates/NO-SUCH-CODE');
    await expect(page.getByText('Certificate not found')).toBeVisible();
  });
});
