import { test, expect, type Browser, type Page } from '@playwright/test';
import { shoot } from './util';

// The city administrator maintains reference data on the demo server: a community added,
// renamed, retired (gone from the registration picker), restored and moved; the site's contact; the
// next year's holiday schedule confirmed, which settles the warning on the admin pages.

async function logIn(page: Page, next: string) {
  await page.goto(`/login?next=${next}`);
  await page.getByLabel('手机号码').fill('13800000006');
  await page.getByLabel('密码').fill('linli-demo-2026');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(new RegExp(`${next}$`));
}

/** The communities the registration page offers in 园岭街道, seen by a new visitor (the
 * public region lists are cached by the browser, so a fresh context each time). */
async function registrationChoices(browser: Browser): Promise<string[]> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/register');
  await page.getByLabel('区', { exact: true }).selectOption({ label: '福田区' });
  await page.getByLabel('街道').selectOption({ label: '园岭街道' });
  const community = page.getByLabel('社区', { exact: true });
  await expect(community.locator('option', { hasText: '红荔社区' })).toHaveCount(1);
  const choices = await community.locator('option').allTextContents();
  await context.close();
  return choices;
}

test.describe('administration of reference data', () => {
  test('a city administrator adds, renames, retires, restores and moves a community', async ({ page, browser }, info) => {
    const run = `${info.project.name === 'phone' ? '甲' : '乙'}${Date.now() % 10000}`;
    const added = `试点社区${run}`;
    const renamed = `新苑社区${run}`;
    // What was done is announced, and shown next to the region.
    const done = async (text: string) => {
      await expect(page.getByRole('status').filter({ hasText: text })).toHaveCount(1);
      await expect(page.locator('p.status.ok', { hasText: text })).toBeVisible();
    };
    await logIn(page, '/admin/regions');
    await expect(page.getByRole('heading', { level: 1, name: '区域管理' })).toBeVisible();

    await page.getByText('新增街道或社区').click();
    const form = page.locator('form').filter({ has: page.getByLabel('上级') });
    await form.getByLabel('上级').selectOption({ label: '园岭街道' });
    // A free code following the subdistrict's is suggested.
    await expect(form.getByLabel('区划代码')).toHaveValue(/^440304001\d{3}$/);
    await form.getByLabel('中文名称').fill(added);
    await form.getByRole('button', { name: '新增' }).click();
    await done(`已新增：${added}`);
    // The same code again is refused with a message that says why.
    const code = await page.locator('li.region-row', { hasText: added }).locator('code').textContent();
    await form.getByLabel('区划代码').fill(code!);
    await form.getByLabel('中文名称').fill(`重复${run}`);
    await form.getByRole('button', { name: '新增' }).click();
    await expect(form.getByText('这个区划代码已被使用')).toBeVisible();

    const row = () => page.locator('li.region-row', { hasText: renamed });
    // By keyboard: the form takes the focus, Escape closes it and gives the focus back.
    const renameButton = page.getByRole('button', { name: `改名：${added}` });
    await renameButton.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByLabel('中文名称').last()).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(renameButton).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByLabel('中文名称').last()).toBeFocused();
    await page.getByLabel('中文名称').last().fill(renamed);
    await page.getByLabel('英文名称（选填）').last().fill(`Xinyuan Community ${run}`);
    await page.getByRole('button', { name: '保存' }).click();
    await done(`已改名：${renamed}`);
    await expect(row()).toContainText(`Xinyuan Community ${run}`);
    await shoot(page, info, 'admin-regions');

    await row().getByRole('button', { name: `撤销：${renamed}` }).click();
    await expect(page.getByText(`撤销“${renamed}”？`)).toBeVisible();
    await page.getByRole('button', { name: '确认撤销' }).click();
    await done(`已撤销：${renamed}`);
    await expect(row().getByText('已撤销', { exact: true })).toBeVisible();
    await shoot(page, info, 'admin-regions-retired');
    expect(await registrationChoices(browser)).not.toContain(renamed);

    await row().getByRole('button', { name: `恢复：${renamed}` }).click();
    await done(`已恢复：${renamed}`);
    await expect(row().getByText('已撤销', { exact: true })).toHaveCount(0);
    expect(await registrationChoices(browser)).toContain(renamed);

    // Boundaries change: the community moves to another subdistrict and is shown there.
    await row().getByRole('button', { name: `调整街道：${renamed}` }).click();
    await page.getByLabel('新的所属街道').selectOption({ label: '南园街道' });
    await page.getByRole('button', { name: '调整街道', exact: true }).click();
    await done(`已调整：${renamed}`);
    const nanyuan = page.locator('details.region-subdistrict', { has: page.locator('summary', { hasText: '南园街道' }) });
    await expect(nanyuan.locator('li.region-row', { hasText: renamed })).toBeVisible();
  });

  test('a city administrator sets the site contact', async ({ page }, info) => {
    const contact = `服务热线 0755-8000 ${info.project.name}`;
    await logIn(page, '/me');
    await page.getByRole('link', { name: '站点信息' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '站点信息' })).toBeVisible();
    await expect(page.getByLabel('站点名称（中文）')).not.toHaveValue('');
    await page.getByLabel('联系方式（选填）').fill(contact);
    await page.getByRole('button', { name: '保存' }).click();
    await expect(page.getByText('已保存')).toBeVisible();
    const footer = page.getByRole('contentinfo');
    await expect(footer).toContainText(`联系我们：${contact}`);
    // This is the demo server: it says so.
    await expect(footer).toContainText('本站点当前展示演示数据');
    await shoot(page, info, 'admin-site');
    await page.goto('/');
    await expect(footer).toContainText(`联系我们：${contact}`);
  });

  test('confirming next year\'s holidays settles the warning on the admin pages', async ({ page }, info) => {
    const next = new Date().getFullYear() + 1;
    const warning = page.getByRole('complementary', { name: '待处理事项' });
    await logIn(page, '/admin/calendar');
    await page.getByRole('link', { name: `${next} 年`, exact: true }).click();
    const confirm = page.getByRole('checkbox', { name: `${next} 年的放假和调休安排已全部录入` });
    // The projects share one server: start from an unconfirmed year whatever ran before.
    if (await confirm.isChecked()) {
      await confirm.click();
      await expect(page.getByText(`已取消确认 ${next} 年安排`)).toBeVisible();
    }
    await expect(confirm).not.toBeChecked();

    // From November on, the administrators are told while next year is not confirmed.
    const november = new Date().getMonth() >= 10;
    await page.goto('/admin/users');
    if (november) {
      await expect(warning).toContainText(`${next} 年节假日安排尚未确认`);
      await warning.getByRole('link', { name: `录入并确认 ${next} 年安排` }).click();
      await expect(page).toHaveURL(new RegExp(`/admin/calendar\\?year=${next}$`));
    } else {
      await page.goto(`/admin/calendar?year=${next}`);
    }
    await expect(page.getByRole('heading', { level: 1, name: '节假日安排' })).toBeVisible();

    // New Year's Day, entered and listed with its weekday.
    await page.getByLabel('日期', { exact: true }).fill(`${next}-01-01`);
    await page.getByLabel('类型').selectOption({ label: '放假' });
    await page.getByLabel('中文名称').fill('元旦');
    await page.getByLabel('英文名称（选填）').fill("New Year's Day");
    await page.getByRole('button', { name: '保存' }).click();
    await expect(page.getByText(`已保存 ${next}-01-01`)).toBeVisible();
    const day = page.locator('.day-row', { hasText: `${next}-01-01` });
    await expect(day).toContainText('元旦');
    await expect(day).toContainText('放假');
    if (november) await expect(warning).toBeVisible();
    await shoot(page, info, 'admin-calendar-unconfirmed');

    await confirm.click();
    await expect(page.getByText(`已确认 ${next} 年安排`)).toBeVisible();
    await expect(confirm).toBeChecked();
    await expect(warning).toHaveCount(0);
    await shoot(page, info, 'admin-calendar-confirmed');
    await page.goto('/admin/regions');
    await expect(page.getByRole('heading', { level: 1, name: '区域管理' })).toBeVisible();
    await expect(warning).toHaveCount(0);
  });
});
