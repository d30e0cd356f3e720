// Big pastes (#26): decoded off the page's thread, so no main-thread task passes 100 ms; the
// frames listed are the ones the native engine reads from the same text; the tab survives 5 MB
// of hex digits (a frame longer than 65 535 bytes is cut there, with a message) and refuses
// 5 MB of text that is not hex with its reason instead of turning it into frames.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, shot } from './helpers.mjs';

function observeLongTasks() {
  window.__tasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__tasks.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: true });
}

// The text lands in the box as a paste would: one input event (Playwright's fill types through
// the accessibility layer, which takes minutes for megabytes). Returns the time the app's
// input handler took, and when it returned (page clock).
async function pasteText(page, text) {
  return page.$eval('[data-testid=hex-input]', (el, t) => {
    el.value = t;
    const before = performance.now();
    el.dispatchEvent(new Event('input', { bubbles: true }));
    const after = performance.now();
    return { handler: after - before, after };
  }, text);
}

// The longest main-thread task that started after `t` (page clock). The task that hands the
// test's 2 MB string to the page and sets the box's value (about 60 and 30 ms here) is the
// browser's and the test's, not the app's: the app's part of it is its input handler, timed
// apart.
async function longestAfter(page, t) {
  return Math.round(await page.evaluate((from) => Math.max(0, ...window.__tasks.filter(([s]) => s >= from).map(([, d]) => d)), t));
}

// About 2 MB of `tcpdump -xx`: a summary line and three offset lines per 46-byte v2 report.
function tcpdumpText(bytes) {
  const hex = '01005e0a0a0a020000000001080046c000200000400001023851c0a8010ae00a0a0a940400001600ffeae00a0a0a';
  const lines = [];
  for (let i = 0; i * 32 < hex.length; i++) {
    lines.push(`\t0x${(i * 16).toString(16).padStart(4, '0')}:  ${hex.slice(i * 32, i * 32 + 32).match(/.{1,4}/g).join(' ')}`);
  }
  const parts = [];
  let size = 0;
  for (let n = 0; size < bytes; n++) {
    const part = `12:00:${String(n % 60).padStart(2, '0')}.${String(n % 1000000).padStart(6, '0')} IP 192.168.1.10 > 224.10.10.10: igmp v2 report 224.10.10.10\n${lines.join('\n')}\n`;
    parts.push(part);
    size += part.length;
  }
  return { text: parts.join(''), frames: parts.length };
}

