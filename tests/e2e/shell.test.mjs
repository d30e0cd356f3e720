// The app shell: it loads offline from 127.0.0.1, switches language (and <html lang>), and
// remembers the choice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, shot } from './helpers.mjs';

test('the shell renders and switches to Japanese, remembering the choice', async () => {
  const { browser, page, errors } = await openApp();
  try {
    assert.match(await page.textContent('h1'), /IGMP Workbench/);
    for (const id of ['tab-inspector', 'tab-builder', 'tab-scenarios', 'lang-ja', 'lang-en']) {
      assert.equal(await page.locator(`[data-testid=${id}]`).count(), 1, id);
    }
    await shot(page, 'shell-en');
    await page.click('[data-testid=lang-ja]');
    await page.waitForFunction(() => document.documentElement.lang === 'ja');
    assert.match(await page.textContent('[data-testid=tab-inspector]'), /インスペクタ/);
    await shot(page, 'shell-ja');
    await page.reload();
    await page.waitForSelector('[data-testid=tab-inspector]');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ja');
    await page.click('[data-testid=tab-about]');
    assert.match(await page.textContent('[data-testid=about]'), /RFC 3376/);
    assert.match(await page.textContent('[data-testid=version]'), /\d+\.\d+\.\d+/);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('nothing is requested from outside 127.0.0.1', async () => {
  const { browser, page } = await openApp();
  const outside = [];
  // The import worker's script is a blob: URL of the page's own origin (made in the page).
  page.on('request', (r) => { if (!/^(blob:)?http:\/\/127\.0\.0\.1[:/]/.test(r.url())) outside.push(r.url()); });
  try {
    await page.reload();
    await page.waitForSelector('[data-testid=tab-inspector]');
    await page.click('[data-sample=v3-report-ssm]');
    assert.deepEqual(outside, []);
  } finally {
    await browser.close();
  }
});
