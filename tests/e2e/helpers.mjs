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

// A generated pcap of `n` frames an analysis has work in (1 000 frames a second): 2 000 hosts
// (10.1.x.y) each reporting (IGMPv2) for one of 64 groups (239.1.0.0–239.1.0.63), one frame in
// 97 a Leave, and a querier (10.0.0.1) sending a general query every 125 s. Every frame differs
// from its neighbours, so none is taken for a duplicate.
export function busyPcapOf(n) {
  const sum = (b, from, to) => {
    let s = 0;
    for (let i = from; i < to; i += 2) s += (b[i] << 8) | b[i + 1];
    while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
    return ~s & 0xffff;
  };
  const frame = (type, src, group, dst) => {
    const b = Buffer.alloc(46);
    b.set([0x01, 0x00, 0x5e, (dst >>> 16) & 0x7f, (dst >>> 8) & 0xff, dst & 0xff, 0x02, 0, (src >>> 24) & 0xff, (src >>> 16) & 0xff, (src >>> 8) & 0xff, src & 0xff, 0x08, 0x00], 0);
    b.set([0x46, 0xc0, 0x00, 0x20, 0, 0, 0x40, 0, 1, 2, 0, 0], 14);
    b.writeUInt32BE(src >>> 0, 26); b.writeUInt32BE(dst >>> 0, 30);
    b.set([0x94, 0x04, 0, 0], 34);
    b.writeUInt16BE(sum(b, 14, 38), 24);
    b[38] = type; b[39] = type === 0x11 ? 100 : 0;
    b.writeUInt32BE(group >>> 0, 42);
    b.writeUInt16BE(sum(b, 38, 46), 40);
    return b;
  };
  const size = 24 + n * (16 + 46);
  const buf = Buffer.alloc(size);
  buf.writeUInt32LE(0xa1b2c3d4, 0); buf.writeUInt16LE(2, 4); buf.writeUInt16LE(4, 6);
  buf.writeUInt32LE(262144, 16); buf.writeUInt32LE(1, 20);
  let o = 24;
  for (let i = 0; i < n; i++) {
    const h = i % 2000;
    const host = ((10 << 24) | (1 << 16) | ((h >> 8) << 8) | ((h & 0xff) + 1)) >>> 0;
    const group = ((239 << 24) | (1 << 16) | (h % 64)) >>> 0;
    let f;
    if (i % 125000 === 0) f = frame(0x11, 0x0a000001, 0, 0xe0000001);
    else if (i % 97 === 0) f = frame(0x17, host, group, 0xe0000002);
    else f = frame(0x16, host, group, group);
    buf.writeUInt32LE(1700000000 + Math.floor(i / 1000), o); buf.writeUInt32LE((i % 1000) * 1000, o + 4);
    buf.writeUInt32LE(46, o + 8); buf.writeUInt32LE(46, o + 12);
    f.copy(buf, o + 16);
    o += 16 + 46;
  }
  return buf;
}
