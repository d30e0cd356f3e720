// Benchmark (scripts/bench.sh), in headless Chromium, with a PerformanceObserver on `longtask`
// (Chromium reports every task over 50 ms):
//  - FILE (the 1M-frame realistic capture bench/gen-big-pcap.py writes): the Analysis view, from
//    the click on "Analyse capture" to its timeline drawn, and the longest main-thread task;
//  - a 2 MB paste of `tcpdump -xx` text (one v2 report per frame, each with its summary line),
//    from the text put in the box to the packet list holding every frame, and the longest task.
// Figures, not assertions: the README's benchmark table quotes them.
import { openApp } from '../e2e/helpers.mjs';

const file = process.env.FILE;
const observe = () => {
  window.__longest = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
  }).observe({ type: 'longtask', buffered: true });
};
const settle = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));

if (file) {
  // Only the first line of an error: a failed fill would print the whole 2 MB.
  const { browser, page } = await openApp({ init: observe });
  try {
    await page.setInputFiles('[data-testid=file-input]', file);
    await page.waitForSelector('[data-testid=import-status][data-load-ms]', { timeout: 300000 });
    await page.waitForTimeout(1000);
    await page.evaluate(() => { window.__longest = 0; });
    const t0 = Date.now();
    await page.click('[data-testid=analysis-open]');
    await page.waitForSelector('[data-testid=analysis-timeline]', { timeout: 600000 });
    await settle(page);
    const ms = Date.now() - t0;
    await page.waitForTimeout(300);
    const longest = Math.round(await page.evaluate(() => window.__longest));
    console.log(`analysis of ${file}: opened -> drawn ${ms} ms, longest main-thread task ${longest || 'none over 50'} ms`);
  } catch (e) {
    console.log(`paste benchmark failed: ${String(e.message).split('\n')[0]}`);
  } finally {
    await browser.close();
  }
}

// About 2 MB: a tcpdump -xx dump, summary line and three offset lines per 46-byte frame.
const hex = '01005e0a0a0a020000000001080046c000200000400001023851c0a8010ae00a0a0a940400001600ffeae00a0a0a';
const lines = [];
for (let i = 0, off = 0; off < 16; i++) {
  const chunk = hex.slice(i * 32, i * 32 + 32);
  if (!chunk) break;
  const words = chunk.match(/.{1,4}/g).join(' ');
  lines.push(`\t0x${(i * 16).toString(16).padStart(4, '0')}:  ${words}`);
  off = i + 1;
  if (i * 32 + 32 >= hex.length) break;
}
let text = '';
let frames = 0;
while (text.length < 2_000_000) {
  const s = frames % 60;
  text += `12:00:${String(s).padStart(2, '0')}.${String(frames % 1000000).padStart(6, '0')} IP 192.168.1.10 > 224.10.10.10: igmp v2 report 224.10.10.10\n${lines.join('\n')}\n`;
  frames++;
}
{
  const { browser, page } = await openApp({ init: observe });
  try {
    await page.evaluate(() => { window.__longest = 0; });
    const t0 = Date.now();
    // The text lands in the box as a paste would, with one input event (Playwright's fill
    // types through the accessibility layer, which takes minutes for 2 MB).
    await page.$eval('[data-testid=hex-input]', (el, t) => {
      el.value = t;
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, text);
    await page.waitForSelector(`[data-testid=displayed-count][data-total="${frames}"]`, { timeout: 300000 });
    await settle(page);
    const ms = Date.now() - t0;
    await page.waitForTimeout(300);
    const longest = Math.round(await page.evaluate(() => window.__longest));
    console.log(`paste of ${text.length} bytes (${frames} frames of tcpdump -xx): to all listed ${ms} ms, longest main-thread task ${longest || 'none over 50'} ms`);
  } catch (e) {
    console.log(`paste benchmark failed: ${String(e.message).split('\n')[0]}`);
  } finally {
    await browser.close();
  }
}