test('a 2 MB paste is decoded off the page: every frame listed, no main-thread task over 100 ms', async () => {
  const { browser, page, errors } = await openApp({ init: observeLongTasks });
  const dir = mkdtempSync(join(tmpdir(), 'igmpwb-'));
  try {
    const { text, frames } = tcpdumpText(2_000_000);
    // The native engine on the same text: one summary line per frame.
    const file = join(dir, 'paste.txt');
    writeFileSync(file, text);
    const cli = spawnSync('cargo', ['run', '-q', '--bin', 'igmpwb', '--', 'summary', file], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const native = cli.stdout.split('\n').filter((l) => l.trim()).length;
    assert.equal(native, frames);
    const t0 = Date.now();
    const { handler, after } = await pasteText(page, text);
    await page.waitForSelector(`[data-testid=displayed-count][data-total="${native}"]`, { timeout: 120000 });
    const ms = Date.now() - t0;
    await page.waitForTimeout(300);
    const longest = await longestAfter(page, after);
    console.log(`# figure paste_2mb_to_listed_ms: ${ms}`);
    console.log(`# figure paste_2mb_input_handler_ms: ${Math.round(handler)}`);
    console.log(`# figure paste_2mb_longest_main_thread_task_after_the_paste_ms: ${longest}`);
    assert.ok(handler <= 100, `the input handler took ${handler} ms`);
    assert.ok(longest <= 100, `a main-thread task took ${longest} ms`);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('5 MB of hex digits: the tab lives, the frame is cut at 65 535 bytes with a message', async () => {
  const { browser, page, errors } = await openApp({ init: observeLongTasks });
  try {
    await pasteText(page, '0123456789abcdef'.repeat(5_000_000 / 16));
    await page.waitForSelector('[data-testid=import-status] .problem', { timeout: 120000 });
    const status = await page.textContent('[data-testid=import-status]');
    console.log(`# 5 MB of hex: ${status.slice(0, 300)}`);
    assert.match(status, /65 ?535/);
    // The page still answers.
    await page.click('[data-testid=tab-builder]');
    await page.waitForSelector('[data-testid=builder]');
    assert.deepEqual(errors.filter((e) => /panicked|unreachable|RuntimeError|memory/.test(e)), []);
  } finally {
    await browser.close();
  }
});

test('5 MB of text that is not hex is refused with its reason, not turned into frames', async () => {
  const { browser, page, errors } = await openApp({ init: observeLongTasks });
  try {
    let seed = 7;
    const words = ['the', 'quick', 'brown', 'fox', 'jumps', 'over', 'lazy', 'dog', 'igmp', 'report', '0x16', 'face'];
    const parts = [];
    for (let n = 0; n < 5_000_000 / 6; n++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      parts.push(words[seed % words.length]);
    }
    await pasteText(page, parts.join(' '));
    await page.waitForSelector('[data-testid=import-status] .problem', { timeout: 120000 });
    const status = await page.textContent('[data-testid=import-status]');
    console.log(`# 5 MB of text: ${status.slice(0, 300)}`);
    assert.equal(await page.locator('[data-testid=packet-row]').count(), 0, 'no frames made of words');
    assert.deepEqual(errors.filter((e) => /panicked|unreachable|RuntimeError|memory/.test(e)), []);
  } finally {
    await browser.close();
  }
});

test('a 64 KB frame: its 4 096 hex lines scroll as a whole, each view drawn, no main-thread task over 100 ms', async () => {
  const { browser, page, errors } = await openApp({ init: observeLongTasks });
  try {
    // An Ethernet frame of 65 535 bytes (the largest a paste keeps): a header, then a payload
    // whose bytes count up, so that every line differs.
    const body = Array.from({ length: 65535 - 14 }, (_, i) => (i & 255).toString(16).padStart(2, '0')).join('');
    await pasteText(page, `01005e0101010200000000010800${body}`);
    await page.waitForSelector('[data-testid=packet-row]', { timeout: 60000 });
    await page.click('[data-testid=packet-row]');
    await page.waitForSelector('.hex-scroll.virtual .hex-grid[data-lines="4096"]');
    assert.ok(Number(await page.getAttribute('.hex-grid', 'data-drawn-lines')) <= 128, 'a window of lines is drawn');
    // Tasks from here on only (an observer reports a task after it ends, so the frame's first
    // drawing could be counted as the scroll's).
    await page.waitForTimeout(300);
    const t0 = await page.evaluate(() => performance.now());
    // Scrolled down a page at a time (PageDown, a wheel's fling), then dragged to 8 places
    // (the scrollbar's thumb): after each, the line at the top of the view is drawn (no blank
    // view), and no task is long.
    const blanks = await page.evaluate(async () => {
      const g = document.querySelector('.hex-scroll');
      const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const missing = [];
      const check = () => {
        const h = g.querySelector('.hexline').getBoundingClientRect().height;
        for (const y of [g.scrollTop, g.scrollTop + g.clientHeight - h]) {
          const line = Math.min(Math.floor(y / h) + 1, 4096);
          if (!g.querySelector(`.hexline[aria-rowindex="${line}"]`)) missing.push(line);
        }
      };
      for (let k = 0; k < 1000 && g.scrollTop + g.clientHeight < g.scrollHeight - 1; k++) {
        g.scrollTop += g.clientHeight;
        await frame();
        check();
      }
      for (const at of [0.5, 0.1, 0.9, 0.3, 0.7, 0, 0.25, 1]) {
        g.scrollTop = (g.scrollHeight - g.clientHeight) * at;
        await frame();
        check();
      }
      return missing;
    });
    assert.deepEqual(blanks, [], 'every view drawn');
    assert.equal((await page.textContent('.hexline[aria-rowindex="4096"] .off')).trim(), 'fff0');
    const longest = Math.round(Math.max(0, ...(await page.evaluate((t0) => window.__tasks.filter((t) => t[0] >= t0).map((t) => t[1]), t0))));
    console.log(`# figure hex_64k_scroll_longest_main_thread_task_ms: ${longest}`);
    assert.ok(longest <= 100, `a main-thread task took ${longest} ms while scrolling`);
    await shot(page, 'hex-64k-scrolled');
    // The keyboard goes back to the first byte, and the view follows it.
    await page.focus('.hex-grid');
    await page.keyboard.press('Control+Home');
    await page.waitForSelector('#hexbyte-0.cursor');
    assert.equal(await page.$eval('.hex-scroll', (g) => g.scrollTop), 0);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
