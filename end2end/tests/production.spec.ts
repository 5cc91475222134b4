import { test, expect, type Browser, type Page } from '@playwright/test';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sendCode, shoot } from './util';

// A real deployment, not the demo: Linli started WITHOUT --demo on an empty data directory,
// bootstrapped as the README says (`linli migrate`, then `linli user add` for the first
// administrator). Residents register in a bundled community, the administrator adds a
// community and a venue, publishes an activity there that a resident joins, a resident files a
// complaint, a social worker added with `linli user add --role social_worker` approves the
// resident as a volunteer who signs up for a shift, and no page claims to show demo data.

const bin = process.env.LINLI_BIN ?? '../target/debug/linli';
const dist = process.env.LINLI_DIST ?? '../dist';
const port = Number(process.env.LINLI_PRODUCTION_PORT ?? 18090);
const baseURL = `http://127.0.0.1:${port}`;
const admin = { phone: '13900000001', password: '港湾里的灯塔 2026' };
const resident = { phone: '13900000002', password: '榕树下的长椅 2026' };

let dataDir = '';
let server: ChildProcess | undefined;

test.use({ baseURL });

test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'linli-production-'));
  const db = ['--data-dir', dataDir];
  // Only what this journey sets: no database URL or demo switch from the caller's environment.
  const env: NodeJS.ProcessEnv = { ...process.env, LINLI_LOG: 'warn' };
  for (const name of ['DATABASE_URL', 'LINLI_DEMO', 'LINLI_ASSETS_DIR']) delete env[name];
  execFileSync(bin, ['migrate', ...db], { env, stdio: 'pipe' });
  execFileSync(bin, ['user', 'add', ...db, '--phone', admin.phone, '--role', 'admin', '--region', '440300', '--name', '管理员'],
    { env: { ...env, LINLI_USER_PASSWORD: admin.password }, stdio: 'pipe' });
  // The same rate-limit scaling as the shared demo server: every journey logs in from loopback.
  // SMS go to a file in the data directory, where the journey reads the codes.
  server = spawn(bin, ['serve', ...db, '--addr', `127.0.0.1:${port}`, '--assets-dir', dist, '--rate-limit-scale', '20',
    '--sms-sender', `file:${join(dataDir, 'sms.jsonl')}`],
    { env, stdio: 'inherit' });
  await expect.poll(async () => {
    try {
      return (await fetch(`${baseURL}/api/v1/health`)).status;
    } catch {
      return 0;
    }
  }, { timeout: 30_000 }).toBe(200);
});

test.afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

/** Opens a page as a new load of the app and checks that the site, asked on every load, says
 * it is not a demo, and that the footer does not claim otherwise. */
async function open(page: Page, path: string) {
  const site = page.waitForResponse((r) => r.url().endsWith('/api/v1/site'));
  await page.goto(path);
  const info = await (await site).json();
  expect(info.demo).toBe(false);
  await expect(page.getByRole('contentinfo')).toContainText('依据《关于加快我市社区服务发展的若干意见》');
  await expect(page.getByText('本站点当前展示演示数据')).toHaveCount(0);
}

async function logIn(browser: Browser, who: { phone: string; password: string }, next: string) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await open(page, `/login?next=${next}`);
  await page.getByLabel('手机号码').fill(who.phone);
  await page.getByLabel('密码').fill(who.password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(new RegExp(`${next}$`));
  return page;
}

