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

test('opening the analysis puts the focus on it; closing it puts the focus back on its button', async () => {
  const { browser, page, errors } = await openApp();
  try {
    const file = new URL('../data/corpus/linux-frr/host-v2-join-leave.pcap', import.meta.url).pathname;
    await page.setInputFiles('[data-testid=file-input]', file);
    await page.waitForSelector('[data-testid=packet-row]');
    await page.focus('[data-testid=analysis-open]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=analysis]');
    await page.waitForFunction(() => document.activeElement?.closest('[data-testid=analysis]'));
    assert.equal(await page.evaluate(() => document.activeElement.tagName), 'H2');
    await page.focus('[data-testid=analysis-close]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=analysis]', { state: 'detached' });
    await page.waitForFunction(() => document.activeElement?.dataset.testid === 'analysis-open');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('dismissing a share-link error and removing a group record never leave the focus on <body>', async () => {
  const { browser, page, errors } = await openApp({ hash: '#spec=%%%not-base64' });
  try {
    await page.waitForSelector('[data-testid=share-error]');
    await page.focus('[data-testid=share-dismiss]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=builder]');
    await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'tab' && document.activeElement.getAttribute('aria-selected') === 'true');
    // A v3 report's records: remove the first of two, then the last one.
    await page.selectOption('[data-testid=builder-message]', 'v3-report');
    await page.waitForSelector('.record[data-record="0"] button');
    await page.click('[data-testid=builder-intent-add]');
    await page.waitForSelector('.record[data-record="1"] button');
    await page.focus('.record[data-record="0"] button');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.closest('.record')?.dataset.record === '0');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.dataset.testid === 'builder-intent-add');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('the timeline works from the keyboard: a packet is a named button that Enter opens in the Inspector; the time slider moves the clock', async () => {
  const { browser, page, errors } = await openApp();
  try {
    await page.click('[data-testid=tab-scenarios]');
    await page.selectOption('[data-testid=scenario-picker]', 'v2-join');
    await page.waitForTimeout(50);
    for (let i = 0; i < 4; i++) await page.click('[data-testid=scenario-step]');
    const packet = page.locator('[data-testid=timeline-packet]').first();
    assert.equal(await packet.getAttribute('role'), 'button');
    assert.equal(await packet.getAttribute('tabindex'), '0');
    assert.match(await packet.getAttribute('aria-label'), /general query.*Enter opens it in the Inspector/);
    // Reached with Tab from the zoom buttons.
    await page.focus('[data-testid=scenarios] .timeline-panel button');
    let reached = false;
    for (let i = 0; i < 10 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'timeline-packet');
    }
    assert.ok(reached, 'Tab reaches a timeline packet');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=tab-inspector][aria-selected=true]');
    await page.waitForSelector('[data-testid=packet-row]');
    // The time axis's keyboard twin is the time slider: → moves the clock.
    await page.click('[data-testid=tab-scenarios]');
    const before = Number(await page.textContent('[data-testid=scenario-time]'));
    await page.focus('.controls-bar .scrub');
    for (let i = 0; i < 5; i++) await page.keyboard.press('PageUp');
    const after = Number(await page.textContent('[data-testid=scenario-time]'));
    assert.ok(after > before, `the slider moved the clock: ${before} → ${after}`);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
