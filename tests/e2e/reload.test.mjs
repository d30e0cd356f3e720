// Nothing lost on reload (#29): the tab (in the address too, so that back and forward move
// between tabs), the Inspector's filter and selected frame, and the scenario's step, predict mode
// and score.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openApp, simulated } from './helpers.mjs';

const paste = readFileSync(fileURLToPath(new URL('../data/paste/host-v3-source-specific.tcpdump-v-XX.txt', import.meta.url)), 'utf8');
const selectedTab = (page) => page.getAttribute('[role=tab][aria-selected=true]', 'data-testid');
const progress = (page) => page.$eval('[data-testid=scenario-progress]', (e) => ({ ...e.dataset }));

test('a reload keeps the tab, the filter, the selected frame, the step, predict mode and the score', async () => {
  const { browser, page, errors } = await openApp();
  try {
    // The Inspector: six pasted frames, filtered to frames 2 to 6, the fourth frame chosen.
    await page.fill('[data-testid=hex-input]', paste);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=packet-row]').length === 6);
    await page.fill('[data-testid=packet-filter]', 'frame.number >= 2');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=packet-row]').length === 5);
    await page.click('[data-testid=packet-row][data-index="3"]');
    await page.waitForSelector('[data-testid=packet-row][data-index="3"][aria-selected=true]');
    // The Scenarios: predict mode, one question answered, two steps on.
    await page.click('[data-testid=tab-scenarios]');
    assert.match(page.url(), /#scenarios$/);
    await simulated(page);
    await page.click('[data-testid=predict-toggle]');
    for (let i = 0; i < 40 && (await page.locator('[data-testid=predict-choice]').count()) === 0; i++) {
      await page.click('[data-testid=scenario-step]');
    }
    await page.locator('[data-testid=predict-choice]').first().click();
    await page.waitForSelector('[data-testid=predict-result]');
    const before = await progress(page);
    const score = await page.$eval('[data-testid=predict-score]', (e) => [e.dataset.right, e.dataset.asked]);
    assert.equal(score[1], '1');

    await page.reload();
    await page.waitForSelector('[data-testid=tab-inspector]');
    assert.equal(await selectedTab(page), 'tab-scenarios', 'the tab');
    assert.match(page.url(), /#scenarios$/);
    await simulated(page);
    await page.waitForFunction((s) => document.querySelector('[data-testid=scenario-progress]')?.dataset.step === s, before.step);
    assert.equal((await progress(page)).steps, before.steps, 'the same scenario');
    assert.equal(await page.getAttribute('[data-testid=predict-toggle]', 'aria-pressed'), 'true', 'predict mode');
    assert.deepEqual(await page.$eval('[data-testid=predict-score]', (e) => [e.dataset.right, e.dataset.asked]), score, 'the score');

    await page.click('[data-testid=tab-inspector]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=packet-row]').length === 5);
    assert.equal(await page.inputValue('[data-testid=packet-filter]'), 'frame.number >= 2', 'the filter');
    await page.waitForSelector('[data-testid=packet-row][data-index="3"][aria-selected=true]');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('back and forward move between tabs, and the address names the tab', async () => {
  const { browser, page, errors } = await openApp();
  try {
    assert.match(page.url(), /#inspector$/, 'the first tab is named without a new history entry');
    await page.evaluate(() => { window.notReloaded = true; });
    await page.click('[data-testid=tab-builder]');
    assert.match(page.url(), /#builder$/);
    await page.click('[data-testid=tab-about]');
    assert.match(page.url(), /#about$/);
    await page.goBack();
    await page.waitForSelector('[data-testid=tab-builder][aria-selected=true]');
    await page.goBack();
    await page.waitForSelector('[data-testid=tab-inspector][aria-selected=true]');
    await page.goForward();
    await page.waitForSelector('[data-testid=tab-builder][aria-selected=true]');
    assert.match(page.url(), /#builder$/);
    assert.equal(await page.evaluate(() => window.notReloaded), true, 'moving between tabs never reloads the page');
    // An address naming a tab opens it.
    await page.goto(page.url().replace(/#builder$/, '#lessons'));
    await page.waitForSelector('[data-testid=tab-lessons][aria-selected=true]');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
