import { test, expect } from '@playwright/test';
import { sendCode, shoot } from './util';

// Unique per run and project, so reruns against the same server do not collide.
const phone = (project: string) => `139${String(Date.now() % 100_000_000).padStart(8, '0').slice(0, 7)}${project === 'phone' ? 1 : 2}`;

test.describe('accounts', () => {
  test('a resident registers, logs out and logs in again', async ({ page }, info) => {
    const number = phone(info.project.name);
    await page.goto('/register');
    await expect(page.getByRole('heading', { name: '注册居民账号' })).toBeVisible();
    await page.getByLabel('手机号码').fill(number);
    // The phone is proven by the code sent to it; a second code must wait a minute.
    const code = await sendCode(page, number);
    await expect(page.getByRole('status').filter({ hasText: `验证码已发送到 ${number.slice(0, 3)}****${number.slice(7)}` })).toBeVisible();
    await expect(page.getByRole('button', { name: /秒后可重新获取/ })).toBeDisabled();
    await page.getByLabel('短信验证码').fill(code);
    await page.getByLabel('密码').fill('password');
    await page.getByLabel('称呼').fill('测试居民');
    await page.getByLabel('区', { exact: true }).selectOption({ label: '福田区' });
    await page.getByLabel('街道').selectOption({ label: '园岭街道' });
    await page.getByLabel('社区', { exact: true }).selectOption({ label: '红荔社区' });
    await page.getByRole('button', { name: '注册' }).click();
    // The server refuses a common password and says so next to the field.
    await expect(page.getByRole('alert').filter({ hasText: '太常见' })).toBeVisible();
    await shoot(page, info, 'register-error');
    await page.getByLabel('密码').fill('榕树下的长椅 2026');
    await page.getByRole('button', { name: '注册' }).click();

    await expect(page).toHaveURL(/\/me$/);
    await expect(page.getByRole('heading', { name: '我的', exact: true })).toBeVisible();
    await expect(page.getByText(`${number.slice(0, 3)}****${number.slice(7)}`)).toBeVisible();
    await expect(page.getByText('居民 · 红荔社区')).toBeVisible();
    await shoot(page, info, 'me');

    const loggedOut = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/logout'));
    await page.getByRole('button', { name: '退出登录' }).click();
    await loggedOut;
    await page.goto('/me');
    await expect(page.getByText('登录后可以预约场馆')).toBeVisible();
    await page.getByRole('link', { name: '登录' }).first().click();
    await page.getByLabel('手机号码').fill(number);
    await page.getByLabel('密码').fill('wrong password 1');
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.getByRole('alert')).toContainText('手机号码或密码不正确');
    await page.getByLabel('密码').fill('榕树下的长椅 2026');
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page).toHaveURL(/\/me$/);

    // Forgotten password: a code sent to the phone sets a new one and logs this device in.
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.goto('/login');
    await page.getByRole('link', { name: '忘记密码？' }).click();
    await expect(page.getByRole('heading', { name: '重置密码' })).toBeVisible();
    await page.getByLabel('手机号码').fill(number);
    const reset = await sendCode(page, number);
    await page.getByLabel('短信验证码').fill('000000' === reset ? '000001' : '000000');
    await page.getByLabel('新密码').fill('凤凰木开花的时候 2027');
    await page.getByRole('button', { name: '设置新密码' }).click();
    await expect(page.locator('#sms_code-error')).toContainText('短信验证码不正确');
    await page.getByLabel('短信验证码').fill(reset);
    await shoot(page, info, 'password-reset');
    await page.getByRole('button', { name: '设置新密码' }).click();
    await expect(page).toHaveURL(/\/me$/);

    // Login by SMS code, without the password.
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.goto('/login');
    await page.getByRole('link', { name: '用短信验证码登录' }).click();
    await page.getByLabel('手机号码').fill(number);
    await page.getByLabel('短信验证码').fill(await sendCode(page, number));
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await expect(page).toHaveURL(/\/me$/);
    await expect(page.getByText(`${number.slice(0, 3)}****${number.slice(7)}`)).toBeVisible();
  });

  test('an administrator finds a user, reveals the phone and grants a role', async ({ page }, info) => {
    await page.goto('/login?next=/admin/users');
    await page.getByLabel('手机号码').fill('13800000006');
    await page.getByLabel('密码').fill('linli-demo-2026');
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page).toHaveURL(/\/admin\/users$/);
    await page.getByRole('searchbox').fill('李秀英');
    await page.getByRole('button', { name: '搜索' }).click();
    await page.getByRole('link', { name: '李秀英' }).click();
    await expect(page.getByRole('heading', { name: '李秀英' })).toBeVisible();
    await expect(page.getByText('138****0001')).toBeVisible();
    await page.getByRole('button', { name: '查看完整手机号' }).click();
    await expect(page.getByText('13800000001')).toBeVisible();
    await shoot(page, info, 'admin-user');

    const community = info.project.name === 'phone' ? '百花社区' : '上步社区';
    await page.getByLabel('身份', { exact: true }).selectOption({ label: '居委会委员' });
    await page.getByLabel('区', { exact: true }).selectOption({ label: '福田区' });
    await page.getByLabel('街道').selectOption({ label: '园岭街道' });
    await page.getByLabel('社区', { exact: true }).selectOption({ label: community });
    await page.getByRole('button', { name: '授予身份' }).click();
    await expect(page.getByRole('listitem').filter({ hasText: `居委会委员 · ${community}` })).toBeVisible();

    await page.goto('/admin/audit');
    await expect(page.getByRole('cell', { name: 'personal_data.view' }).first()).toBeVisible();
    await shoot(page, info, 'admin-audit');
  });

  test('in English and elder mode, a resident registers, chooses how to be told and resets the password', async ({ page }, info) => {
    const number = phone(info.project.name).replace(/^139/, '134');
    await page.addInitScript(() => {
      localStorage.setItem('linli.lang', 'en');
      localStorage.setItem('linli.elder', '1');
    });
    await page.goto('/register');
    await expect(page.getByRole('heading', { name: 'Create a resident account' })).toBeVisible();
    await page.getByLabel('Mobile number').fill(number);
    const code = await sendCode(page, number);
    await page.getByLabel('SMS code').fill(code);
    await page.getByLabel('Password').fill('banyan bench by the river 2026');
    await page.getByLabel('Name to show').fill('Auntie Chen');
    await page.getByLabel('District', { exact: true }).selectOption('440304');
    await page.getByLabel('Subdistrict').selectOption('440304001');
    await page.getByLabel('Community', { exact: true }).selectOption('440304001001');
    await page.getByRole('button', { name: 'Register' }).click();
    await expect(page).toHaveURL(/\/me$/);

    // Registered in English: messages to the account are in English; bookings only in the app.
    const card = page.locator('details').filter({ has: page.getByRole('heading', { name: 'Notifications' }) });
    await card.getByRole('heading', { name: 'Notifications' }).click();
    await expect(card.getByLabel('English', { exact: true })).toBeChecked();
    await card.getByLabel('Bookings · SMS').uncheck();
    await card.getByRole('button', { name: 'Submit' }).click();
    await expect(card.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
    await shoot(page, info, 'notification-settings-en-elder');
    const settings = await page.evaluate(async () => (await fetch('/api/v1/me/notification-settings')).json());
    expect(settings.language).toBe('en');
    expect(settings.topics.find((t: { topic: string }) => t.topic === 'booking').sms).toBe(false);

    // Forgotten password, in English.
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.goto('/login');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByLabel('Mobile number').fill(number);
    const reset = await sendCode(page, number);
    await page.getByLabel('SMS code').fill(reset);
    await page.getByLabel('New password').fill('flame tree in bloom 2027');
    await shoot(page, info, 'password-reset-en-elder');
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await expect(page).toHaveURL(/\/me$/);
    await expect(page.getByText(`${number.slice(0, 3)}****${number.slice(7)}`)).toBeVisible();
  });

  test('English is complete on the account pages', async ({ page }) => {
    await page.addInitScript(() => localStorage.setItem('linli.lang', 'en'));
    await page.goto('/login');
    await expect(page.getByRole('heading', { name: 'Log in to Linli' })).toBeVisible();
    await expect(page.getByLabel('Mobile number')).toBeVisible();
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await expect(page.getByRole('heading', { name: 'Reset your password' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Send me a code' })).toBeVisible();
    expect(await page.locator('main').innerText()).not.toMatch(/[\u4e00-\u9fff]/);
    await page.getByRole('link', { name: 'Log in with your password' }).click();
    await page.getByRole('link', { name: 'Log in with an SMS code' }).click();
    await expect(page.getByLabel('SMS code')).toBeVisible();
    expect(await page.locator('main').innerText()).not.toMatch(/[\u4e00-\u9fff]/);
    await page.goto('/register');
    await expect(page.getByText('Community you live in')).toBeVisible();
    await expect(page.getByLabel('SMS code')).toBeVisible();
    const body = await page.locator('main').innerText();
    expect(body).not.toMatch(/[\u4e00-\u9fff]/);
  });
});
