import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { logIn, shoot } from './util';

// Every page, in both languages and in normal and elder mode, has no WCAG 2.1 A/AA violation
// that axe-core can detect. Pages needing a login are checked as the demo city administrator.
const publicPages = ['/', '/login', '/login?mode=code', '/login?mode=reset', '/register', '/no/such/page', '/services?q=%E5%85%BB%E8%80%81', '/services/1', '/venues', '/venues/2', '/venues/3', '/feedback', '/feedback/new', '/activities', '/activities/1', '/opportunities', '/opportunities/1', '/certificates/NO-SUCH-CODE'];
const loggedInPages = [
  '/me', '/admin/users', '/admin/audit', '/admin/regions', '/admin/site', '/admin/calendar',
  '/directory/manage', '/directory/review', '/directory/services/1/edit',
  '/me/bookings', '/me/strikes', '/lotteries/1', '/staff/venues', '/staff/venues/new', '/staff/venues/1', '/staff/venues/1/settings', '/staff/venues/1/report',
  '/feedback/mine', '/staff/feedback', '/staff/feedback/stats', '/staff/feedback/report', '/staff/feedback/templates', '/admin/open311',
  '/me/notifications', '/admin/users/1', '/staff/feedback/1',
  '/me/activities', '/staff/activities', '/staff/activities/new', '/staff/activities/1', '/staff/activities/1/edit', '/staff/activities/report',
  '/volunteer', '/help-requests', '/staff/volunteers', '/staff/volunteers/report', '/staff/opportunities', '/staff/opportunities/1', '/staff/help-requests',
];

// Each language runs on one device, in normal and elder mode: Chinese on the phone, English on
// the desktop. Both layouts still see every page in both modes; checking all four modes on each
// device took 14 minutes, a quarter of the whole test command.
const deviceOf: Record<string, string> = { 'zh-CN': 'phone', en: 'desktop' };

for (const lang of ['zh-CN', 'en']) {
  for (const elder of [false, true]) {
    const mode = `${lang}${elder ? ' elder' : ''}`;
    test(`pages have no accessibility violations (${mode})`, async ({ page }, info) => {
      test.skip(info.project.name !== deviceOf[lang], `${lang} is checked on the ${deviceOf[lang]}`);
      // Thirty pages, each analysed by axe: minutes, not the default minute.
      test.setTimeout(8 * 60_000);
      await page.addInitScript(([lang, elder]) => {
        localStorage.setItem('linli.lang', lang as string);
        localStorage.setItem('linli.elder', elder ? '1' : '0');
      }, [lang, elder]);
      const check = async (path: string) => {
        await page.goto(path);
        await page.locator('main').waitFor();
        await page.waitForLoadState('networkidle');
        const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
        const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
        expect(summary, `${path} ${mode}`).toEqual([]);
        await shoot(page, info, `a11y${path === '/' ? '_home' : path.replaceAll('/', '_')}-${lang}${elder ? '-elder' : ''}`);
      };
      for (const path of publicPages) await check(path);
      await logIn(page, '13800000006');
      for (const path of loggedInPages) await check(path);
      // What residents see: the demo resident has unread messages (a welcome notice, at least),
      // so the header's messages link carries its count. Its accessible name must contain the
      // visible text (WCAG 2.5.3), an axe rule outside the tag sets above.
      await page.context().clearCookies();
      await logIn(page, '13800000001');
      await check('/');
      const messages = page.locator('a.messages-link');
      await expect(messages.locator('.count')).toHaveText(/^\d+$/);
      await expect(messages).toHaveAccessibleName(lang === 'en' ? /^Messages\s*,\s*\d+\s*unread$/ : /^消息\s*，\s*\d+\s*条未读$/);
      const nameInLabel = await new AxeBuilder({ page }).withRules(['label-content-name-mismatch']).analyze();
      expect(nameInLabel.violations.map((v) => v.nodes.map((n) => n.target.join(' ')).join(', ')), mode).toEqual([]);
    });
  }
}
