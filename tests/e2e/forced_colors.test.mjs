// Forced colours (#29): with the system's colours forced (Windows High Contrast), what only a
// background marked stays visible: the selected tab, packet row and field get an outline in
// the system's Highlight colour.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, shot } from './helpers.mjs';

test('forced colours: the selected tab, packet row and field are outlined, not only coloured', async () => {
  const { browser, page, errors } = await openApp();
  try {
    await page.emulateMedia({ forcedColors: 'active' });
    assert.equal(await page.evaluate(() => matchMedia('(forced-colors: active)').matches), true);
    await page.fill('[data-testid=hex-input]', '01005e0a0a0a020000000001080046c000200000400001023851c0a8010ae00a0a0a940400001600ffeae00a0a0a');
    await page.waitForSelector('[data-testid=packet-row][data-index="0"]');
    await page.click('[data-testid=packet-row][data-index="0"]');
    await page.click('[data-field="igmp.maddr"]');
    const outline = (sel) => page.$eval(sel, (el) => { const s = getComputedStyle(el); return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2; });
    assert.ok(await outline('[data-testid=tab-inspector]'), 'the selected tab');
    assert.ok(await outline('[data-testid=packet-row].selected'), 'the selected row');
    assert.ok(await outline('.field.selected'), 'the selected field');
    assert.equal(await outline('[data-testid=tab-builder]'), false, 'an unselected tab has none');
    await shot(page, 'forced-colors-inspector');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
