// Accessibility: axe-core (Deque's engine, from node_modules) on every screen in English and
// Japanese, light and dark; and the keyboard-only path through the packet list and field tree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { openApp, shot, SHOTS } from './helpers.mjs';

const AXE = readFileSync(fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url)), 'utf8');
const corpus = (p) => fileURLToPath(new URL(`../data/corpus/${p}`, import.meta.url));

// Violations of every impact (minor and moderate too, #29), as "impact rule: target (message)".
async function axeAll(page) {
  await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .flatMap((v) => v.nodes.map((n) => `${v.impact} ${v.id}: ${n.target.join(' ')} (${n.failureSummary.split('\n')[1]?.trim()})`));
  });
}

for (const lang of ['en', 'ja']) {
  for (const scheme of ['light', 'dark']) {
    test(`axe: no violation of any impact on any screen (${lang}, ${scheme})`, async () => {
      const { browser, page } = await openApp({ lang });
      try {
        await page.emulateMedia({ colorScheme: scheme });
        if (lang === 'ja') await page.click('[data-testid=lang-ja]');
        const found = {};
        // The Inspector with a capture and a frame, then its Analysis view.
        await page.setInputFiles('[data-testid=file-input]', corpus('linux-frr/router-querier-frr-v2.pcap'));
        await page.waitForSelector('[data-field="igmp.maddr"]');
        found.inspector = await axeAll(page);
        await page.click('[data-testid=analysis-open]');
        await page.waitForSelector('[data-testid=analysis]');
        found.analysis = await axeAll(page);
        await page.click('[data-testid=tab-builder]');
        await page.waitForSelector('[data-testid=builder-hex]');
        found.builder = await axeAll(page);
        await page.click('[data-testid=tab-scenarios]');
        await page.selectOption('[data-testid=scenario-picker]', 'v2-last-member-leaves');
        await page.waitForFunction(() => document.querySelector('[data-testid=scenario-progress]')?.dataset.steps !== '0');
        for (let i = 0; i < 4; i++) await page.click('[data-testid=scenario-step]');
        found.scenarios = await axeAll(page);
        // Predict mode with a verdict and the next question, and presenter mode.
        await page.click('[data-testid=predict-toggle]');
        const choice = page.locator('[data-testid=predict-choice]');
        for (let answered = 0; answered < 2;) {
          if (await choice.count()) {
            await choice.first().click();
            answered++;
          } else {
            await page.click('[data-testid=scenario-step]');
          }
          if (answered === 1 && (await choice.count())) break;
        }
        found.predict = await axeAll(page);
        await page.click('[data-testid=scenario-present]');
        await page.waitForSelector('.scenarios.presenting');
        found.presenter = await axeAll(page);
        const all = Object.entries(found).flatMap(([screen, v]) => v.map((x) => `${screen}: ${x}`));
        assert.deepEqual(all, [], all.join('\n'));
      } finally {
        await browser.close();
      }
    });
  }
}

