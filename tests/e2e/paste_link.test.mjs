// Pastes that do not start with Ethernet (#27): a bare IGMP message, a tcpdump -i any dump, the
// link-type choice beside the paste box, and a problem that moves the cursor to its place.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openApp, shot } from './helpers.mjs';

const data = (p) => readFileSync(fileURLToPath(new URL(`../data/paste-link/${p}`, import.meta.url)), 'utf8');

test('a bare IGMP message is read as one; Auto says so; the choice reads it as the user says', async () => {
  const { browser, page, errors } = await openApp();
  try {
    await page.fill('[data-testid=hex-input]', data('bare-v2-report.colon.txt'));
    await page.waitForSelector('[data-field="igmp.maddr"]');
    const auto = page.locator('[data-testid=paste-link-auto]');
    assert.equal(await auto.getAttribute('data-links'), 'igmp');
    assert.match(await auto.textContent(), /IGMP message only/);
    assert.equal(await page.locator('[data-testid=diagnostic]').count(), 0);
    // The list says what the message is, as for any frame.
    assert.equal((await page.textContent('[data-testid=packet-row] .c-group')).trim(), '239.1.2.3');
    assert.equal((await page.textContent('[data-testid=packet-row] .c-ver')).trim(), '2');
    await shot(page, 'inspector-bare-igmp');
    // Read as Ethernet instead: 8 bytes are not an Ethernet header, and the page says so.
    await page.selectOption('[data-testid=paste-link]', 'ethernet');
    await page.waitForSelector('[data-field="igmp.maddr"]', { state: 'detached' });
    assert.equal(await page.locator('[data-testid=paste-link-auto]').count(), 0);
    // The choice is remembered across a reload.
    await page.reload();
    await page.waitForSelector('[data-testid=paste-link]');
    assert.equal(await page.inputValue('[data-testid=paste-link]'), 'ethernet');
    await page.selectOption('[data-testid=paste-link]', 'auto');
    await page.waitForSelector('[data-field="igmp.maddr"]');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('a tcpdump -i any dump is read with its Linux cooked v2 header', async () => {
  const { browser, page } = await openApp({ lang: 'ja' });
  try {
    await page.fill('[data-testid=hex-input]', data('sll2.tcpdump-XX.txt'));
    await page.waitForSelector('[data-field="sll2.pkttype"], [data-field^="sll"]');
    assert.equal(await page.locator('[data-testid=paste-link-auto]').getAttribute('data-links'), 'sll2');
    assert.match(await page.textContent('[data-testid=paste-link-auto]'), /自動判定の結果/);
    assert.equal(await page.locator('[data-testid=packet-row]').count(), 3);
  } finally {
    await browser.close();
  }
});

test('clicking a problem puts the cursor at its line and column in the paste box', async () => {
  const { browser, page } = await openApp();
  try {
    const text = '01 00 5e 00 00 16\n02 00 zz 00 00 01\n';
    await page.fill('[data-testid=hex-input]', text);
    const go = page.locator('[data-testid=problem-go]').first();
    await go.waitFor();
    const line = Number(await go.getAttribute('data-line'));
    const column = Number(await go.getAttribute('data-column'));
    assert.equal(line, 2);
    await go.click();
    const caret = await page.$eval('[data-testid=hex-input]', (el) => [document.activeElement === el, el.selectionStart]);
    const lines = text.split('\n');
    assert.deepEqual(caret, [true, lines[0].length + 1 + column - 1]);
  } finally {
    await browser.close();
  }
});

test('a typo in a tcpdump -XX dump leaves its bytes unknown: ?? in the hex, "unknown" in the tree, no bad checksum', async () => {
  const { browser, page, errors } = await openApp();
  try {
    const dump = [
      '22:13:20.250000 IP 192.168.1.10 > 224.10.10.10: igmp v2 report 224.10.10.10',
      '\t0x0000:  0100 5e0a 0a0a 0200 0000 0001 0800 46c0  ..^...........F.',
      '\t0x0010:  0020 0000 4000 0102 3851 c0a8 010a e00a  ....@...8Q......',
      '\t0x0020:  0a0a 9404 0000 1600 ffOa e00a 0a0a       ..............',
    ].join('\n');
    await page.fill('[data-testid=hex-input]', dump);
    await page.waitForSelector('[data-field="igmp.maddr"]');
    // The frame keeps its 46 bytes; the 6 after the typo are unknown.
    assert.equal(await page.locator('[data-testid=hex-pane] [data-offset]').count(), 46);
    const unknown = page.locator('[data-testid=hex-pane] [data-unknown=true]');
    assert.equal(await unknown.count(), 6);
    assert.equal((await unknown.first().textContent()).trim(), '??');
    assert.equal(await unknown.first().getAttribute('data-offset'), '40');
    assert.match(await page.textContent('[data-field="igmp.maddr"]'), /unknown/);
    const codes = await page.locator('[data-testid=diagnostic]').evaluateAll((els) => els.map((e) => e.dataset.code));
    assert.deepEqual(codes, ['paste.unknown_bytes']);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
