import { chromium } from 'playwright-core';
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--headless=new', '--no-sandbox', '--disable-gpu'] });
for (let i = 0; i < 3; i++) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  await context.addInitScript(() => { window.__tasks = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__tasks.push([Math.round(e.startTime), Math.round(e.duration)]); }).observe({ type: 'longtask', buffered: true }); });
  const page = await context.newPage();
  await page.goto('http://127.0.0.1:8091/index.html', { waitUntil: 'commit' });
  await page.waitForSelector('[data-testid=tab-builder]');
  const atDraw = await page.evaluate(() => [Math.round(performance.now()), JSON.stringify(window.__tasks)]);
  await page.evaluate(() => { window.__tasks = []; });
  const t = await page.evaluate(() => new Promise((res) => { const t0 = performance.now(); document.querySelector('[data-testid=tab-builder]').click(); const check = () => document.querySelector('[data-testid=builder]') ? res(performance.now() - t0) : requestAnimationFrame(check); check(); }));
  await page.waitForTimeout(300);
  const tasks = await page.evaluate(() => JSON.stringify(window.__tasks));
  console.log({ atDraw, builderMs: Math.round(t), tasks });
  await context.close();
}
await browser.close();
