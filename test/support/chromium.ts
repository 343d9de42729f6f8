// Debian's Chromium driven by playwright-core (no browser download: the package is installed from
// Debian when missing, as .ci/run does), with the flags a closed network needs.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // test files run in parallel and each may install it: wait for the dpkg lock the first one holds
  const lock = ['-o', 'DPkg::Lock::Timeout=600'];
  spawnSync('apt-get', [...lock, 'update', '-qq'], { stdio: 'inherit', env });
  const r = spawnSync('apt-get', [...lock, 'install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
  if (r.status !== 0 || !existsSync(CHROMIUM)) throw new Error('Debian chromium is missing and could not be installed');
}

/** Without the background-networking flags Chromium keeps trying Google's hosts, which a closed network refuses. */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export interface BrowserHandle {
  browser: Browser;
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(
  viewport = { width: 1280, height: 800 },
  colorScheme: 'light' | 'dark' = 'light',
): Promise<BrowserHandle> {
  ensureChromium();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // playwright gives every launch a new empty profile directory of its own
    args: FLAGS,
  });
  const context = await browser.newContext({ viewport, colorScheme, permissions: [] });
  return {
    browser,
    context,
    async close() {
      await context.close().catch(() => undefined);
      await browser.close();
    },
  };
}
