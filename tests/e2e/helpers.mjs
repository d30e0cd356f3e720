// Shared helpers for the end-to-end tests: Debian's Chromium driven by playwright-core against
// the release build served on 127.0.0.1 (scripts/test.sh sets WORKBENCH_URL).
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const URL = process.env.WORKBENCH_URL ?? 'http://127.0.0.1:8089/';
export const SHOTS = process.env.SCREENSHOT_DIR ?? 'test-output/screenshots';
mkdirSync(SHOTS, { recursive: true });

// As root, in a closed network: no sandbox, no background connections.
const ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
  '--disable-quic'];

// `init` runs in the page before the app (e.g. to observe long tasks); `args` adds Chromium flags.
export async function openApp({ lang = 'en', hash = '', init = null, args = [], timezoneId = undefined } = {}) {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: [...ARGS, ...args] });
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: lang === 'ja' ? 'ja-JP' : 'en-US', timezoneId });
  const page = await context.newPage();
  if (init) await page.addInitScript(init);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(URL + hash);
  await page.waitForSelector('[data-testid=tab-inspector]');
  return { browser, page, errors };
}

export async function shot(page, name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

// The scenario's simulation has run (it runs in slices after every change; on a loaded machine
// its trace is not there yet).
export async function simulated(page) {
  await page.waitForFunction(() => !document.querySelector('[data-testid=scenario-running]')
    && document.querySelector('[data-testid=scenario-progress]')?.dataset.steps !== '0');
}
