// Phones (WCAG 1.4.10 Reflow, #29): at 320, 360, 390 (and a tablet's 768) CSS px no screen scrolls sideways; the
// Inspector's panes stack, the packet list shows No., version, type and group, the bytes come 8
// to a line; the Builder's fields take one column; the Scenarios' panels scroll inside themselves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { URL, shot } from './helpers.mjs';

const V2_REPORT = '01005e0a0a0a020000000001080046c000200000400001023851c0a8010ae00a0a0a940400001600ffeae00a0a0a';

for (const width of [320, 360, 390]) {
  test(`no screen scrolls sideways at ${width} px, and each reflows`, async () => {
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium' });
    try {
      const page = await browser.newPage({ viewport: { width, height: 740 }, isMobile: true, hasTouch: true });
      await page.goto(URL);
      await page.fill('[data-testid=hex-input]', V2_REPORT);
      await page.waitForSelector('[data-field="igmp.maddr"]');
      const sideways = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      // Inspector.
      assert.equal(await sideways(), 0, 'inspector');
      const row = '[data-testid=packet-row]';
      for (const hidden of ['c-time', 'c-src', 'c-dst', 'c-summary']) {
        assert.equal(await page.locator(`${row} .${hidden}`).first().isVisible(), false, hidden);
      }
      for (const shown of ['c-no', 'c-ver', 'c-type', 'c-group']) {
        assert.equal(await page.locator(`${row} .${shown}`).first().isVisible(), true, shown);
      }
      const perLine = await page.$eval('[data-testid=hex-pane] .hexline .bytes', (el) => {
        const tops = [...el.children].map((b) => Math.round(b.getBoundingClientRect().top));
        return tops.filter((t) => t === tops[0]).length;
      });
      assert.equal(perLine, 8);
      // The tree above the bytes, not beside them.
      const [tree, hex] = await page.$$eval('.detail .tree, [data-testid=hex-pane]', (els) => els.map((e) => e.getBoundingClientRect()));
      assert.ok(hex.top >= tree.bottom - 1, `tree ${tree.bottom} hex ${hex.top}`);
      if (width === 360) await shot(page, 'phone-inspector');
      // The MAC panel's binary line wraps between octets, never inside one (#28).
      await page.fill('[data-testid=mac-input]', '239.255.0.10');
      const octets = await page.$$eval('.mac .binary .octet', (os) => os.map((o) => o.getClientRects().length));
      assert.deepEqual(octets, [1, 1, 1, 1], 'each octet on one line');
      assert.equal(await sideways(), 0, 'the MAC panel fits');
      // Builder: label above its input.
      await page.click('[data-testid=tab-builder]');
      await page.waitForSelector('[data-testid=builder-field]');
      assert.equal(await sideways(), 0, 'builder');
      const [label, input] = await page.$$eval('.bfield:first-child label, .bfield:first-child input', (els) => els.map((e) => e.getBoundingClientRect()));
      assert.ok(input.top >= label.bottom - 1, 'one column');
      // Scenarios, and About.
      await page.click('[data-testid=tab-scenarios]');
      await page.waitForSelector('[data-testid=topology]');
      assert.equal(await sideways(), 0, 'scenarios');
      if (width === 360) await shot(page, 'phone-scenarios');
      await page.click('[data-testid=tab-about]');
      assert.equal(await sideways(), 0, 'about');
    } finally {
      await browser.close();
    }
  });
}

test('tree rows and their twisties are 24 px targets at every width (WCAG 2.5.8)', async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium' });
  try {
    for (const viewport of [{ width: 360, height: 740 }, { width: 1366, height: 768 }]) {
      const page = await browser.newPage({ viewport });
      await page.goto(URL);
      await page.fill('[data-testid=hex-input]', V2_REPORT);
      await page.waitForSelector('[data-field="igmp.maddr"]');
      const sizes = await page.$$eval('[role=treeitem], .tree button.twisty', (els) =>
        els.map((e) => { const r = e.getBoundingClientRect(); return [e.className, Math.round(r.width), Math.round(r.height)]; }));
      assert.ok(sizes.length > 10);
      for (const [what, w, h] of sizes) {
        assert.ok(w >= 24 && h >= 24, `${viewport.width}: ${what} is ${w}×${h}`);
      }
      await page.close();
    }
  } finally {
    await browser.close();
  }
});

test('a tablet at 768 px (touch): nothing scrolls sideways, the list keeps its Summary and the bytes come 16 to a line, all visible', async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium' });
  try {
    const page = await browser.newPage({ viewport: { width: 768, height: 1024 }, isMobile: true, hasTouch: true });
    await page.goto(URL);
    await page.fill('[data-testid=hex-input]', V2_REPORT);
    await page.waitForSelector('[data-field="igmp.maddr"]');
    const sideways = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.equal(await sideways(), 0, 'inspector');
    assert.equal(await page.locator('[data-testid=packet-row] .c-summary').first().isVisible(), true, 'the Summary column');
    const cells = await page.$$eval('[data-testid=hex-pane] .hexline:first-child .bytes .byte', (els) => {
      const pane = els[0].closest('[data-testid=hex-pane]').getBoundingClientRect();
      const tops = els.map((b) => Math.round(b.getBoundingClientRect().top));
      return { perLine: tops.filter((t) => t === tops[0]).length, inside: els.every((b) => b.getBoundingClientRect().right <= pane.right + 1) };
    });
    assert.deepEqual(cells, { perLine: 16, inside: true });
    for (const tab of ['builder', 'scenarios', 'lessons', 'about']) {
      await page.click(`[data-testid=tab-${tab}]`);
      assert.equal(await sideways(), 0, tab);
    }
  } finally {
    await browser.close();
  }
});
