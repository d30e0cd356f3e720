// The Inspector, through the UI only: paste, hover, click, open a capture, language, garbage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { openApp, shot } from './helpers.mjs';

const V2_REPORT = '01005e0a0a0a020000000001080046c000200000400001023851c0a8010ae00a0a0a940400001600ffeae00a0a0a';
const corpus = (p) => fileURLToPath(new URL(`../data/corpus/${p}`, import.meta.url));

async function paste(page, text) {
  await page.fill('[data-testid=hex-input]', text);
}

test('paste a v2 report: the tree appears; hovering igmp.maddr highlights exactly its 4 bytes', async () => {
  const { browser, page, errors } = await openApp();
  try {
    await paste(page, V2_REPORT);
    await page.waitForSelector('[data-field="igmp.maddr"]');
    assert.match(await page.textContent('[data-testid=import-status]'), /hex stream/);
    const maddr = page.locator('[data-field="igmp.maddr"]');
    assert.equal(await maddr.getAttribute('data-start'), '42');
    assert.equal(await maddr.getAttribute('data-end'), '46');
    await maddr.hover();
    const lit = await page.$$eval('[data-highlighted=true]', (els) => els.map((e) => Number(e.dataset.offset)));
    assert.deepEqual(lit, [42, 43, 44, 45]);
    await shot(page, 'inspector-hover-maddr');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('clicking a byte of the IGMP checksum selects that field', async () => {
  const { browser, page } = await openApp();
  try {
    await paste(page, V2_REPORT);
    await page.click('[data-offset="41"]');
    await page.mouse.move(0, 0);
    const sel = page.locator('[data-field][aria-selected=true]');
    assert.equal(await sel.getAttribute('data-field'), 'igmp.checksum');
    await shot(page, 'inspector-click-checksum');
  } finally {
    await browser.close();
  }
});

test('a corpus pcap through the file input gives one row per frame', async () => {
  const { browser, page } = await openApp();
  try {
    await page.setInputFiles('[data-testid=file-input]', corpus('linux-frr/host-v2-join-leave.pcap'));
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=packet-row]').length >= 12);
    assert.equal(await page.locator('[data-testid=packet-row]').count(), 12);
    assert.match(await page.textContent('[data-testid=import-status]'), /pcap.*12/);
    // Keyboard: down moves the selection.
    await page.click('[data-testid=packet-row][data-index="0"]');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.getAttribute('[data-testid=packet-row][data-index="1"]', 'aria-selected'), 'true');
    await shot(page, 'inspector-pcap');
  } finally {
    await browser.close();
  }
});

test('in Japanese, labels and diagnostics are Japanese', async () => {
  const { browser, page } = await openApp();
  try {
    await page.click('[data-testid=lang-ja]');
    await page.click('[data-sample=bad-checksum]');
    await page.waitForSelector('[data-testid=diagnostic]');
    assert.match(await page.textContent('[data-field="igmp.checksum"]'), /チェックサム/);
    const diag = page.locator('[data-testid=diagnostic][data-severity=error]').first();
    // The check's name from the catalogue leads, then the sentence with the frame's values.
    assert.match(await diag.textContent(), /^エラー · IGMP チェックサムの誤り IGMP チェックサム.*正しくは 0xffea/);
    await shot(page, 'inspector-ja-diagnostic');
  } finally {
    await browser.close();
  }
});

test('garbage gets an error with line and column, and the text stays in the box', async () => {
  const { browser, page } = await openApp();
  try {
    const garbage = '01 00 5e\nhello zz';
    await paste(page, garbage);
    await page.waitForSelector('[data-testid=import-status] .problem');
    assert.match(await page.textContent('[data-testid=import-status]'), /line 2, column 1/);
    assert.equal(await page.inputValue('[data-testid=hex-input]'), garbage);
    await shot(page, 'inspector-garbage');
  } finally {
    await browser.close();
  }
});

test('the MAC panel maps a typed group and lists its 32 aliases', async () => {
  const { browser, page } = await openApp();
  try {
    await page.fill('[data-testid=mac-input]', '239.255.0.10');
    assert.equal(await page.textContent('[data-testid=mac-result]'), '01:00:5e:7f:00:0a');
    assert.equal(await page.locator('[data-testid=mac-aliases] li').count(), 32);
    // Full-width digits, as a Japanese input method types them, mean the same group.
    await page.fill('[data-testid=mac-input]', '２３９．２５５．０．１０');
    assert.equal(await page.textContent('[data-testid=mac-result]'), '01:00:5e:7f:00:0a');
    assert.equal(await page.inputValue('[data-testid=mac-input]'), '２３９．２５５．０．１０', 'what was typed stays');
    // Why five bits are lost, in the panel's own words.
    assert.match(await page.textContent('[data-testid=mac-map]'), /28 bits.*low 23.*5 struck bits are lost \(RFC 1112 §6\.4\)/);
    // A unicast address is explained, not called "neither".
    await page.fill('[data-testid=mac-input]', '192.168.1.10');
    assert.match(await page.textContent('[data-testid=mac-unicast]'), /unicast or broadcast IPv4 address, not a group.*ARP \(RFC 826\)/);
  } finally {
    await browser.close();
  }
});

test('the MAC panel maps IPv6 groups both ways: ff02::1:ff00:1, its MAC, and the groups that share it', async () => {
  const { browser, page, errors } = await openApp({ lang: 'ja' });
  try {
    await page.click('[data-testid=lang-ja]');
    // RFC 2464 §7: 33:33 and the last 32 bits; the solicited-node range explained (#30).
    await page.fill('[data-testid=mac-input]', 'ff02::1:ff00:1');
    assert.equal(await page.textContent('[data-testid=mac-result]'), '33:33:ff:00:00:01');
    assert.equal(await page.locator('[data-testid=mac-binary] .lost').count(), 6, 'the 96 bits above the last 32 are struck');
    const panel = await page.textContent('[data-testid=mac-map]');
    assert.match(panel, /RFC 2464 §7/);
    assert.match(panel, /要請ノードマルチキャストアドレス \(ff02::1:ff00:0\/104, RFC 4291 §2\.7\.1\)/);
    const shared = await page.$$eval('[data-testid=mac-aliases] li', (ls) => ls.map((l) => l.textContent));
    assert.deepEqual(shared, ['ff02::ff00:1', 'ff02::1:ff00:1', 'ff05::ff00:1', 'ff0e::ff00:1', 'ff3e::ff00:1']);
    await shot(page, 'mac-ipv6-solicited-node-ja');
    // The other way: the MAC lists the groups that map to it.
    await page.fill('[data-testid=mac-input]', '33:33:00:00:00:16');
    assert.equal(await page.textContent('[data-testid=mac-aliases] li:first-child'), 'ff02::16');
    // A unicast address: its solicited-node group and that group's MAC.
    await page.fill('[data-testid=mac-input]', 'fe80::211:22ff:fe33:4455');
    await page.waitForSelector('[data-testid=mac-unicast]');
    assert.equal(await page.textContent('[data-testid=mac-result]'), '33:33:ff:33:44:55');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('a bit field shows which bits it covers', async () => {
  const { browser, page } = await openApp();
  try {
    await page.fill('[data-testid=hex-input]', V2_REPORT);
    await page.hover('[data-field="ip.flags.df"]');
    assert.match(await page.textContent('[data-testid=hex-bits]'), /ip\.flags\.df — byte 20: 01000000/);
  } finally {
    await browser.close();
  }
});

test('a capture dropped anywhere on the page opens in the Inspector', async () => {
  const { browser, page } = await openApp();
  try {
    await page.click('[data-testid=tab-about]');
    const b64 = readFileSync(corpus('linux-frr/host-v1-join.pcap')).toString('base64');
    const dt = await page.evaluateHandle((data) => {
      const bin = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      const t = new DataTransfer();
      t.items.add(new File([bin], 'host-v1-join.pcap'));
      return t;
    }, b64);
    await page.dispatchEvent('footer', 'drop', { dataTransfer: dt });
    await page.waitForSelector('[data-testid=tab-inspector][aria-selected=true]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=packet-row]').length === 10);
  } finally {
    await browser.close();
  }
});

test('paste an MLDv2 report: its tree shows each Multicast Address Record, the checksum verified over the IPv6 pseudo-header, in Japanese too', async () => {
  const { browser, page, errors } = await openApp();
  try {
    // tests/data/frames/ok/mld2-report.hex: an SSM join (ALLOW_NEW_SOURCES ff3e::8000:1 from
    // 2001:db8::10) and a leave (CHANGE_TO_INCLUDE_MODE ff0e::1:3), behind a Router Alert.
    const hex = readFileSync(fileURLToPath(new URL('../data/frames/ok/mld2-report.hex', import.meta.url)), 'utf8')
      .split('\n').filter((l) => !l.startsWith('#')).join('');
    await paste(page, hex);
    await page.waitForSelector('[data-field="icmpv6.mldr.mar"]');
    const records = await page.$$eval('[data-field="icmpv6.mldr.mar.multicast_address"]', (els) => els.map((e) => e.textContent));
    assert.equal(records.length, 2);
    assert.match(records[0], /ff3e::8000:1/);
    assert.match(records[1], /ff0e::1:3/);
    assert.match(await page.textContent('[data-field="icmpv6.mldr.mar.source_address"]'), /2001:db8::10/);
    assert.match(await page.textContent('[data-field="icmpv6.checksum"]'), /correct/);
    assert.match(await page.textContent('[data-field="ipv6.opt.router_alert"]'), /0 \(MLD\)/);
    assert.equal(await page.locator('[data-testid=diagnostic]').count(), 0, 'a well-formed report has no diagnostic');
    // Its row in the packet list names the message, its version and its first record's group.
    const cell = async (c) => (await page.textContent(`[data-testid=packet-row] .${c}`)).trim();
    assert.deepEqual([await cell('c-ver'), await cell('c-type'), await cell('c-group'), await cell('c-dst')],
      ['MLDv2', 'mld2-report', 'ff3e::8000:1', 'ff02::16']);
    // Its record type selects its bytes, as IGMP's do.
    await page.click('[data-field="icmpv6.mldr.mar.record_type"] >> nth=0');
    await page.mouse.move(0, 0);
    const lit = await page.$$eval('[data-highlighted=true]', (els) => els.map((e) => Number(e.dataset.offset)));
    assert.deepEqual(lit, [70]);
    await shot(page, 'inspector-mld2-report');
    await page.click('[data-testid=lang-ja]');
    await page.waitForFunction(() => document.querySelector('[data-field="icmpv6.mldr.mar"]').textContent.includes('マルチキャストアドレスレコード'));
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
