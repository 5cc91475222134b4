import { test, expect, request as api, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { registerByApi, shoot } from './util';

// Venue booking journeys against the demo data: a resident books, sees the entry code, adds it
// to a calendar and cancels; a committee member approves a request and checks a resident in.

async function logIn(page: Page, phone: string, next: string) {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('手机号码').fill(phone);
  await page.getByLabel('密码').fill('linli-demo-2026');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(new RegExp(`${next.replaceAll('/', '\\/')}$`));
}

const unique = (project: string) =>
  `137${String(Date.now() % 100_000_000).padStart(8, '0').slice(0, 7)}${project === 'phone' ? 1 : 2}`;

test.describe('venue booking', () => {
  test('a resident books a court, sees the entry code, adds it to a calendar and cancels', async ({ page, baseURL }, info) => {
    await page.addInitScript(() => localStorage.setItem('linli.lang', 'zh-CN'));
    await page.goto('/venues');
    await expect(page.getByRole('heading', { level: 1, name: '场馆预约' })).toBeVisible();
    // Filter by accessibility: the reading room has a hearing loop and braille signs.
    await page.getByLabel('盲文标识').check();
    await page.getByRole('button', { name: '筛选' }).click();
    await expect(page.getByRole('link', { name: '桂园社区阅览室（演示）' })).toBeVisible();
    await expect(page.getByRole('link', { name: '红荔社区篮球场（演示） B 场' })).toHaveCount(0);
    await shoot(page, info, 'booking-venues-filtered');
    await page.getByLabel('盲文标识').uncheck();
    // A free basketball court the day after tomorrow in the morning, anywhere in 福田.
    const inTwoDays = new Date(Date.now() + 2 * 86_400_000);
    const ymd = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    await page.getByLabel('场馆类型').selectOption('basketball');
    await page.getByLabel('所在区').selectOption({ label: '福田区' });
    await page.getByLabel('有空闲的日期').fill(ymd(inTwoDays));
    await page.getByLabel('时段').selectOption('morning');
    await page.getByRole('button', { name: '筛选' }).click();
    const court = page.locator('.venue-card').filter({ hasText: '红荔社区篮球场（演示） B 场' });
    await expect(court.locator('.next-free')).toContainText(`最近空闲：${inTwoDays.getMonth() + 1}月${inTwoDays.getDate()}日`);
    await expect(page.locator('.venue-card').filter({ hasText: '阅览室' })).toHaveCount(0);
    await shoot(page, info, 'booking-venues-free-search');
    await page.getByLabel('有空闲的日期').fill('');
    await page.getByLabel('场馆类型').selectOption('');
    await page.getByLabel('所在区').selectOption('');
    await page.getByRole('button', { name: '筛选' }).click();
    await expect(page.getByRole('link', { name: '桂园社区阅览室（演示）' })).toBeVisible();
    await expect(page.locator('.venue-list')).toHaveAttribute('aria-busy', 'false');

    await page.getByRole('link', { name: '红荔社区篮球场（演示） B 场' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('红荔社区篮球场（演示） B 场');
    await expect(page.getByText('属于：')).toBeVisible();
    // Choose the first free slot two days from now (not logged in yet: asked to log in).
    const strip = page.getByRole('group', { name: '选择日期' });
    await strip.getByRole('button').nth(2).click();
    const day = page.locator('section.day');
    await day.getByRole('button', { name: /空闲/ }).first().click();
    await page.getByRole('link', { name: '登录后即可预约' }).click();
    await page.getByLabel('手机号码').fill('13800000001');
    await page.getByLabel('密码').fill('linli-demo-2026');
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('红荔社区篮球场（演示） B 场');
    await shoot(page, info, 'booking-grid');

    await strip.getByRole('button').nth(2).click();
    await expect(strip.getByRole('button').nth(2)).toHaveAttribute('aria-pressed', 'true');
    await day.getByRole('button', { name: /空闲/ }).first().click();
    await expect(page.getByRole('heading', { name: '已选时段' })).toBeVisible();
    await page.getByLabel('用途（选填）').fill('周末三对三');
    await shoot(page, info, 'booking-chosen');

    // Someone else books that very slot first: the page says so in plain words, shows the
    // fresh free times and keeps the chosen date.
    const venueId = Number(new URL(page.url()).pathname.split('/').pop());
    const from = await page.evaluate(() => {
      const d = new Date();
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    });
    const other = await api.newContext({ baseURL, extraHTTPHeaders: { 'x-linli-csrf': '1' } });
    expect((await registerByApi(other, {
      phone: unique(info.project.name).replace(/^137/, '136'), password: '榕树下的长椅 2026', display_name: '抢先的邻居', home_community: '440304001001',
    })).status()).toBe(201);
    const to = new Date(Date.parse(from) + 6 * 86_400_000).toISOString().slice(0, 10);
    const week = await (await other.get(`/api/v1/venues/${venueId}/availability?from=${from}&to=${to}`)).json();
    const first = week.days[2].slots.find((s: { state: string }) => s.state === 'free');
    expect((await other.post('/api/v1/bookings', { data: { venue_id: venueId, start: first.start, end: first.end } })).status()).toBe(201);
    await page.getByRole('button', { name: '确认预约' }).click();
    await expect(page.getByRole('alert').filter({ hasText: '刚被别人约走了' })).toBeVisible();
    await expect(strip.getByRole('button').nth(2)).toHaveAttribute('aria-pressed', 'true');
    await shoot(page, info, 'booking-just-taken');
    await other.dispose();

    await day.getByRole('button', { name: /空闲/ }).first().click();
    await page.getByLabel('用途（选填）').fill('周末三对三');
    await page.getByRole('button', { name: '确认预约' }).click();

    await expect(page).toHaveURL(/\/bookings\/\d+$/);
    await expect(page.getByRole('heading', { name: '预约详情' })).toBeVisible();
    await expect(page.getByText('已确认')).toBeVisible();
    const entry = page.getByRole('region', { name: '入场码' });
    await expect(entry.locator('.digits')).toHaveText(/^\d{4} \d{4}$/);
    await expect(entry.getByRole('img', { name: '入场码二维码' })).toBeVisible();
    await expect(page.getByText(/可自行取消至/)).toBeVisible();
    await shoot(page, info, 'booking-entry-code');

    const downloading = page.waitForEvent('download');
    await page.getByRole('link', { name: '添加到日历（.ics）' }).click();
    const download = await downloading;
    const ics = readFileSync(await download.path(), 'utf8');
    expect(ics).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(ics).toContain('DTSTART;TZID=Asia/Shanghai:');
    expect(ics.replaceAll('\r\n ', '')).toContain('红荔社区篮球场（演示） B 场');

    await page.getByLabel('取消原因（选填）').fill('临时加班');
    await page.getByRole('button', { name: '取消预约' }).click();
    await expect(page.getByText('已取消')).toBeVisible();
    await expect(page.getByText('原因：临时加班')).toBeVisible();
    await shoot(page, info, 'booking-cancelled');

    await page.goto('/me/bookings');
    await expect(page.getByRole('heading', { name: '我的预约' })).toBeVisible();
    await page.getByRole('button', { name: '全部记录' }).click();
    await expect(page.getByRole('listitem').filter({ hasText: '已取消' }).first()).toBeVisible();
    await shoot(page, info, 'booking-mine');
    await page.goto('/me/strikes');
    await expect(page.getByText('计入中')).toBeVisible();
    await expect(page.getByRole('button', { name: '提交申诉' })).toBeVisible();
    await shoot(page, info, 'booking-strikes');
  });

  test('a committee member approves a request and checks a resident in', async ({ page, baseURL }, info) => {
    await page.addInitScript(() => localStorage.setItem('linli.lang', 'zh-CN'));
    // A new resident asks for the activity room (approval required) through the API.
    const name = `合唱团员${info.project.name === 'phone' ? '甲' : '乙'}${Date.now() % 1000}`;
    const resident = await api.newContext({ baseURL, extraHTTPHeaders: { 'x-linli-csrf': '1' } });
    const registered = await registerByApi(resident, {
      phone: unique(info.project.name), password: '榕树下的长椅 2026', display_name: name, home_community: '440304001001',
    });
    expect(registered.status()).toBe(201);
    const venues = await (await resident.get('/api/v1/venues?region=440304001001')).json();
    const room = venues.items.find((v: { name: { zh: string } }) => v.name.zh === '红荔社区文体活动室（演示）');
    const from = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const grid = await (await resident.get(`/api/v1/venues/${room.id}/availability?from=${from}&to=${from}`)).json();
    const slot = grid.days[0].slots.find((s: { state: string }) => s.state === 'free');
    const booked = await resident.post('/api/v1/bookings', { data: { venue_id: room.id, start: slot.start, end: slot.end, purpose: '合唱排练' } });
    expect(booked.status()).toBe(201);
    expect((await booked.json()).status).toBe('pending');

    await logIn(page, '13800000002', '/staff/venues');
    await expect(page.getByRole('heading', { level: 1, name: '场馆管理' })).toBeVisible();
    const queue = page.getByRole('region', { name: '待审批' });
    const item = queue.getByRole('listitem').filter({ hasText: name });
    await expect(item).toBeVisible();
    await shoot(page, info, 'booking-approvals');
    await item.getByRole('button', { name: '通过', exact: true }).click();
    await expect(item).toHaveCount(0);
    const mine = await (await resident.get(`/api/v1/bookings/${(await booked.json()).id}`)).json();
    expect(mine.status).toBe('confirmed');
    // The resident reads in English: the staff decision's message and the booking are English.
    const theirs = await page.context().browser()!.newContext({ baseURL });
    const en = await theirs.newPage();
    await en.addInitScript(() => localStorage.setItem('linli.lang', 'en'));
    await theirs.addCookies((await resident.storageState()).cookies);
    await en.goto('/me/notifications');
    const confirmed = en.locator('.notification', { hasText: 'Your venue booking is confirmed' });
    await expect(confirmed).toContainText('Show your entry code at the door.');
    await shoot(en, info, 'booking-confirmed-en');
    await en.goto(`/bookings/${mine.id}`);
    await expect(en.getByText('Confirmed').first()).toBeVisible();
    await theirs.close();

    // The demo resident is at a venue now; the committee member checks them in by the code.
    const demo = await api.newContext({ baseURL, extraHTTPHeaders: { 'x-linli-csrf': '1' } });
    await demo.post('/api/v1/auth/login', { data: { phone: '13800000001', password: 'linli-demo-2026' } });
    const upcoming = await (await demo.get('/api/v1/me/bookings')).json();
    const purpose = info.project.name === 'phone' ? '书法兴趣小组' : '康复锻炼';
    const now = upcoming.items.find((b: { purpose: string }) => b.purpose === purpose);
    const venueName = info.project.name === 'phone' ? '红荔社区文体活动室（演示）' : '红荔社区健身室（演示）';
    const venue = page.getByRole('region', { name: '我负责的场馆' }).getByRole('listitem').filter({ hasText: venueName });
    await venue.getByRole('link', { name: '日历与签到' }).click();
    await expect(page.getByRole('heading', { level: 1, name: venueName })).toBeVisible();
    await page.getByLabel('入场码（8 位数字）').fill('12345678');
    await page.getByRole('button', { name: '签到', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText('没有此入场码');
    await page.getByLabel('入场码（8 位数字）').fill(now.entry_code);
    await page.getByRole('button', { name: '签到', exact: true }).click();
    await expect(page.getByText(/签到成功：李秀英/)).toBeVisible();
    await expect(page.getByText('已签到').first()).toBeVisible();
    await shoot(page, info, 'booking-checked-in');

    await page.getByRole('link', { name: '使用统计' }).first().click();
    await expect(page.getByRole('heading', { name: '使用统计' })).toBeVisible();
    await expect(page.getByRole('img', { name: /每日开放与预约小时/ })).toBeVisible();
    await shoot(page, info, 'booking-report');

    await page.goto('/staff/venues');
    await page.getByRole('listitem').filter({ hasText: '红荔社区文体活动室（演示）' }).getByRole('link', { name: '场馆设置' }).click();
    await expect(page.getByRole('heading', { name: '预约规则' })).toBeVisible();
    await page.getByLabel('每段分钟数').fill('45');
    await page.getByRole('button', { name: '保存规则' }).click();
    await expect(page.getByRole('alert')).toContainText('规则设置无效');
    await page.getByLabel('每段分钟数').fill('60');
    await page.getByRole('button', { name: '保存规则' }).click();
    await expect(page.getByText(/规则已保存/)).toBeVisible();
    await shoot(page, info, 'booking-settings');
    await resident.dispose();
    await demo.dispose();
  });

  test('a waiting resident is told of a freed slot and confirms it from the message', async ({ page, baseURL }, info) => {
    await page.addInitScript(() => localStorage.setItem('linli.lang', 'zh-CN'));
    const password = '榕树下的长椅 2026';
    const holder = await api.newContext({ baseURL, extraHTTPHeaders: { 'x-linli-csrf': '1' } });
    const waiter = await api.newContext({ baseURL, extraHTTPHeaders: { 'x-linli-csrf': '1' } });
    const waiterPhone = unique(info.project.name).replace(/^137/, '134');
    for (const [ctx, phone, name] of [[holder, unique(info.project.name).replace(/^137/, '135'), '先订的邻居'], [waiter, waiterPhone, '候补的邻居']] as const) {
      expect((await registerByApi(ctx, { phone, password, display_name: name, home_community: '440304001001' })).status()).toBe(201);
    }
    // The holder books the last free hour of a court four days out; the other joins the waitlist.
    const venues = await (await holder.get('/api/v1/venues?region=440304001001')).json();
    const court = venues.items.find((v: { name: { zh: string } }) => v.name.zh === '红荔社区篮球场（演示） B 场');
    const day = new Date(Date.now() + 4 * 86_400_000).toISOString().slice(0, 10);
    const grid = await (await holder.get(`/api/v1/venues/${court.id}/availability?from=${day}&to=${day}`)).json();
    const free = grid.days[0].slots.filter((s: { state: string }) => s.state === 'free');
    const slot = free[free.length - 1];
    const booked = await holder.post('/api/v1/bookings', { data: { venue_id: court.id, start: slot.start, end: slot.end } });
    expect(booked.status()).toBe(201);
    expect((await waiter.post('/api/v1/waitlist', { data: { venue_id: court.id, start: slot.start, end: slot.end } })).status()).toBe(201);
    expect((await holder.post(`/api/v1/bookings/${(await booked.json()).id}/cancel`, { data: {} })).status()).toBe(200);

    // The waiting resident sees the offer in the header, opens it and confirms the held time.
    await page.goto('/login?next=/me');
    await page.getByLabel('手机号码').fill(waiterPhone);
    await page.getByLabel('密码').fill(password);
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page).toHaveURL(/\/me$/);
    await page.getByRole('link', { name: /^消息\s*，\s*\d+\s*条未读$/ }).click();
    const offer = page.locator('.notification', { hasText: '候补成功' });
    await expect(offer).toContainText('红荔社区篮球场（演示） B 场');
    await shoot(page, info, 'waitlist-offer-notice');
    await offer.getByRole('link', { name: '查看详情' }).click();
    await expect(page).toHaveURL(/\/bookings\/\d+$/);
    await page.getByRole('button', { name: '确认保留的时段' }).click();
    await expect(page.getByText('已确认')).toBeVisible();
    await shoot(page, info, 'waitlist-offer-confirmed');
    const mine = await (await waiter.get('/api/v1/me/waitlist')).json();
    expect(mine.items[0].status).toBe('accepted');
    await holder.dispose();
    await waiter.dispose();
  });

  test('a resident leaves the waitlist from My bookings, and a page left open says why it cannot', async ({ page, baseURL }, info) => {
    await page.addInitScript(() => localStorage.setItem('linli.lang', 'zh-CN'));
    const password = '榕树下的长椅 2026';
    const holder = await api.newContext({ baseURL, extraHTTPHeaders: { 'x-linli-csrf': '1' } });
    const waiter = await api.newContext({ baseURL, extraHTTPHeaders: { 'x-linli-csrf': '1' } });
    const waiterPhone = unique(info.project.name).replace(/^137/, '132');
    for (const [ctx, phone, name] of [[holder, unique(info.project.name).replace(/^137/, '133'), '先订的邻居'], [waiter, waiterPhone, '候补的邻居']] as const) {
      expect((await registerByApi(ctx, { phone, password, display_name: name, home_community: '440304001001' })).status()).toBe(201);
    }
    // The holder books the last two free hours of a court five days out; the other waits for both.
    const venues = await (await holder.get('/api/v1/venues?region=440304001001')).json();
    const court = venues.items.find((v: { name: { zh: string } }) => v.name.zh === '红荔社区篮球场（演示） A 场');
    const day = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    const grid = await (await holder.get(`/api/v1/venues/${court.id}/availability?from=${day}&to=${day}`)).json();
    const slots = grid.days[0].slots.filter((s: { state: string }) => s.state === 'free').slice(-2);
    const entries: number[] = [];
    for (const slot of slots) {
      expect((await holder.post('/api/v1/bookings', { data: { venue_id: court.id, start: slot.start, end: slot.end } })).status()).toBe(201);
      const entry = await waiter.post('/api/v1/waitlist', { data: { venue_id: court.id, start: slot.start, end: slot.end } });
      expect(entry.status()).toBe(201);
      entries.push((await entry.json()).id);
    }

    await page.goto('/login?next=/me/bookings');
    await page.getByLabel('手机号码').fill(waiterPhone);
    await page.getByLabel('密码').fill(password);
    await page.getByRole('button', { name: '登录' }).click();
    const waitlist = page.locator('section', { has: page.getByRole('heading', { name: '我的候补' }) });
    await expect(waitlist.getByRole('button', { name: '退出候补' })).toHaveCount(2);
    // Left from another device meanwhile: this page still offers it, and says why it cannot.
    expect((await waiter.delete(`/api/v1/waitlist/${entries[1]}`)).status()).toBe(204);
    await waitlist.getByRole('button', { name: '退出候补' }).nth(1).click();
    await expect(waitlist.getByRole('alert')).toHaveText('找不到该候补记录。');
    await expect(waitlist.getByText('已退出')).toHaveCount(1);
    await expect(waitlist.getByRole('button', { name: '退出候补' })).toHaveCount(1);
    await shoot(page, info, 'waitlist-leave-refused');
    // Leaving the other one works: the list says so, and the button is gone.
    await waitlist.getByRole('button', { name: '退出候补' }).first().click();
    await expect(waitlist.getByText('已退出')).toHaveCount(2);
    await expect(waitlist.getByRole('button', { name: '退出候补' })).toHaveCount(0);
    await expect(waitlist.getByRole('alert')).toHaveCount(0);
    await holder.dispose();
    await waiter.dispose();
  });

  test('workstation staff add a venue, set its hours and name an approver', async ({ page }, info) => {
    await page.addInitScript(() => localStorage.setItem('linli.lang', 'zh-CN'));
    const name = `红荔社区乒乓球室（演示 ${info.project.name} ${Date.now() % 100000}）`;
    await logIn(page, '13800000003', '/staff/venues');
    await page.getByRole('link', { name: '新增场馆' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '新增场馆' })).toBeVisible();
    // Nothing filled in: the server names the first problem next to its field.
    await page.getByRole('button', { name: '创建场馆' }).click();
    await expect(page.getByRole('alert').first()).toBeVisible();
    await page.getByLabel('区', { exact: true }).selectOption({ label: '福田区' });
    await page.getByLabel('街道', { exact: true }).selectOption({ label: '园岭街道' });
    await page.getByLabel('社区', { exact: true }).selectOption({ label: '红荔社区' });
    await page.getByLabel('场馆名称（中文）').fill(name);
    await page.getByLabel('场馆类型').selectOption({ label: '乒乓球室' });
    await page.getByLabel('容纳人数').fill('8');
    await page.getByLabel('产权单位名称（中文）').fill('红荔社区工作站');
    await page.getByLabel('地址（中文）').fill('福田区红荔路 1001 号党群服务中心二楼');
    await page.getByLabel('无台阶通行').check();
    await shoot(page, info, 'venue-new');
    await page.getByRole('button', { name: '创建场馆' }).click();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();

    // Closed on Mondays: remove Monday's window.
    const rows = page.locator('.hours-row');
    await expect(rows).toHaveCount(7);
    await rows.first().getByRole('button', { name: /删除 周一/ }).click();
    await page.getByRole('button', { name: '保存开放时间' }).click();
    await expect(page.getByText('开放时间已保存。')).toBeVisible();
    await page.getByRole('checkbox', { name: '王建国' }).check();
    await page.getByRole('button', { name: '保存审批人' }).click();
    await expect(page.getByText('审批人已保存。')).toBeVisible();

    // A photo instead of a URL: uploaded to Linli, shown at once, kept when the details are saved.
    await page.getByRole('button', { name: '上传照片' }).click();
    await expect(page.getByText('请先选择要上传的照片。')).toBeVisible();
    await page.getByLabel('选择照片').setInputFiles('tests/fixtures/gps.jpg');
    await page.getByLabel('照片说明（中文，供读屏软件朗读）').fill('乒乓球室全景');
    await page.getByRole('button', { name: '上传照片' }).click();
    await expect(page.getByText('照片已上传。')).toBeVisible();
    const photo = page.getByRole('img', { name: '乒乓球室全景' });
    await expect(photo).toBeVisible();
    await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await page.getByRole('button', { name: '保存基本信息' }).click();
    await expect(page.getByText('已保存。', { exact: true })).toBeVisible();
    await shoot(page, info, 'venue-settings');

    await page.reload();
    await expect(page.locator('.hours-row')).toHaveCount(6);
    await expect(page.getByRole('checkbox', { name: '王建国' })).toBeChecked();
    await expect(page.getByLabel('无台阶通行')).toBeChecked();
    await expect(page.getByRole('img', { name: '乒乓球室全景' })).toBeVisible();
    // Removed, it is gone for good.
    await page.getByRole('button', { name: '删除第 1 张照片' }).click();
    await expect(page.getByText('照片已删除。')).toBeVisible();
    await expect(page.getByRole('img', { name: '乒乓球室全景' })).toHaveCount(0);
  });

  test('a group checks a weekly pattern and books the free dates', async ({ page }, info) => {
    await page.addInitScript(() => localStorage.setItem('linli.lang', 'zh-CN'));
    await logIn(page, '13800000001', '/venues/1');
    await page.getByText('团体定期预约').click();
    await page.getByLabel('团队名称').fill('红荔老年合唱团（演示）');
    await page.getByRole('checkbox', { name: info.project.name === 'phone' ? '周一' : '周二', exact: true }).check();
    await page.getByLabel('开始时间').fill('14:00');
    await page.getByLabel('结束时间').fill('16:00');
    await page.getByRole('button', { name: '查看可约日期' }).click();
    const report = page.locator('.date-report li');
    await expect(report.first()).toBeVisible();
    expect(await report.count()).toBeGreaterThanOrEqual(3);
    await shoot(page, info, 'booking-recurring-check');
    await page.getByRole('button', { name: '预约所有空闲日期' }).click();
    await expect(page.getByText(/已预约 \d+ 个日期/)).toBeVisible();
    await expect(report.filter({ hasText: '已预约' }).first()).toBeVisible();
    await shoot(page, info, 'booking-recurring-booked');
  });

  test('a date not open yet counts down to its release and opens by itself', async ({ page, baseURL }, info) => {
    // The countdown waits for a real minute to turn, so one device is enough.
    test.skip(info.project.name !== 'phone', 'waits for the clock: run once');
    test.setTimeout(150_000);
    // Staff make a venue whose dates open two days ahead at the next whole minute at least
    // 20 s away (venue-local time, UTC+8, no daylight saving).
    const release = Math.ceil((Date.now() + 20_000) / 60_000) * 60_000;
    const local = (t: number) => new Date(t + 8 * 3_600_000);
    test.skip(local(release).getUTCDate() !== local(Date.now()).getUTCDate(), 'the release would fall after local midnight');
    const pad = (n: number) => String(n).padStart(2, '0');
    const releaseTime = `${pad(local(release).getUTCHours())}:${pad(local(release).getUTCMinutes())}`;
    const staff = await api.newContext({ baseURL, extraHTTPHeaders: { 'x-linli-csrf': '1' } });
    expect((await staff.post('/api/v1/auth/login', { data: { phone: '13800000003', password: 'linli-demo-2026' } })).status()).toBe(200);
    const name = `红荔社区书画室 ${releaseTime} 开放（演示）`;
    const created = await staff.post('/api/v1/staff/venues', {
      data: {
        community: '440304001001', name_zh: name, venue_type: 'multipurpose_room', capacity: 12,
        owner_kind: 'community', owner_name_zh: '红荔社区工作站', address_zh: '红荔路 8 号二楼',
        rules: {
          slot_minutes: 60, min_minutes: 60, max_minutes: 120, buffer_minutes: 0, min_advance_days: 0,
          max_advance_days: 2, release_time: releaseTime, quota_kind: 'bookings', quota_per_week: 3,
          cancel_deadline_minutes: 120, approval_required: false, pending_holds_slot: true,
          capacity_mode: 'whole', capacity: 12, hold_minutes: 10, checkin_required: false,
          closed_on_holidays: false, waitlist_offer_minutes: 60,
        },
        hours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '08:00', closes: '22:00' })),
      },
    });
    expect(created.status()).toBe(201);
    const venue = (await created.json()).detail.venue;

    await page.addInitScript(() => localStorage.setItem('linli.lang', 'zh-CN'));
    await page.goto(`/venues/${venue.id}`);
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    // The date two days ahead (venue-local: the browser runs in UTC, so between 00:00 and 08:00
    // in Shenzhen its own date is a day behind) is not open yet: its release time and a running
    // countdown.
    const ahead = local(Date.now() + 2 * 86_400_000);
    const dateButton = page.getByRole('group', { name: '选择日期' })
      .getByRole('button', { name: new RegExp(`^${ahead.getUTCMonth() + 1}月${ahead.getUTCDate()}日 `) });
    await dateButton.click();
    const day = page.locator('section.day');
    await expect(day.getByText(/起可约/)).toBeVisible();
    const timer = day.getByRole('timer');
    await expect(timer).toHaveText(/^距开放还有 00:0\d:\d\d$/);
    const first = await timer.textContent();
    await expect(timer).not.toHaveText(first ?? '');
    await expect(day.getByRole('button', { name: /空闲/ })).toHaveCount(0);
    await shoot(page, info, 'booking-countdown');
    // At the release the week reloads by itself, on the same date, now with free slots.
    await expect(day.getByRole('button', { name: /空闲/ }).first()).toBeVisible({ timeout: 100_000 });
    await expect(timer).toHaveCount(0);
    await expect(dateButton).toHaveAttribute('aria-pressed', 'true');
    await shoot(page, info, 'booking-countdown-opened');
  });

  test('the venue pages read in English too', async ({ page }, info) => {
    await page.addInitScript(() => localStorage.setItem('linli.lang', 'en'));
    await page.goto('/venues');
    await expect(page.getByRole('heading', { level: 1, name: 'Book a venue' })).toBeVisible();
    await page.getByRole('link', { name: 'Hongli Community Basketball Court (demo)', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Booking rules' })).toBeVisible();
    await expect(page.getByText('Parts you can book separately')).toBeVisible();
    await shoot(page, info, 'booking-venue-en');
  });
});
