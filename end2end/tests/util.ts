import type { Page, TestInfo } from '@playwright/test';

/** Saves a full-page screenshot as an artifact of the run (end2end/screenshots/, not committed). */
export async function shoot(page: Page, info: TestInfo, name: string) {
  await page.screenshot({ path: `screenshots/${info.project.name}/${name}.png`, fullPage: true });
}
