// Filters, the IGMP-only switch, "Apply as filter" and the MAC panel (issue #12), through the UI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { openApp, shot } from './helpers.mjs';

const data = (p) => fileURLToPath(new URL(`../data/${p}`, import.meta.url));
const rows = (page) => page.locator('[data-testid=packet-row]').count();

async function open(page, path, n) {
  await page.setInputFiles('[data-testid=file-input]', data(path));
  await page.waitForFunction((k) => document.querySelector('[data-testid=import-status]')?.textContent.includes(String(k)), n);
}

test('a mixed capture shows IGMP only, says how many frames it hides, and shows them on request', async () => {
  const { browser, page, errors } = await openApp();
  try {
    await open(page, 'parity/mixed.pcap', 11);
    await page.waitForSelector('[data-testid=hidden-count]');
    assert.equal(await page.isChecked('[data-testid=igmp-only]'), true);
    assert.equal(await page.getAttribute('[data-testid=hidden-count]', 'data-hidden'), '10');
    assert.equal(await rows(page), 1);
    await page.uncheck('[data-testid=igmp-only]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=packet-row]').length === 11);
    assert.equal(await page.locator('[data-testid=hidden-count]').count(), 0);
    // An ARP frame is decoded to its fields, and its summary is tcpdump's.
    await page.fill('[data-testid=packet-filter]', 'arp.opcode == 2');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=packet-row]').length === 1);
    await page.click('[data-testid=packet-row]');
    await page.waitForSelector('[data-field="arp.src.hw_mac"]');
    assert.match(await page.textContent('[data-testid=packet-row]'), /ARP, Reply 10\.0\.0\.1 is-at 02:00:00:00:00:22/);
    await shot(page, 'inspector-mixed-arp');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('a display filter keeps what tshark keeps; an invalid one turns the box red and names the column', async () => {
  const { browser, page, errors } = await openApp();
  try {
    await open(page, 'corpus/linux-frr/host-v2-join-leave.pcap', 12);
    await page.fill('[data-testid=packet-filter]', 'igmp.type == 0x16');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=packet-row]').length === 8);
    const kept = await page.$$eval('[data-testid=packet-row]', (els) => els.map((e) => Number(e.dataset.index) + 1));
    assert.deepEqual(kept, [1, 2, 3, 4, 5, 6, 7, 11]);
    await page.fill('[data-testid=packet-filter]', 'igmp.type ==');
    await page.waitForSelector('[data-testid=filter-error]');
    assert.equal(await page.getAttribute('[data-testid=filter-error]', 'data-column'), '13');
    assert.match(await page.textContent('[data-testid=filter-error]'), /column 13: A value is expected/);
    assert.equal(await page.getAttribute('[data-testid=packet-filter]', 'aria-invalid'), 'true');
    const bg = await page.$eval('[data-testid=packet-filter]', (e) => getComputedStyle(e).backgroundColor);
    const [r, g, b] = bg.match(/\d+/g).map(Number);
    assert.ok(r > g + 30 && r > b + 30, `the box is red, not ${bg}`);
    assert.equal(await rows(page), 12, 'an invalid filter hides nothing');
    await shot(page, 'inspector-filter-error');
    // matches: a regular expression over the IGMP bytes, the string's \x17 being the byte, as in
    // tshark: `tshark -Y 'igmp matches "^\x17"'` keeps frames 8, 9, 10 and 12 of this capture.
    await page.fill('[data-testid=packet-filter]', 'igmp matches "^\\x17"');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=packet-row]').length === 4);
    const leaves = await page.$$eval('[data-testid=packet-row]', (els) => els.map((e) => Number(e.dataset.index) + 1));
    assert.deepEqual(leaves, [8, 9, 10, 12]);
    // An address is not matched against a pattern (tshark: "cannot participate in matches
    // comparison"), and an escape Wireshark does not know is refused where it stands.
    await page.fill('[data-testid=packet-filter]', 'ip.src ~ "10"');
    await page.waitForSelector('[data-testid=filter-error][data-column="8"]');
    await page.fill('[data-testid=packet-filter]', 'igmp matches "\\d"');
    await page.waitForSelector('[data-testid=filter-error][data-column="15"]');
    assert.match(await page.textContent('[data-testid=filter-error]'), /\\d is not an escape/);
    assert.equal(await rows(page), 12, 'an invalid filter hides nothing');
    // The quick words still work.
    await page.fill('[data-testid=packet-filter]', 'leave');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=packet-row]').length === 4);
    assert.equal(await page.locator('[data-testid=filter-error]').count(), 0);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('a group typed alone finds it in any record of a v3 report', async () => {
  const { browser, page } = await openApp();
  try {
    await open(page, 'corpus/linux-frr/host-v3-source-specific.pcap', 28);
    await page.fill('[data-testid=packet-filter]', '224.4.4.1');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=packet-row]').length === 8);
    const kept = await page.$$eval('[data-testid=packet-row]', (els) => els.map((e) => Number(e.dataset.index) + 1));
    assert.deepEqual(kept, [7, 8, 9, 10, 11, 12, 27, 28]);
  } finally {
    await browser.close();
  }
});