test('keyboard only: Tab to the list, ArrowDown to packet 2, Tab into the tree, arrows to igmp.maddr', async () => {
  const { browser, page, errors } = await openApp();
  try {
    await page.setInputFiles('[data-testid=file-input]', corpus('linux-frr/host-v2-join-leave.pcap'));
    await page.waitForSelector('[data-testid=packet-row][data-index="0"][aria-selected=true]');
    const focused = () => page.evaluate(() => {
      const a = document.activeElement;
      return a ? (a.classList.contains('list') ? 'list' : a.dataset.field ?? a.tagName) : null;
    });
    await page.focus('[data-testid=hex-input]');
    let tabs = 0;
    while ((await focused()) !== 'list' && tabs < 60) { await page.keyboard.press('Tab'); tabs++; }
    assert.equal(await focused(), 'list', `the list is reached with Tab (${tabs} presses)`);
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.getAttribute('[data-testid=packet-row][data-index="1"]', 'aria-selected'), 'true');
    await page.keyboard.press('Tab');
    const first = await focused();
    assert.ok(first && first.includes('.'), `Tab enters the tree at a field (${first})`);
    let steps = 0;
    while ((await focused()) !== 'igmp.maddr' && steps < 80) { await page.keyboard.press('ArrowDown'); steps++; }
    assert.equal(await focused(), 'igmp.maddr');
    const maddr = page.locator('[data-field="igmp.maddr"]');
    const start = Number(await maddr.getAttribute('data-start'));
    const lit = await page.$$eval('[data-highlighted=true]', (els) => els.map((e) => Number(e.dataset.offset)));
    assert.deepEqual(lit, [start, start + 1, start + 2, start + 3], 'exactly its 4 bytes are highlighted');
    // ← goes to the parent (the IGMP header row), → back into it; Enter selects.
    await page.keyboard.press('ArrowLeft');
    assert.equal(await focused(), 'igmp');
    await page.keyboard.press('ArrowLeft');
    assert.equal(await page.getAttribute('[data-field=igmp]', 'aria-expanded'), 'false', '← collapses');
    assert.equal(await page.locator('[data-field="igmp.maddr"]').count(), 0);
    assert.equal(await focused(), 'igmp', 'the focus stays on the collapsed row');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.getAttribute('[data-field=igmp]', 'aria-expanded'), 'true', '→ expands');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    assert.equal(await page.getAttribute('[data-field="igmp.version"]', 'aria-selected'), 'true');
    await shot(page, 'keyboard-tree');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

// A 1366×768 laptop: the list, the tree and the bytes of a chosen frame on one screen.
for (const large of [false, true]) {
  test(`1366×768${large ? ', large text' : ''}: list, tree and bytes on one screen; no horizontal scrollbar`, async () => {
    const { browser, page, errors } = await openApp({ lang: 'ja' });
    try {
      await page.setViewportSize({ width: 1366, height: 768 });
      if (large) await page.click('[data-testid=large-text]');
      await page.setInputFiles('[data-testid=file-input]', corpus('linux-frr/router-querier-frr-v2.pcap'));
      await page.waitForSelector('[data-testid=import-status][data-load-ms]');
      await page.click('[data-testid=packet-row][data-index="1"]');
      await page.waitForSelector('[data-testid=packet-row][data-index="1"][aria-selected=true]');
      const layout = await page.evaluate(() => {
        const box = (s) => document.querySelector(s).getBoundingClientRect();
        const tree = box('[data-testid=field-tree]');
        const maddr = box('[data-field="igmp.maddr"]');
        return {
          scrollX: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          scrollY: window.scrollY,
          list: box('.list').top,
          hex: box('.hex-grid').top,
          tree: [tree.top, tree.bottom],
          maddr: [maddr.top, maddr.bottom],
        };
      });
      assert.equal(layout.scrollX, 0, 'no horizontal page scrollbar');
      if (!large) {
        assert.equal(layout.scrollY, 0);
        assert.ok(layout.list < 768 && layout.hex < 768 && layout.tree[0] < 768, `all three panes start on screen (${JSON.stringify(layout)})`);
        assert.ok(layout.maddr[0] >= layout.tree[0] && layout.maddr[1] <= Math.min(layout.tree[1], 768),
          `igmp.maddr is on screen, in the tree's visible part (${JSON.stringify(layout)})`);
        // The window as the user sees it (not the whole page).
        await page.screenshot({ path: join(SHOTS, 'inspector-1366x768.png') });
      }
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });
}

test('the hex pane is a grid of bytes: arrows move, and the byte chooses its innermost field', async () => {
  const { browser, page, errors } = await openApp();
  try {
    await page.setInputFiles('[data-testid=file-input]', corpus('linux-frr/host-v2-join-leave.pcap'));
    await page.waitForSelector('[data-field="igmp.checksum"]');
    await page.click('[data-field="igmp.checksum"]');
    const csum = Number(await page.getAttribute('[data-field="igmp.checksum"]', 'data-start'));
    const lit = () => page.$$eval('[data-highlighted=true]', (els) => els.map((e) => Number(e.dataset.offset)));
    const selected = () => page.getAttribute('.field.selected', 'data-field');
    await page.focus('.hex-grid');
    // Focus puts the cursor on the chosen field's first byte.
    assert.equal(await page.getAttribute('.hex-grid', 'aria-activedescendant'), `hexbyte-${csum}`);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    assert.equal(await selected(), 'igmp.maddr');
    assert.deepEqual(await lit(), [csum + 2, csum + 3, csum + 4, csum + 5], 'the group address\'s 4 bytes');
    await page.keyboard.press('ArrowUp');
    assert.equal(await page.getAttribute('.hex-grid', 'aria-activedescendant'), `hexbyte-${csum + 2 - 16}`);
    await page.keyboard.press('Control+Home');
    assert.equal(await selected(), 'eth.dst');
    assert.deepEqual(await lit(), [0, 1, 2, 3, 4, 5]);
    await page.keyboard.press('End');
    assert.equal(await page.getAttribute('.hex-grid', 'aria-activedescendant'), 'hexbyte-15');
    assert.equal(await page.evaluate(() => document.activeElement.classList.contains('hex-grid')), true, 'the focus stays in the grid');
    await shot(page, 'keyboard-hex');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('the tabs move with the arrow keys (one tab stop); 日本語 says its language; the zoom buttons are named', async () => {
  const { browser, page, errors } = await openApp();
  try {
    assert.equal(await page.getAttribute('[data-testid=lang-ja]', 'lang'), 'ja');
    const stops = await page.$$eval('[role=tab]', (ts) => ts.map((t) => t.getAttribute('tabindex')));
    assert.deepEqual(stops, ['0', '-1', '-1', '-1', '-1'], 'only the selected tab is a tab stop');
    await page.focus('[data-testid=tab-inspector]');
    await page.keyboard.press('ArrowRight');
    await page.waitForSelector('[data-testid=tab-builder][aria-selected=true]');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'tab-builder');
    await page.keyboard.press('End');
    await page.waitForSelector('[data-testid=tab-about][aria-selected=true]');
    await page.keyboard.press('ArrowRight');
    await page.waitForSelector('[data-testid=tab-inspector][aria-selected=true]');
    await page.keyboard.press('ArrowLeft');
    await page.waitForSelector('[data-testid=tab-about][aria-selected=true]');
    await page.click('[data-testid=tab-scenarios]');
    const names = await page.$$eval('.timeline-panel .panel-head button', (bs) => bs.map((b) => b.getAttribute('aria-label')));
    assert.deepEqual(names, ['Zoom out', 'Zoom in']);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('dark theme: an invalid filter keeps its text readable (contrast at least 4.5:1)', async () => {
  const { browser, page, errors } = await openApp();
  try {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.click('[data-sample=leave-then-gsq]');
    await page.fill('[data-testid=packet-filter]', 'igmp.type ==');
    await page.waitForSelector('[data-testid=filter-error]');
    const ratio = await page.$eval('[data-testid=packet-filter]', (e) => {
      const rgb = (c) => c.match(/\d+/g).slice(0, 3).map(Number);
      const lum = ([r, g, b]) => {
        const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
      };
      const s = getComputedStyle(e);
      const [a, b] = [lum(rgb(s.color)), lum(rgb(s.backgroundColor))];
      return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    });
    assert.ok(ratio >= 4.5, `contrast ${ratio.toFixed(2)}:1`);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('hex cells are named by offset, value and field, in the user language', async () => {
  const { browser, page, errors } = await openApp();
  try {
    await page.click('[data-sample=leave-then-gsq]');
    await page.waitForSelector('[data-testid=packet-row][data-index="0"][aria-selected=true]');
    await page.waitForSelector('#hexbyte-38');
    assert.match(await page.getAttribute('#hexbyte-38', 'aria-label'), /^byte 38: [0-9a-f]{2}, \S/);
    await page.click('[data-testid=lang-ja]');
    await page.waitForFunction(() => document.querySelector('#hexbyte-38')?.getAttribute('aria-label')?.startsWith('バイト 38: '));
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
