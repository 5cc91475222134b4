import { test, expect, type Locator, type Page } from '@playwright/test';
import { shoot } from './util';

// A resident who cannot use a pointer: every step below is Tab, Shift+Tab, typing, Enter or
// Space — no click. At each stop of the focus the indicator must be visible (an outline or a
// shadow wider than zero, inside the viewport).

/** Moves the focus with Tab until `target` has it; fails after `max` presses. */
async function tabTo(page: Page, target: Locator, max = 400) {
  const handle = await target.elementHandle();
  expect(handle, 'target exists').not.toBeNull();
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const state = await page.evaluate((el) => {
      const a = document.activeElement as HTMLElement | null;
      if (!a || a === document.body) return { here: false, visible: true, what: 'body' };
      // The ring may be drawn by the control or by its label (custom radio cards use
      // :focus-within on the label).
      const drawn = (e: Element | null) => {
        if (!e) return false;
        const s = getComputedStyle(e);
        return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
      };
      const ring = drawn(a) || drawn(a.parentElement) || drawn(a.closest('label'));
      const r = a.getBoundingClientRect();
      const inView = r.bottom > 0 && r.top < window.innerHeight && r.right > 0 && r.left < window.innerWidth;
      const st = getComputedStyle(a);
      return {
        here: a === el,
        visible: ring && inView,
        what: `${a.tagName} ${a.id || a.textContent?.trim().slice(0, 30)} (outline ${st.outlineStyle} ${st.outlineWidth}, top ${Math.round(r.top)} of ${window.innerHeight})`,
      };
    }, handle);
    expect(state.visible, `visible focus on ${state.what}`).toBeTruthy();
    if (state.here) return;
  }
  throw new Error(`focus never reached ${target}`);
}

test('a resident logs in, books a venue and files a complaint by keyboard alone', async ({ page }, info) => {
  test.setTimeout(3 * 60_000);
  await page.addInitScript(() => localStorage.setItem('linli.lang', 'zh-CN'));

  // The skip link comes first and moves the focus to the page's content.
  await page.goto('/login?next=%2Fme');
  await expect(page.getByLabel('手机号码')).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: '跳到主要内容' })).toBeFocused();
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByLabel('手机号码'));
  await page.keyboard.type('13800000001');
  await tabTo(page, page.getByLabel('密码'));
  await page.keyboard.type('linli-demo-2026');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/me$/);

  await tabTo(page, page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '场馆预约' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: '场馆预约' })).toBeVisible();
  await tabTo(page, page.getByRole('link', { name: '红荔社区篮球场（演示） A 场' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('红荔社区篮球场（演示） A 场');

  // The date three days from now in the strip, then its last free slot, chosen with Space.
  const date = page.getByRole('group', { name: '选择日期' }).getByRole('button').nth(3);
  await expect(date).toBeVisible();
  await tabTo(page, date);
  await page.keyboard.press('Enter');
  await expect(date).toHaveAttribute('aria-pressed', 'true');
  const slot = page.locator('section.day').getByRole('button', { name: /空闲/ }).last();
  await expect(slot).toBeVisible();
  await tabTo(page, slot);
  await page.keyboard.press('Space');
  await expect(page.getByRole('heading', { name: '已选时段' })).toBeVisible();
  await tabTo(page, page.getByLabel('用途（选填）'));
  await page.keyboard.type('键盘预约测试');
  await tabTo(page, page.getByRole('button', { name: '确认预约' }));
  await shoot(page, info, 'keyboard-booking');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: '预约详情' })).toBeVisible();
  await expect(page.getByRole('region', { name: '入场码' }).locator('.digits')).toHaveText(/^\d{4} \d{4}$/);
  await tabTo(page, page.getByLabel('取消原因（选填）'));
  await page.keyboard.type('改期');
  await tabTo(page, page.getByRole('button', { name: '取消预约' }));
  await page.keyboard.press('Enter');
  await expect(page.getByText('原因：改期')).toBeVisible();

  // A complaint: radio buttons with the arrow keys, selects with the arrow keys.
  await page.goto('/feedback/new');
  await expect(page.getByRole('heading', { name: '提交意见' })).toBeVisible();
  // Sent empty, the form's problems are announced (role=alert) next to their fields.
  await tabTo(page, page.getByRole('button', { name: '提交意见' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert').first()).toBeVisible();
  await page.goto('/feedback/new');
  await tabTo(page, page.getByLabel('投诉'));
  await page.keyboard.press('Space');
  await expect(page.getByLabel('投诉')).toBeChecked();
  await tabTo(page, page.getByLabel('类别'));
  await page.keyboard.press('ArrowDown');
  await expect(page.getByLabel('类别')).not.toHaveValue('');
  await tabTo(page, page.getByLabel('问题出现在哪里？（必填）'));
  await page.keyboard.press('ArrowDown');
  await tabTo(page, page.getByLabel('具体地点'));
  await page.keyboard.type('红荔村东门');
  await tabTo(page, page.getByLabel('标题'));
  await page.keyboard.type(`键盘提交的意见（${info.project.name}）`);
  await tabTo(page, page.getByLabel('详细情况'));
  await page.keyboard.type('小区东门的路灯连续三晚不亮，夜里出入很不方便，请尽快维修。');
  await tabTo(page, page.getByRole('button', { name: '提交意见' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: '已提交，感谢您的反映' })).toBeVisible();
  await shoot(page, info, 'keyboard-feedback');
});
