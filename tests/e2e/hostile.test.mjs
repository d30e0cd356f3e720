// Hostile input never kills the page (issue #13): each case is something a user or a link
// really sent, and each test checks that the app is still alive and says what is wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import { openApp, shot } from './helpers.mjs';

const data = (p) => fileURLToPath(new URL(`../data/${p}`, import.meta.url));
const pack = (text) => deflateRawSync(Buffer.from(text)).toString('base64url');

async function alive(page, errors) {
  // The app still answers: switching tabs re-renders.
  await page.click('[data-testid=tab-about]');
  await page.waitForSelector('[data-testid=about]');
  assert.deepEqual(errors.filter((e) => /panicked|unreachable|RuntimeError/.test(e)), [], 'no panic');
}

test('the 36-byte pcapng whose block length wraps on 32 bits: reported at its byte, app alive', async () => {
  const { browser, page, errors } = await openApp();
  try {
    await page.setInputFiles('[data-testid=file-input]', data('hostile/pcapng-wrap-32bit.pcapng'));
    await page.waitForSelector('[data-testid=import-status] .problem');
    const status = await page.textContent('[data-testid=import-status]');
    assert.match(status, /byte 28/);
    assert.match(status, /4294967292/);
    await shot(page, 'hostile-pcapng');
    await alive(page, errors);
  } finally {
    await browser.close();
  }
});

test('Builder hex fields: full-width digits from a Japanese IME are bytes; other characters are named', async () => {
  const { browser, page, errors } = await openApp();
  try {
    await page.click('[data-testid=tab-builder]');
    const extra = '[data-testid=builder-field][data-field="igmp.extra"]';
    await page.fill(extra, '０１０２ＡＢ');
    await page.dispatchEvent(extra, 'change');
    await page.waitForFunction(() => document.querySelector('[data-testid=builder-hex]').textContent.trim().endsWith('0102ab'));
    await page.fill(extra, '01 0Ｇ');
    await page.dispatchEvent(extra, 'change');
    await page.waitForFunction(() => /Ｇ/.test(document.querySelector('[data-testid=builder]').textContent)
      && /position 5/.test(document.querySelector('[data-testid=builder]').textContent));
    await alive(page, errors);
  } finally {
    await browser.close();
  }
});

test('a scenario link with query_interval 0 is refused field by field, nothing runs', async () => {
  const scenario = {
      name: 'hostile', until: 60, timers: { query_interval: 0 },
      nodes: [{ name: 'R1', kind: 'router', address: '10.0.0.1', version: 2 }],
      actions: [{ t: -1, node: 'R1', do: 'down' }],
  };
  const { browser, page, errors } = await openApp({ hash: `#scenario=${pack(JSON.stringify(scenario))}` });
  try {
    await page.waitForSelector('[data-testid=scenario-error]');
    const text = await page.textContent('[data-testid=scenario-error]');
    assert.match(text, /timers\.query_interval/);
    assert.match(text, /actions\[0\]\.t/);
    assert.equal(await page.getAttribute('[data-testid=scenario-progress]', 'data-steps'), '0');
    await shot(page, 'hostile-scenario');
    await alive(page, errors);
  } finally {
    await browser.close();
  }
});

test('a legal but runaway scenario runs in slices: the page stays responsive and Cancel keeps what ran', async () => {
  const scenario = {
      name: 'busy', until: 86400, timers: { query_interval: 0.001, startup_query_interval: 0.001 },
      nodes: [
        { name: 'R1', kind: 'router', address: '10.0.0.1', version: 3 },
        { name: 'A', kind: 'host', address: '10.0.0.11', version: 3 },
      ],
      actions: [{ t: 0, node: 'A', do: 'join', group: '239.1.1.1' }],
  };
  const { browser, page, errors } = await openApp({ hash: `#scenario=${pack(JSON.stringify(scenario))}` });
  try {
    await page.waitForSelector('[data-testid=scenario-running]');
    // The main thread answers while the simulation runs.
    const t0 = Date.now();
    await page.evaluate(() => new Promise((r) => setTimeout(r, 0)));
    assert.ok(Date.now() - t0 < 1000, 'the page answered within a second');
    await page.click('[data-testid=scenario-cancel]');
    await page.waitForSelector('[data-testid=scenario-error]');
    assert.match(await page.textContent('[data-testid=scenario-error]'), /Cancelled/);
    assert.ok(Number(await page.getAttribute('[data-testid=scenario-progress]', 'data-steps')) > 0, 'what ran is kept');
    await alive(page, errors);
  } finally {
    await browser.close();
  }
});

test('a broken share link: the reason at the top, the screen left empty, then dismissed', async () => {
  const { browser, page, errors } = await openApp({ hash: '#spec=%%%not-base64' });
  try {
    await page.waitForSelector('[data-testid=share-error]');
    const box = await page.locator('[data-testid=share-error]').boundingBox();
    assert.ok(box.y < 200, `the message is at the top (y = ${box.y})`);
    assert.equal(await page.locator('[data-testid=builder]').count(), 0, 'no default frame');
    assert.equal(await page.locator('[data-testid=packet-row]').count(), 0);
    await page.click('[data-testid=share-dismiss]');
    await page.waitForSelector('[data-testid=builder]');
    await alive(page, errors);
  } finally {
    await browser.close();
  }
});

test('nothing typed is lost: the paste box, the Builder and an edited scenario survive a reload', async () => {
  const { browser, page } = await openApp();
  try {
    const v2 = '01005e0a0a0a020000000001080046c000200000400001023851c0a8010ae00a0a0a940400001600ffeae00a0a0a';
    await page.fill('[data-testid=hex-input]', v2);
    await page.waitForSelector('[data-testid=packet-row][data-index="0"]');
    await page.click('[data-testid=tab-builder]');
    const ttl = '[data-testid=builder-field][data-field="ip.ttl"]';
    await page.fill(ttl, '7');
    await page.dispatchEvent(ttl, 'change');
    await page.click('[data-testid=tab-scenarios]');
    await page.selectOption('[data-testid=scenario-picker]', 'v2-join');
    await page.fill('[data-testid=schedule-time]', '12');
    await page.dispatchEvent('[data-testid=schedule-time]', 'change');
    await page.click('[data-testid=schedule-add]');
    const edited = await page.inputValue('[data-testid=scenario-json]');
    await page.reload();
    // The reload comes back to the tab it left (#29).
    await page.waitForSelector('[data-testid=tab-scenarios][aria-selected=true]');
    await page.click('[data-testid=tab-inspector]');
    await page.waitForSelector('[data-testid=packet-row][data-index="0"]');
    assert.equal(await page.inputValue('[data-testid=hex-input]'), v2);
    await page.click('[data-testid=tab-builder]');
    assert.equal(await page.inputValue(ttl), '7');
    await page.click('[data-testid=tab-scenarios]');
    assert.equal(await page.inputValue('[data-testid=scenario-json]'), edited);
  } finally {
    await browser.close();
  }
});
