import { test, expect, request as api, type Page } from '@playwright/test';
import { logIn, registerByApi, shoot } from './util';

// Community activities (issue 19). Staff publish a weekly class in the community's activity
// room (the room's time is booked), residents find it under "this weekend", sign up, download
// the calendar file, one waits and is promoted when the other leaves; staff check people in
// and see the attendance in the month's report. Then the same pages in English elder mode.

/** YYYY-MM-DD of a Shenzhen date `days` after today. */
function shenzhenDate(days: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

/** Days from today to the Sunday the weekly class starts on in Shenzhen: this weekend's (today
 * on a Sunday), except on a Sunday from 17:00. The demo seed books the activity room for the
 * two hours after the server starts, which then may cover the class's evening hour: the class
 * starts next Sunday instead. */
function daysToSunday(): number {
  const shenzhen = new Date(Date.now() + 8 * 3_600_000);
  const weekday = shenzhen.getUTCDay();
  if (weekday === 0) return shenzhen.getUTCHours() >= 17 ? 7 : 0;
  return 7 - weekday;
}

/** Finds the class's first date among the activities, opens it. */
async function signUp(page: Page, title: string) {
  await page.goto('/activities');
  if (daysToSunday() < 7) {
    await page.getByRole('button', { name: '本周末' }).click();
  } else {
    const sunday = shenzhenDate(daysToSunday());
    await page.getByLabel('开始日期').fill(sunday);
    await page.getByLabel('结束日期').fill(sunday);
    await page.getByRole('button', { name: '筛选', exact: true }).click();
  }
  // Only that weekend's date of the weekly class is listed.
  const links = page.getByRole('link', { name: title });
  await expect(links).toHaveCount(1);
  await links.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
}

test.describe('community activities', () => {
  test('a weekly class in the activity room: sign-up, waitlist, check-in and the report', async ({ page, browser, baseURL }, info) => {
    test.setTimeout(150_000);
    const run = `${info.project.name === 'phone' ? 'P' : 'D'}${String(Date.now() % 100_000).padStart(5, '0')}`;
    const title = `周日晚间太极（${run}）`;
    const sunday = shenzhenDate(daysToSunday());
    const hour = info.project.name === 'phone' ? 21 : 22;

    // Staff (the demo committee member of 红荔社区) create the class as a weekly series.
    await page.addInitScript(() => localStorage.setItem('linli.lang', 'zh-CN'));
    await logIn(page, '13800000002');
    await page.goto('/staff/activities');
    await page.getByRole('link', { name: '新建活动' }).click();
    await page.getByLabel('活动名称（中文）').fill(title);
    await page.getByLabel('活动类型').selectOption({ label: '体育' });
    await page.getByLabel('老年人').check();
    await page.getByLabel('场馆', { exact: true }).selectOption({ label: '红荔社区文体活动室（演示）' });
    await page.getByLabel('日期', { exact: true }).fill(sunday);
    await page.getByLabel('开始时间').fill(`${hour}:00`);
    await page.getByLabel('结束时间').fill(`${hour}:45`);
    await page.getByLabel('名额', { exact: true }).fill('1');
    await page.getByLabel('每周同一时间举行').check();
    await page.getByLabel('重复到').fill(shenzhenDate(daysToSunday() + 14));
    await shoot(page, info, 'activities-editor');
    await page.getByRole('button', { name: '保存草稿' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
    await expect(page.getByText('草稿').first()).toBeVisible();
    const activityId = Number(new URL(page.url()).pathname.split('/')[3]);
    await page.getByLabel('整个系列（所有草稿日期）').check();
    await page.getByRole('button', { name: '检查并发布' }).click();
    await expect(page.getByText('报名中').first()).toBeVisible();
    // A photo of last year's class, cleaned of its location data, for the activity's page.
    await page.getByLabel('选择照片').setInputFiles('tests/fixtures/gps.jpg');
    await page.getByLabel('照片说明（中文，供读屏软件朗读）').fill('去年的晚间太极班');
    await page.getByRole('button', { name: '上传照片' }).click();
    await expect(page.getByText('照片已上传。')).toBeVisible();
    await shoot(page, info, 'activities-staff-published');

    // The room's time is booked: a resident cannot book the room then.
    const staffApi = page.context().request;
    const booked = await staffApi.get(`/api/v1/staff/activities?region=440304001001&from=${sunday}&to=${sunday}`);
    expect((await booked.json()).items.some((a: { id: number; venue: { id: number } | null }) => a.id === activityId && a.venue)).toBe(true);

    // A resident finds it under "this weekend", signs up and takes the calendar file.
    const resident = await browser.newContext({ baseURL, ...info.project.use });
    const first = await resident.newPage();
    await first.addInitScript(() => localStorage.setItem('linli.lang', 'zh-CN'));
    await logIn(first, '13800000001');
    await signUp(first, title);
    await expect(first.getByRole('img', { name: '去年的晚间太极班' })).toBeVisible();
    await first.getByRole('button', { name: '报名', exact: true }).click();
    await expect(first.getByText('报名成功')).toBeVisible();
    await expect(first.getByText('签到码').first()).toBeVisible();
    const ics = await first.request.get(`/api/v1/activities/${activityId}/ics`);
    expect(ics.headers()['content-type']).toContain('text/calendar');
    expect(await ics.text()).toContain(`DTSTART;TZID=Asia/Shanghai:${sunday.replaceAll('-', '')}T${hour}0000`);
    await expect(first.getByRole('link', { name: '加入日历' })).toHaveAttribute('href', `/api/v1/activities/${activityId}/ics`);
    await shoot(first, info, 'activities-signed-up');
    // The month calendar lists the class on its day (a grid on a desk, a list of days on a phone).
    await first.goto('/activities');
    await first.getByRole('button', { name: '月历' }).click();
    if (sunday.slice(0, 7) !== shenzhenDate(0).slice(0, 7)) {
      await first.getByRole('button', { name: '下个月' }).click();
    }
    await expect(first.getByRole('link', { name: new RegExp(title) }).first()).toBeVisible();
    await shoot(first, info, 'activities-month');
    await first.goto(`/activities/${activityId}`);

    // A second resident finds it full and joins the waitlist.
    const phone = `137${String(Date.now() % 100_000_000).padStart(8, '0')}`.slice(0, 10) + (info.project.name === 'phone' ? '1' : '2');
    const password = '榕树下的长椅 2026';
    const reg = await api.newContext({ baseURL, extraHTTPHeaders: { 'x-linli-csrf': '1' } });
    expect((await registerByApi(reg, { phone, password, display_name: '林伯', home_community: '440304001001' })).status()).toBe(201);
    await reg.dispose();
    const other = await browser.newContext({ baseURL, ...info.project.use });
    const second = await other.newPage();
    await second.addInitScript(() => localStorage.setItem('linli.lang', 'zh-CN'));
    await second.goto('/login');
    await second.getByLabel('手机号码').fill(phone);
    await second.getByLabel('密码').fill(password);
    await second.getByRole('button', { name: '登录' }).click();
    await expect(second).not.toHaveURL(/\/login/);
    await signUp(second, title);
    await second.getByRole('button', { name: '加入候补' }).click();
    await expect(second.getByText('第 1 位')).toBeVisible();

    // The first leaves; the second is promoted and told.
    await first.getByRole('button', { name: '退出报名' }).click();
    await first.getByRole('button', { name: '确认退出' }).click();
    await expect(first.getByText('您已退出报名。')).toBeVisible();
    await second.reload();
    await expect(second.getByText('已报名').first()).toBeVisible();
    const code = (await (await second.request.get(`/api/v1/activities/${activityId}`)).json()).my_signup.checkin_code;
    expect(code).toMatch(/^\d{6}$/);
    const notices = await (await second.request.get('/api/v1/me/notifications')).json();
    expect(notices.items.some((n: { kind: string }) => n.kind === 'activity.promoted')).toBe(true);
    await shoot(second, info, 'activities-promoted');

    // Staff check the promoted resident in by code and see it in the month's report.
    await page.reload();
    await page.getByLabel('按签到码签到').fill(code);
    await page.getByRole('button', { name: '签到', exact: true }).click();
    await expect(page.getByText(/已签到：\s*林伯/)).toBeVisible();
    await expect(page.getByText('已占 1/1 个名额，已签到 1 人。')).toBeVisible();
    await shoot(page, info, 'activities-checked-in');
    await page.goto(`/staff/activities/report?month=${sunday.slice(0, 7)}`);
    const row = page.getByRole('row').filter({ hasText: title });
    await expect(row.first()).toContainText('1');
    await shoot(page, info, 'activities-report');

    // Cancel the series (every date not over), freeing the room for the next run.
    await page.goto(`/staff/activities/${activityId}`);
    await page.locator('summary', { hasText: '取消活动' }).click();
    await page.getByLabel('整个系列（所有未结束的日期）').check();
    await page.getByLabel('取消原因').fill('旅程测试结束');
    await page.getByRole('button', { name: '确认取消活动' }).click();
    await expect(page.getByText('已取消').first()).toBeVisible();
    await resident.close();
    await other.close();
  });

  test('English elder mode: the list, an activity and signing up with a companion', async ({ page }, info) => {
    await page.addInitScript(() => {
      localStorage.setItem('linli.lang', 'en');
      localStorage.setItem('linli.elder', '1');
    });
    await logIn(page, '13800000001');
    await page.goto('/activities');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Community activities');
    await page.getByRole('link', { name: 'Free health check: blood pressure and sugar (demo)' }).first().click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Free health check: blood pressure and sugar (demo)');
    await expect(page.getByText('Older people').first()).toBeVisible();
    const signUpButton = page.getByRole('button', { name: 'Sign up', exact: true });
    if (await signUpButton.count()) {
      await signUpButton.click();
      await expect(page.getByText('You are signed up')).toBeVisible();
    }
    await expect(page.getByText('Check-in code').first()).toBeVisible();
    await shoot(page, info, 'activities-en-elder');
    await page.goto('/me/activities');
    await expect(page.getByRole('link', { name: 'Free health check: blood pressure and sugar (demo)' }).first()).toBeVisible();
  });
});
