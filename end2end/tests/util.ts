import { expect, type APIRequestContext, type Page, type TestInfo } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';

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

/** The file the journeys' server writes its SMS to (`--sms-sender file:`), set by the config. */
export const smsFile = process.env.LINLI_E2E_SMS ?? '';

/** The texts of every SMS sent to `phone` so far, read from the file sender's record. */
export function smsTo(phone: string, file = smsFile): string[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean)
    .map((line) => JSON.parse(line) as { to: string; text: string })
    .filter((m) => m.to === phone).map((m) => m.text);
}

/** Waits for an SMS to `phone` after the first `before` and returns the code it carries. */
export async function nextCode(phone: string, before: number, file = smsFile): Promise<string> {
  let texts: string[] = [];
  await expect.poll(() => (texts = smsTo(phone, file)).length, { timeout: 10_000 }).toBeGreaterThan(before);
  const code = texts[texts.length - 1].match(/(?<!\d)(\d{6})(?!\d)/);
  expect(code, texts[texts.length - 1]).not.toBeNull();
  return code![1];
}

/** Presses "send me a code" on the page and returns the code the resident receives. */
export async function sendCode(page: Page, phone: string, file = smsFile): Promise<string> {
  const before = smsTo(phone, file).length;
  await page.getByRole('button', { name: /获取验证码|Send me a code/ }).click();
  return nextCode(phone, before, file);
}

/** Registers a resident through the API, with the code sent to their phone. */
export async function registerByApi(request: APIRequestContext, data: Record<string, string>) {
  const before = smsTo(data.phone).length;
  const asked = await request.post('/api/v1/auth/sms-codes', { data: { phone: data.phone, purpose: 'register' } });
  expect(asked.status()).toBe(202);
  const sms_code = await nextCode(data.phone, before);
  return request.post('/api/v1/auth/register', { data: { ...data, sms_code } });
}
