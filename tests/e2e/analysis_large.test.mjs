// The Analysis view of a million frames (#26): the analysis runs in a worker, so no main-thread
// task passes 100 ms, opening included; its lanes draw every message (binned per lane and pixel
// column, each mark saying how many it stands for) and every group is on a page. Its counts
// equal the native engine's (`igmpwb analyze --json` on the same file).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, busyPcapOf, shot } from './helpers.mjs';

function observeLongTasks() {
  window.__longest = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
  }).observe({ type: 'longtask', buffered: true });
}

// The sum of the marks' counts on every lane page.
async function markedOnEveryPage(page) {
  let sum = 0;
  for (;;) {
    sum += await page.$$eval('[data-testid=analysis-timeline] circle.mark', (ms) => ms.reduce((a, m) => a + Number(m.dataset.count), 0));
    const next = page.locator('[data-testid=analysis-pager][data-list=lanes] [data-testid=analysis-page-next]');
    if (await next.count() === 0 || await next.isDisabled()) return sum;
    const last = await page.getAttribute('[data-testid=analysis-pager][data-list=lanes]', 'data-last');
    await next.click();
    await page.waitForFunction((l) => document.querySelector('[data-testid=analysis-pager][data-list=lanes]')?.dataset.last !== l, last);
  }
}

test('analysing a million frames never blocks the page, draws every message and agrees with the CLI', async () => {
  const { browser, page, errors } = await openApp({ init: observeLongTasks });
  const dir = mkdtempSync(join(tmpdir(), 'igmpwb-'));
  try {
    const n = 1000000;
    const file = join(dir, 'busy.pcap');
    writeFileSync(file, busyPcapOf(n));
    // The native engine's answer on the same file.
    const cli = spawnSync('cargo', ['run', '-q', '--bin', 'igmpwb', '--', 'analyze', '--json', file], { encoding: 'utf8', maxBuffer: 1 << 30 });
    const native = JSON.parse(cli.stdout);
    const bySeverity = (s) => native.findings.filter((f) => f.severity === s).length;

    await page.setInputFiles('[data-testid=file-input]', file);
    await page.waitForSelector(`[data-testid=displayed-count][data-total="${n}"]`, { timeout: 180000 });
    await page.waitForTimeout(500);
    await page.evaluate(() => { window.__longest = 0; });
    const t0 = Date.now();
    await page.click('[data-testid=analysis-open]');
    await page.waitForSelector('[data-testid=analysis-timeline]', { timeout: 300000 });
    const ms = Date.now() - t0;
    await page.waitForTimeout(300);
    const longest = Math.round(await page.evaluate(() => window.__longest));
    console.log(`# figure analysis_1m_opened_to_drawn_ms: ${ms}`);
    console.log(`# figure analysis_1m_longest_main_thread_task_ms: ${longest}`);
    assert.ok(longest <= 100, `a main-thread task took ${longest} ms`);

    const summary = '[data-testid=analysis-summary]';
    assert.match(await page.textContent(summary), new RegExp(`^${n} frames`));
    assert.equal(Number(await page.getAttribute(summary, 'data-errors')), bySeverity('error'));
    assert.equal(Number(await page.getAttribute(summary, 'data-warnings')), bySeverity('warning'));
    assert.equal(Number(await page.getAttribute(summary, 'data-infos')), bySeverity('info'));
    // Every message in the window is drawn: the marks' counts add up to it, on every lane page.
    const win = '[data-testid=analysis-window]';
    const messages = Number(await page.getAttribute(win, 'data-messages'));
    assert.equal(messages, n, 'every frame is an IGMP message');
    assert.equal(await markedOnEveryPage(page), messages);
    // Every group is on a page: 64 groups, 5 a page, with the note.
    const groups = '[data-testid=analysis-pager][data-list=groups]';
    assert.equal(Number(await page.getAttribute(groups, 'data-total')), native.groups.length);
    const charted = new Set();
    for (;;) {
      for (const g of await page.$$eval('[data-testid=membership-chart] figure', (fs) => fs.map((f) => f.dataset.group))) charted.add(g);
      const next = page.locator(`${groups} [data-testid=analysis-page-next]`);
      if (await next.isDisabled()) break;
      const first = await page.getAttribute(groups, 'data-first');
      await next.click();
      await page.waitForFunction((f) => document.querySelector('[data-testid=analysis-pager][data-list=groups]')?.dataset.first !== f, first);
    }
    assert.deepEqual([...charted].sort(), native.groups.map((g) => g.group).sort());
    // Zoomed in: a narrower window, fewer messages per mark, still all of them.
    await page.evaluate(() => { window.__longest = 0; });
    for (let i = 0; i < 6; i++) {
      const to = await page.getAttribute(win, 'data-to');
      await page.click('[data-testid=analysis-zoom-in]');
      await page.waitForFunction((t) => document.querySelector('[data-testid=analysis-window]')?.dataset.to !== t, to);
    }
    const from = Number(await page.getAttribute(win, 'data-from'));
    const to = Number(await page.getAttribute(win, 'data-to'));
    assert.ok(Math.abs((to - from) - 999.999 / 64) < 0.01, `${from}–${to}`);
    const inWindow = Number(await page.getAttribute(win, 'data-messages'));
    assert.ok(inWindow > 0 && inWindow < messages / 32, `${inWindow} messages in the window`);
    await shot(page, 'analysis-1m-zoomed');
    assert.ok(await page.evaluate(() => window.__longest) <= 100);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
