import type { Page, TestInfo } from '@playwright/test';

/** Logs a demo account in through the login form and waits for its account page. */
export async function logIn(page: Page, phone: string) {
  await page.goto('/login');
  await page.locator('#phone').fill(phone);
  await page.locator('#password').fill('linli-demo-2026');
  await page.locator('form button[type=submit]').click();
  await page.waitForURL(/\/me$/);
}

/** Saves a full-page screenshot as an artifact of the run (end2end/screenshots/, not committed). */
export async function shoot(page: Page, info: TestInfo, name: string) {
  await page.screenshot({ path: `screenshots/${info.project.name}/${name}.png`, fullPage: true });
}