test('"Apply as filter" on a field filters the list by its value', async () => {
  const { browser, page } = await openApp();
  try {
    await open(page, 'corpus/linux-frr/host-v2-join-leave.pcap', 12);
    await page.click('[data-testid=packet-row][data-index="7"]');
    await page.click('[data-field="igmp.maddr"]');
    assert.equal(await page.getAttribute('[data-testid=apply-as-filter]', 'data-filter'), 'igmp.maddr == 224.2.2.1');
    await page.click('[data-testid=apply-as-filter]');
    assert.equal(await page.inputValue('[data-testid=packet-filter]'), 'igmp.maddr == 224.2.2.1');
    // tshark -Y 'igmp.maddr == 224.2.2.1' keeps frames 1, 6 and 8.
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=packet-row]').length === 3);
    const kept = await page.$$eval('[data-testid=packet-row]', (els) => els.map((e) => Number(e.dataset.index) + 1));
    assert.deepEqual(kept, [1, 6, 8]);
    await page.click('[data-field="igmp.type"]');
    await page.click('[data-testid=apply-as-filter]');
    assert.equal(await page.inputValue('[data-testid=packet-filter]'), 'igmp.type == 0x17');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=packet-row]').length === 4);
  } finally {
    await browser.close();
  }
});

test('MAC panel: a Leave is checked against its own IP destination, and the group is shown apart', async () => {
  const { browser, page } = await openApp();
  try {
    await open(page, 'corpus/linux-frr/host-v2-join-leave.pcap', 12);
    await page.click('[data-testid=packet-row][data-index="7"]');
    await page.waitForSelector('[data-testid=mac-frame-check]');
    assert.equal(await page.getAttribute('[data-testid=mac-frame-check]', 'data-agrees'), 'true');
    assert.match(await page.textContent('[data-testid=mac-frame-check]'), /224\.0\.0\.2 → 01:00:5e:00:00:02/);
    assert.equal(await page.textContent('[data-testid=mac-result]'), '01:00:5e:02:02:01');
    await shot(page, 'inspector-mac-leave');
    // A report whose destination MAC is not its group's.
    await page.fill('[data-testid=hex-input]', '01005e0a0a0b020000000001080046c000200000400001023851c0a8010ae00a0a0a940400001600ffeae00a0a0a');
    await page.waitForSelector('[data-testid=mac-frame-check][data-agrees=false]');
    assert.match(await page.textContent('[data-testid=mac-frame-check]'), /01:00:5e:0a:0a:0a.*01:00:5e:0a:0a:0b/);
  } finally {
    await browser.close();
  }
});

