// Keyboard selection in the packet list, and what copying says (issue #16: "Copy hex" and
// "Copy frame as…" gave no sign, and "Share link" did not copy).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp } from './helpers.mjs';

async function withClipboard(opts = {}) {
  const app = await openApp(opts);
  await app.page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  return app;
}

test('End and Home select the last and the first packet', async () => {
  const { browser, page, errors } = await openApp();
  try {
    await page.click('[data-sample=leave-then-gsq]');
    await page.waitForSelector('[data-testid=packet-row][data-index="1"]');
    await page.focus('.list');
    await page.keyboard.press('End');
    await page.waitForSelector('[data-testid=packet-row][data-index="1"][aria-selected=true]');
    await page.keyboard.press('Home');
    await page.waitForSelector('[data-testid=packet-row][data-index="0"][aria-selected=true]');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('copying a frame and sharing a link say so, and the link is on the clipboard', async () => {
  const { browser, page, errors } = await withClipboard();
  try {
    await page.click('[data-sample=leave-then-gsq]');
    await page.waitForSelector('[data-testid=packet-row][data-index="1"]');
    await page.selectOption('[data-testid=copy-as]', 'hex');
    await page.waitForFunction(() => document.querySelector('.panel.packets [data-testid=copy-status]').textContent.includes('Copied'));
    assert.equal(await page.getAttribute('.panel.packets [data-testid=copy-status]', 'aria-live'), 'polite');
    assert.match(await page.evaluate(() => navigator.clipboard.readText()), /^01005e/);
    await page.click('[data-testid=share-frames]');
    await page.waitForFunction(() => document.querySelector('.panel.packets [data-testid=copy-status]').textContent.includes('Link copied'));
    assert.match(await page.evaluate(() => navigator.clipboard.readText()), /#capture=/);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('the Builder copies its link and says so in Japanese', async () => {
  const { browser, page, errors } = await withClipboard({ lang: 'ja' });
  try {
    await page.click('[data-testid=tab-builder]');
    await page.click('[data-testid=builder] >> text=共有リンク');
    await page.waitForFunction(() => document.querySelector('[data-testid=builder] [data-testid=copy-status]').textContent.includes('リンクをクリップボードにコピーしました'));
    assert.match(await page.evaluate(() => navigator.clipboard.readText()), /#spec=/);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('/ focuses the filter and Ctrl+G goes to a packet number', async () => {
  const { browser, page, errors } = await openApp();
  try {
    await page.click('[data-sample=leave-then-gsq]');
    await page.waitForSelector('[data-testid=packet-row][data-index="1"]');
    await page.focus('.list');
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'packet-filter');
    await page.focus('.list');
    await page.keyboard.press('Control+g');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'goto-packet');
    await page.keyboard.type('2');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=packet-row][data-index="1"][aria-selected=true]');
    // Focus is back on the list, so the arrows go on from there.
    await page.keyboard.press('ArrowUp');
    await page.waitForSelector('[data-testid=packet-row][data-index="0"][aria-selected=true]');
    await page.keyboard.press('Control+g');
    await page.keyboard.type('99');
    await page.keyboard.press('Enter');
    assert.equal(await page.getAttribute('[data-testid=goto-packet]', 'aria-invalid'), 'true');
    assert.equal(await page.getAttribute('[data-testid=packet-row][data-index="0"]', 'aria-selected'), 'true');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('the field tree\'s expand buttons are named after their field, in the current language', async () => {
  for (const [lang, word] of [['en', 'Collapse'], ['ja', '折りたたむ']]) {
    const { browser, page, errors } = await openApp({ lang });
    try {
      await page.click('[data-sample=leave-then-gsq]');
      await page.waitForSelector('[data-field="igmp.maddr"]');
      const names = await page.$$eval('[data-testid=field-tree] button.twisty', (bs) => bs.map((b) => b.getAttribute('aria-label')));
      assert.ok(names.length > 2, `${names.length} buttons`);
      for (const n of names) assert.ok(n.startsWith(word) && n.length > word.length + 2, `${lang}: ${n}`);
      // The name follows the state.
      await page.click('[data-testid=field-tree] button.twisty >> nth=0');
      assert.equal(await page.getAttribute('[data-testid=field-tree] button.twisty >> nth=0', 'aria-expanded'), 'false');
      assert.ok(!(await page.getAttribute('[data-testid=field-tree] button.twisty >> nth=0', 'aria-label')).startsWith(word));
      // The rows' names are their own: the twisty's "Collapse …" does not leak into them.
      assert.equal(await page.getByRole('treeitem', { name: new RegExp(`^${word}`) }).count(), 0);
      assert.ok(await page.getByRole('treeitem').count() > 5);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  }
});
