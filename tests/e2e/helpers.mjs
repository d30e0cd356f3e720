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

// A generated pcap of `n` frames: IGMPv2 and IGMPv3 reports alternating (every other frame a v2
// report for 224.10.10.10), 1 000 frames a second. Big captures are made in the tests, not
// committed.
export const V2_REPORT = Buffer.from('01005e0a0a0a020000000001080046c000200000400001023851c0a8010ae00a0a0a940400001600ffeae00a0a0a', 'hex');
const V3_REPORT = Buffer.from('01005e000016020000000011080046c00028000040000102f9ee0a00000be0000016940400002200f6f90000000104000000e0030301', 'hex');
export function pcapOf(n) {
  const frames = [V2_REPORT, V3_REPORT];
  const size = 24 + Array.from({ length: n }, (_, i) => 16 + frames[i % 2].length).reduce((a, b) => a + b, 0);
  const buf = Buffer.alloc(size);
  buf.writeUInt32LE(0xa1b2c3d4, 0); buf.writeUInt16LE(2, 4); buf.writeUInt16LE(4, 6);
  buf.writeUInt32LE(262144, 16); buf.writeUInt32LE(1, 20);
  let o = 24;
  for (let i = 0; i < n; i++) {
    const f = frames[i % 2];
    buf.writeUInt32LE(1700000000 + Math.floor(i / 1000), o); buf.writeUInt32LE((i % 1000) * 1000, o + 4);
    buf.writeUInt32LE(f.length, o + 8); buf.writeUInt32LE(f.length, o + 12);
    f.copy(buf, o + 16);
    o += 16 + f.length;
  }
  return buf;
}