test('MAC panel: a MAC address lists its 32 groups; a unicast MAC is refused', async () => {
  const { browser, page } = await openApp();
  try {
    await page.fill('[data-testid=mac-input]', '01-00-5E-01-02-03');
    assert.equal(await page.textContent('[data-testid=mac-result]'), '01:00:5e:01:02:03');
    const groups = await page.$$eval('[data-testid=mac-aliases] li', (els) => els.map((e) => e.textContent));
    assert.equal(groups.length, 32);
    assert.equal(groups[0], '224.1.2.3');
    assert.equal(groups[31], '239.129.2.3');
    // In binary, the 5 bits the MAC does not carry are open (#29), and they are the struck ones.
    assert.equal(await page.textContent('[data-testid=mac-binary]'), '1110xxxx.x0000001.00000010.00000011');
    assert.equal(await page.$$eval('[data-testid=mac-binary] .lost', (els) => els.map((e) => e.textContent).join('')), 'xxxxx');
    // A group's binary view strikes the same five.
    await page.fill('[data-testid=mac-input]', '239.129.2.3');
    assert.equal(await page.textContent('[data-testid=mac-binary]'), '11101111.10000001.00000010.00000011');
    assert.equal(await page.$$eval('[data-testid=mac-binary] .lost', (els) => els.map((e) => e.textContent).join('')), '11111');
    await page.fill('[data-testid=mac-input]', '02:00:00:00:00:01');
    assert.match(await page.textContent('[data-testid=mac-map]'), /Not a multicast MAC of IP: IPv4's start with 01:00:5e .*IPv6's start with 33:33/);
  } finally {
    await browser.close();
  }
});

test('at 1366 px the MAC panel never scrolls sideways, in normal and large text', async () => {
  const { browser, page } = await openApp();
  try {
    await page.setViewportSize({ width: 1366, height: 768 });
    await open(page, 'corpus/linux-frr/host-v2-join-leave.pcap', 12);
    await page.click('[data-testid=packet-row][data-index="7"]');
    for (const large of [false, true]) {
      if (large) await page.click('[data-testid=large-text]');
      const overflow = await page.$eval('[data-testid=mac-map]', (e) => {
        const within = [...e.querySelectorAll('*')].every((c) => c.getBoundingClientRect().right <= e.getBoundingClientRect().right + 1);
        return { panel: e.scrollWidth - e.clientWidth, page: document.documentElement.scrollWidth - document.documentElement.clientWidth, within };
      });
      assert.ok(overflow.panel <= 0 && overflow.within, `MAC panel overflows (large text: ${large}): ${JSON.stringify(overflow)}`);
      assert.ok(overflow.page <= 0, `the page scrolls sideways (large text: ${large}): ${JSON.stringify(overflow)}`);
    }
    await shot(page, 'inspector-mac-1366-large');
  } finally {
    await browser.close();
  }
});

test('MLD by its fields: an IPv6 block and ICMPv6 types keep what tshark keeps; an IPv4 address on an IPv6 field is red', async () => {
  const { browser, page, errors } = await openApp();
  try {
    await open(page, 'parity/icmp6.pcap', 11);
    // tshark -Y 'ipv6.src == fe80::/10 && icmpv6.type in {130, 131, 132, 143}' keeps 1-6.
    await page.fill('[data-testid=packet-filter]', 'ipv6.src == fe80::/10 && icmpv6.type in {130, 131, 132, 143}');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=packet-row]').length === 6);
    const kept = await page.$$eval('[data-testid=packet-row]', (els) => els.map((e) => Number(e.dataset.index) + 1));
    assert.deepEqual(kept, [1, 2, 3, 4, 5, 6]);
    await page.fill('[data-testid=packet-filter]', 'icmpv6.mldr.mar.multicast_address == ff05::1:3');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=packet-row]').length === 1);
    await page.fill('[data-testid=packet-filter]', 'ipv6.src == 10.0.0.1');
    await page.waitForSelector('[data-testid=filter-error][data-column="13"]');
    assert.match(await page.textContent('[data-testid=filter-error]'), /not an IPv6 address/);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
