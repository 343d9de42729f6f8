// The web console against the real stack: the console built by Vite into a private folder and
// served by the API (CONSOLE_DIR), the embedded broker, a connect runtime, Debian's Chromium.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { buildConsole } from '../../../scripts/build-console';
import { ROOT } from '../../../scripts/paths';

export const SCREENSHOTS = join(ROOT, 'docs', 'console');

/** Builds the console once per process into tmp/ (inside the repository, so node_modules resolve). */
export function buildConsoleForTests(): string {
  const dir = join(ROOT, 'tmp', `console-e2e-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  buildConsole(dir);
  return dir;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

export async function signIn(page: Page, baseUrl: string, key: { key: string; secret: string }): Promise<void> {
  await page.goto(`${baseUrl}/console/`);
  await page.getByLabel('Cloud API key').fill(key.key);
  await page.getByLabel('Cloud API secret').fill(key.secret);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Environments' }).waitFor();
}
