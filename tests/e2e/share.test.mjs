// Share links of captures (#26): every frame with its time, the selection and the filter come
// back; a capture too big for a link is refused with a notice, never cut; the list always says
// how many frames it displays.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { openApp } from './helpers.mjs';

const corpus = (p) => fileURLToPath(new URL(`../data/corpus/${p}`, import.meta.url));

test('a capture link carries all 69 frames, their times, the selection and the filter', async () => {
  const { browser, page, errors } = await openApp();
  try {
    await page.setInputFiles('[data-testid=file-input]', corpus('linux-frr/bridge-querier-v2.pcap'));
    await page.waitForSelector('[data-testid=displayed-count][data-total="69"]');
    const firstTime = await page.textContent('[data-testid=packet-row][data-index="0"] .c-time');
    await page.fill('[data-testid=packet-filter]', 'igmp.type == 0x17');
    await page.waitForSelector('[data-testid=displayed-count][data-displayed="9"][data-total="69"]');
    // "Export displayed" writes the 9 Leaves the filter keeps, not the 69 frames.
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-displayed]')]);
    const pcap = readFileSync(await dl.path());
    let records = 0;
    for (let at = 24; at + 16 <= pcap.length; records++) at += 16 + pcap.readUInt32LE(at + 8);
    assert.equal(records, 9);
    await page.click('[data-testid=packet-row][data-index="56"]');
    await page.click('[data-testid=share-frames]');
    const url = await page.evaluate(() => location.href);
    assert.match(url, /#capture=[^;]+;sel=56;filter=/);
    const other = await browser.newPage();
    await other.goto(url);
    await other.waitForSelector('[data-testid=displayed-count][data-displayed="9"][data-total="69"]');
    assert.equal(await other.inputValue('[data-testid=packet-filter]'), 'igmp.type == 0x17');
    await other.waitForSelector('[data-testid=packet-row][data-index="56"][aria-selected=true]');
    await other.fill('[data-testid=packet-filter]', '');
    await other.waitForSelector('[data-testid=displayed-count][data-displayed="69"]');
    assert.equal(await other.textContent('[data-testid=packet-row][data-index="0"] .c-time'), firstTime, 'times kept');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('a capture too big for a link is refused with a notice, in the user language', async () => {
  const { browser, page, errors } = await openApp({ lang: 'ja' });
  try {
    await page.click('[data-testid=lang-ja]');
    // 300 frames of 400 pseudo-random bytes: far more than 64 KB of link once packed.
    let x = 7;
    const lines = [];
    for (let f = 0; f < 300; f++) {
      let hex = '01005e0a0a0a0200000000010800';
      for (let i = 0; i < 386; i++) {
        x ^= x << 13; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
        hex += (x & 0xff).toString(16).padStart(2, '0');
      }
      lines.push(hex);
    }
    await page.fill('[data-testid=hex-input]', lines.join('\n\n'));
    await page.waitForSelector('[data-testid=displayed-count][data-total="300"]');
    const before = await page.evaluate(() => location.hash);
    await page.click('[data-testid=share-frames]');
    await page.waitForSelector('[data-testid=share-too-big]');
    assert.match(await page.textContent('[data-testid=share-too-big]'), /300 フレーム/);
    assert.equal(await page.evaluate(() => location.hash), before, 'no link was made');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('a link pasted into an open tab is read; a bad link says why in Japanese, and Dismiss clears it', async () => {
  const { browser, page, errors } = await openApp({ lang: 'ja' });
  try {
    await page.click('[data-testid=lang-ja]');
    // Make a link in this tab, then open a fresh tab and paste the link into its address bar.
    await page.click('[data-sample=leave-then-gsq]');
    await page.waitForSelector('[data-testid=packet-row][data-index="1"]');
    await page.click('[data-testid=share-frames]');
    const link = await page.evaluate(() => location.href);
    const hash = link.slice(link.indexOf('#'));
    const other = await browser.newPage();
    await other.goto(link.slice(0, link.indexOf('#')));
    await other.waitForSelector('[data-testid=tab-inspector]');
    await other.evaluate((h) => { location.hash = h; }, hash);
    await other.waitForSelector('[data-testid=displayed-count][data-total="2"]');
    // A bad link: the reason in Japanese; Dismiss also removes the fragment.
    await other.click('[data-testid=lang-ja]');
    await other.evaluate(() => { location.hash = '#capture=%%%'; });
    await other.waitForSelector('[data-testid=share-error]');
    assert.match(await other.textContent('[data-testid=share-error]'), /base64url の文字ではありません/);
    await other.click('[data-testid=share-dismiss]');
    assert.equal(await other.evaluate(() => location.hash), '');
    await other.reload();
    await other.waitForSelector('[data-testid=tab-inspector]');
    assert.equal(await other.locator('[data-testid=share-error]').count(), 0, 'no error after a reload');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
