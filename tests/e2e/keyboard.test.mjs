// Keyboard and screen reader (#29): Enter or Space on a field-tree row selects that field and the
// focus stays on the row (it used to fall to <body> and the tree scrolled to its top).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp } from './helpers.mjs';

const V2_REPORT = '01005e0a0a0a020000000001080046c000200000400001023851c0a8010ae00a0a0a940400001600ffeae00a0a0a';

test('Enter and Space on a tree row select it and keep the focus there', async () => {
  const { browser, page, errors } = await openApp();
  try {
    await page.fill('[data-testid=hex-input]', V2_REPORT);
    await page.waitForSelector('[data-field="igmp.maddr"]');
    await page.focus('[role=treeitem][tabindex="0"]');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    for (const key of ['Enter', ' ']) {
      const before = await page.evaluate(() => document.activeElement.dataset.field);
      await page.keyboard.press(key);
      await page.waitForFunction((f) => document.querySelector(`[role=treeitem][data-field="${f}"]`)?.getAttribute('aria-selected') === 'true', before);
      await page.waitForTimeout(50);
      const now = await page.evaluate(() => [document.activeElement.getAttribute('role'), document.activeElement.dataset.field]);
      assert.deepEqual(now, ['treeitem', before], key);
      await page.keyboard.press('ArrowDown');
    }
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
