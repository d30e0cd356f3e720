// The Analysis view: a real capture replayed through the RFC router model, its findings linked
// to the frames in the Inspector, in English and Japanese.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { openApp, shot } from './helpers.mjs';

const corpus = (p) => fileURLToPath(new URL(`../data/corpus/${p}`, import.meta.url));

async function load(page, name, frames) {
  await page.setInputFiles('[data-testid=file-input]', corpus(`linux-frr/${name}.pcap`));
  await page.waitForFunction((n) => new RegExp(`\\b${n}\\b`).test(document.querySelector('[data-testid=import-status]')?.textContent ?? ''), frames);
  await page.waitForSelector('[data-testid=packet-row][data-index="0"]');
}

test('analysing FRR v2 traffic finds its doubled group-specific queries; a finding opens its frame', async () => {
  const { browser, page, errors } = await openApp();
  try {
    await load(page, 'router-querier-frr-v2', 37);
    await page.click('[data-testid=analysis-open]');
    await page.waitForSelector('[data-testid=analysis]');
    // One lane per address, with the role the traffic shows.
    const lanes = await page.$$eval('[data-testid=analysis-lane]', (ls) => ls.map((l) => `${l.dataset.address} ${l.dataset.role}`));
    assert.deepEqual(lanes, ['10.0.0.1 querier', '10.0.0.11 host', '10.0.0.12 host', '10.0.0.13 host']);
    const rules = await page.$$eval('[data-testid=analysis-finding]', (fs) => fs.map((f) => `${f.dataset.severity} ${f.dataset.rule}`));
    assert.deepEqual(rules, ['warning last-member-query-count', 'warning last-member-query-interval']);
    assert.match(await page.textContent('[data-testid=analysis-finding][data-rule=last-member-query-count]'), /sent 4 group-specific queries/);
    // The membership chart: 224.10.10.10 with A, B and C.
    const chart = page.locator('[data-testid=membership-chart] figure[data-group="224.10.10.10"]');
    assert.equal(await chart.locator('rect.member').count(), 3);
    await shot(page, 'analysis');
    // A finding's frame link selects that frame in the packet list and closes the view.
    await page.click('[data-testid=analysis-finding][data-rule=last-member-query-count] [data-testid=analysis-frame][data-frame="31"]');
    await page.waitForSelector('[data-testid=analysis]', { state: 'detached' });
    assert.equal(await page.getAttribute('[data-testid=packet-row][data-index="30"]', 'aria-selected'), 'true');
    await page.waitForSelector('[data-field="igmp.maddr"]');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('in Japanese the analysis speaks Japanese; a frame hidden by the filter is still reached', async () => {
  const { browser, page } = await openApp({ lang: 'ja' });
  try {
    await page.click('[data-testid=lang-ja]');
    await load(page, 'bridge-querier-v2', 69);
    await page.fill('[data-testid=packet-filter]', 'igmp.type == 0x16');
    await page.click('[data-testid=analysis-open]');
    await page.waitForSelector('[data-testid=analysis]');
    const text = await page.textContent('[data-testid=analysis-findings]');
    assert.match(text, /IGMP スヌーピングスイッチ/);
    assert.match(await page.textContent('[data-testid=analysis]'), /スイッチのクエリア/);
    const lane = await page.getAttribute('[data-testid=analysis-lane][data-address="0.0.0.0"]', 'data-role');
    assert.equal(lane, 'switch-querier', 'the bridge queries from 0.0.0.0: a switch, not a router');
    await shot(page, 'analysis-ja');
    // Frame 51 is a query: the filter hides it. The filter is kept, the page says so, and the
    // button shows the frame (clearing the filter then).
    await page.click('[data-testid=analysis-frame][data-frame="51"]');
    await page.waitForSelector('[data-testid=frame-hidden][data-frame="51"]');
    assert.equal(await page.inputValue('[data-testid=packet-filter]'), 'igmp.type == 0x16');
    assert.match(await page.textContent('[data-testid=frame-hidden]'), /フレーム 51/);
    await page.click('[data-testid=frame-show]');
    await page.waitForSelector('[data-testid=packet-row][data-index="50"][aria-selected=true]');
    assert.equal(await page.inputValue('[data-testid=packet-filter]'), '');
  } finally {
    await browser.close();
  }
});

test('the state panel follows the slider: querier, groups and members at that moment', async () => {
  const { browser, page } = await openApp();
  try {
    await load(page, 'router-querier-frr-v2', 37);
    await page.click('[data-testid=analysis-open]');
    const state = '[data-testid=analysis-state]';
    await page.waitForSelector(state);
    assert.match(await page.textContent(state), /none/, 'no querier before the first query');
    await page.fill('[data-testid=analysis-time]', '10');
    await page.waitForSelector(`${state}[data-t="10.000"]`);
    assert.match(await page.textContent(state), /10\.0\.0\.1 \(IGMPv2\)/);
    assert.match(await page.textContent(`${state} li[data-group="224.10.10.10"]`), /10\.0\.0\.11, 10\.0\.0\.12, 10\.0\.0\.13/);
    await page.fill('[data-testid=analysis-time]', '51.5');
    await page.waitForSelector(`${state}[data-t="51.500"]`);
    assert.doesNotMatch(await page.textContent(`${state} li[data-group="224.10.10.10"]`), /10\.0\.0\.11/, 'A has left');
  } finally {
    await browser.close();
  }
});

test('an MLD capture (#30): its rows are MLD messages, and the analysis says in Japanese how many MLD messages it left out', async () => {
  const { browser, page, errors } = await openApp({ lang: 'ja' });
  try {
    // tests/data/parity/icmp6.pcap: six MLD messages and five other ICMPv6 messages.
    await page.setInputFiles('[data-testid=file-input]', fileURLToPath(new URL('../data/parity/icmp6.pcap', import.meta.url)));
    await page.waitForSelector('[data-testid=packet-row][data-index="0"]');
    // IGMP/MLD only (switched on by itself for a mixed capture) keeps the six MLD messages.
    await page.waitForSelector('[data-testid=displayed-count][data-displayed="6"]');
    const kinds = await page.$$eval('[data-testid=packet-row] .c-type', (cs) => cs.map((c) => c.textContent.trim()));
    assert.deepEqual(kinds.sort(), ['mld1-done', 'mld1-query', 'mld1-query', 'mld1-report', 'mld2-query', 'mld2-report']);
    await page.click('[data-testid=analysis-open]');
    const note = page.locator('[data-testid=analysis-mld]');
    await note.waitFor();
    assert.equal(await note.getAttribute('data-mld'), '6');
    assert.match(await note.textContent(), /MLD メッセージ 6 件は分析していません/);
    await shot(page, 'analysis-mld-ja');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
