// Time display formats as Wireshark's View → Time Display Format (#26): UTC, local time in the
// viewer's zone (two zones), seconds since the first, the previous and the previous displayed
// frame; the choice is remembered; a pasted time of day never becomes 1970-01-01.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { openApp } from './helpers.mjs';

const corpus = (p) => fileURLToPath(new URL(`../data/corpus/${p}`, import.meta.url));
const time = (page, i) => page.textContent(`[data-testid=packet-row][data-index="${i}"] .c-time`);

for (const [zone, local, label] of [
  ['Asia/Tokyo', '2026-11-22 10:45:36.806149', 'Asia/Tokyo'],
  ['America/New_York', '2026-11-21 20:45:36.806149', 'America/New_York'],
]) {
  test(`time formats in ${zone}`, async () => {
    const { browser, page, errors } = await openApp({ timezoneId: zone });
    try {
      await page.setInputFiles('[data-testid=file-input]', corpus('linux-frr/host-v2-join-leave.pcap'));
      await page.waitForSelector('[data-testid=packet-row][data-index="2"]');
      assert.equal(await time(page, 1), '2026-11-22 01:45:36.806149', 'UTC by default');
      assert.match(await page.textContent('.c-time[role=columnheader]'), /UTC/);
      await page.selectOption('[data-testid=time-format]', 'local');
      await page.waitForFunction(() => document.querySelector('.c-time[role=columnheader]').textContent.includes('/'));
      assert.equal(await time(page, 1), local);
      assert.match(await page.textContent('.c-time[role=columnheader]'), new RegExp(label));
      await page.selectOption('[data-testid=time-format]', 'relative');
      assert.equal(await time(page, 2), '1.992021');
      await page.selectOption('[data-testid=time-format]', 'delta');
      assert.equal(await time(page, 2), '1.000009');
      // Since the previous displayed frame: with frame 2 hidden, frame 3 counts from frame 1.
      await page.selectOption('[data-testid=time-format]', 'delta-displayed');
      await page.fill('[data-testid=packet-filter]', 'frame.number != 2');
      await page.waitForSelector('[data-testid=displayed-count][data-displayed="' + (await page.getAttribute('[data-testid=displayed-count]', 'data-total') - 1) + '"]');
      assert.equal(await time(page, 2), '1.992021');
      // Remembered on reload.
      await page.reload();
      await page.waitForSelector('[data-testid=tab-inspector]');
      assert.equal(await page.inputValue('[data-testid=time-format]'), 'delta-displayed');
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });
}

test('a pasted tcpdump line without a date shows the time of day, never 1970-01-01', async () => {
  const { browser, page, errors } = await openApp();
  try {
    const dump = [
      '12:34:56.789012 IP 10.0.0.11 > 224.2.2.1: igmp v2 report 224.2.2.1',
      '\t0x0000:  4600 0020 0000 4000 0102 3ad5 0a00 000b',
      '\t0x0010:  e002 0201 9404 0000 1600 09fb e002 0201',
    ].join('\n');
    await page.fill('[data-testid=hex-input]', dump);
    await page.waitForSelector('[data-testid=packet-row][data-index="0"]');
    assert.equal(await time(page, 0), '12:34:56.789012');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