test('a new deployment without demo data: bootstrap, registration, a venue and a complaint', async ({ page, browser }, info) => {
  // A resident registers in a community of the bundled region tree.
  await open(page, '/register');
  await page.getByLabel('手机号码').fill(resident.phone);
  await page.getByLabel('短信验证码').fill(await sendCode(page, resident.phone, join(dataDir, 'sms.jsonl')));
  await page.getByLabel('密码').fill(resident.password);
  await page.getByLabel('称呼').fill('居民甲');
  await page.getByLabel('区', { exact: true }).selectOption({ label: '福田区' });
  await page.getByLabel('街道').selectOption({ label: '园岭街道' });
  await page.getByLabel('社区', { exact: true }).selectOption({ label: '红荔社区' });
  await page.getByRole('button', { name: '注册' }).click();
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.getByText('居民 · 红荔社区')).toBeVisible();
  await shoot(page, info, 'production-registered');

  // The administrator from `linli user add` logs in and adds a community.
  const adminPage = await logIn(browser, admin, '/admin/regions');
  await adminPage.getByText('新增街道或社区').click();
  await adminPage.getByLabel('上级').selectOption({ label: '园岭街道' });
  await adminPage.getByLabel('中文名称').first().fill('园岭新村社区');
  await adminPage.getByLabel('英文名称（选填）').first().fill('Yuanling Xincun Community');
  await adminPage.getByRole('button', { name: '新增' }).click();
  await expect(adminPage.locator('p.status.ok', { hasText: '已新增：园岭新村社区' })).toBeVisible();
  await shoot(adminPage, info, 'production-regions');

  // …and opens a venue in it, as staff.
  await open(adminPage, '/staff/venues');
  await adminPage.getByRole('link', { name: '新增场馆' }).click();
  await adminPage.getByLabel('区', { exact: true }).selectOption({ label: '福田区' });
  await adminPage.getByLabel('街道', { exact: true }).selectOption({ label: '园岭街道' });
  await adminPage.getByLabel('社区', { exact: true }).selectOption({ label: '园岭新村社区' });
  await adminPage.getByLabel('场馆名称（中文）').fill('园岭新村多功能活动室');
  await adminPage.getByLabel('场馆类型').selectOption({ label: '多功能活动室' });
  await adminPage.getByLabel('容纳人数').fill('30');
  await adminPage.getByLabel('产权单位名称（中文）').fill('园岭新村社区工作站');
  await adminPage.getByLabel('地址（中文）').fill('福田区园岭街道新村路 8 号一楼');
  await adminPage.getByRole('button', { name: '创建场馆' }).click();
  await expect(adminPage.getByRole('heading', { level: 1, name: '园岭新村多功能活动室' })).toBeVisible();
  await open(adminPage, '/venues');
  await expect(adminPage.getByRole('link', { name: '园岭新村多功能活动室' })).toBeVisible();

  // …and publishes a community activity held in that room (its time is booked there).
  const inTwoDays = new Date(Date.now() + 8 * 3_600_000 + 2 * 86_400_000).toISOString().slice(0, 10);
  await open(adminPage, '/staff/activities/new');
  await adminPage.getByLabel('区', { exact: true }).selectOption({ label: '福田区' });
  await adminPage.getByLabel('街道', { exact: true }).selectOption({ label: '园岭街道' });
  await adminPage.getByLabel('社区', { exact: true }).selectOption({ label: '园岭新村社区' });
  await adminPage.getByLabel('活动名称（中文）').fill('新村居民书法班');
  await adminPage.getByLabel('活动类型').selectOption({ label: '文艺' });
  await adminPage.getByLabel('场馆', { exact: true }).selectOption({ label: '园岭新村多功能活动室' });
  await adminPage.getByLabel('日期', { exact: true }).fill(inTwoDays);
  await adminPage.getByLabel('开始时间').fill('10:00');
  await adminPage.getByLabel('结束时间').fill('11:30');
  await adminPage.getByLabel('名额', { exact: true }).fill('12');
  await adminPage.getByRole('button', { name: '保存草稿' }).click();
  await expect(adminPage.getByRole('heading', { level: 1, name: '新村居民书法班' })).toBeVisible();
  await adminPage.getByRole('button', { name: '检查并发布' }).click();
  await expect(adminPage.getByText('报名中').first()).toBeVisible();
  const activityPath = new URL(adminPage.url()).pathname.replace('/staff', '');
  await adminPage.context().close();

  // The resident opens the shared link and signs up.
  await open(page, activityPath);
  await expect(page.getByRole('heading', { level: 1, name: '新村居民书法班' })).toBeVisible();
  await page.getByRole('button', { name: '报名', exact: true }).click();
  await expect(page.getByText('报名成功')).toBeVisible();
  await shoot(page, info, 'production-activity');

  // The resident files a complaint.
  await open(page, '/feedback/new');
  await expect(page.getByRole('heading', { name: '提交意见' })).toBeVisible();
  await page.getByLabel('投诉').check();
  await page.getByLabel('类别').selectOption({ label: '环境卫生与市容' });
  await expect(page.getByText('社区：红荔社区')).toBeVisible();
  await page.getByLabel('问题出现在哪里？（必填）').selectOption({ label: '小区内' });
  await page.getByLabel('具体地点').fill('红荔村 3 栋门口');
  await page.getByLabel('标题').fill('垃圾桶满了没人清');
  await page.getByLabel('详细情况').fill('3 栋门口的垃圾桶已经两天没有清运，垃圾堆到了地上。');
  await page.getByRole('button', { name: '提交意见' }).click();
  await expect(page.getByRole('heading', { name: '已提交，感谢您的反映' })).toBeVisible();
  await shoot(page, info, 'production-complaint');
  await open(page, '/feedback/mine');
  await expect(page.getByRole('link', { name: '垃圾桶满了没人清' })).toBeVisible();

  // Volunteers: the operator adds a social worker for 园岭街道 from the command line.
  const worker = { phone: '13900000003', password: '社区里的老槐树 2026' };
  const env: NodeJS.ProcessEnv = { ...process.env, LINLI_LOG: 'warn', LINLI_USER_PASSWORD: worker.password };
  for (const name of ['DATABASE_URL', 'LINLI_DEMO', 'LINLI_ASSETS_DIR']) delete env[name];
  execFileSync(bin, ['user', 'add', '--data-dir', dataDir, '--phone', worker.phone, '--role', 'social_worker',
    '--region', '440304001', '--name', '社工甲'], { env, stdio: 'pipe' });
  // The resident applies as a volunteer of their community.
  await open(page, '/volunteer');
  await page.getByLabel('陪伴').check();
  await page.getByLabel('通常有空的时间').fill('工作日晚上');
  await page.getByRole('button', { name: '提交申请' }).click();
  await expect(page.getByText('待审核')).toBeVisible();
  // The social worker approves them and posts a shift for tomorrow.
  const workerPage = await logIn(browser, worker, '/staff/volunteers');
  const applicant = workerPage.locator('li.applicant', { hasText: '居民甲' });
  await applicant.getByRole('button', { name: '批准' }).click();
  await expect(applicant).toHaveCount(0);
  const tomorrow = new Date(Date.now() + 8 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
  const posted = await workerPage.request.post('/api/v1/staff/opportunities', {
    headers: { 'x-linli-csrf': '1' },
    data: { community: '440304001001', title: '新村长者助餐', place: '红荔社区长者饭堂', slots: 2,
      starts_at: `${tomorrow}T11:00:00+08:00`, ends_at: `${tomorrow}T13:00:00+08:00`, skills: [] },
  });
  expect(posted.status()).toBe(201);
  await workerPage.context().close();
  // The volunteer signs up for it.
  await open(page, '/opportunities');
  const shift = page.locator('li.shift-card', { hasText: '新村长者助餐' });
  await shift.getByRole('button', { name: '报名参加' }).click();
  await expect(shift.getByText('已报名')).toBeVisible();
  await shoot(page, info, 'production-volunteer');
  await open(page, '/');
});
