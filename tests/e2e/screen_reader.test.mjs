// What a screen reader is given (#29): the accessibility tree Chromium builds
// (CDP Accessibility.getFullAXTree) for the packet list, the field tree and the hex grid, with
// their names, roles and states, in both languages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { openApp } from './helpers.mjs';

const corpus = (p) => fileURLToPath(new URL(`../data/corpus/${p}`, import.meta.url));

async function axTree(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Accessibility.enable');
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  await cdp.detach();
  const live = nodes.filter((n) => !n.ignored);
  const prop = (n, name) => n.properties?.find((p) => p.name === name)?.value.value;
  const byId = new Map(live.map((n) => [n.nodeId, n]));
  const of = (role) => live.filter((n) => n.role?.value === role).map((n) => ({
    name: n.name?.value ?? '',
    selected: prop(n, 'selected'),
    expanded: prop(n, 'expanded'),
    level: prop(n, 'level'),
    parentRole: byId.get(n.parentId)?.role?.value,
  }));
  return { of };
}

const TEXT = {
  en: { packets: 'Packets', tree: 'Decoded fields', bytes: /^Frame bytes/, byte: /^byte (\d+): ([0-9a-f]{2}), (.+)$/, query: /^Type: 0x11 \(Membership Query/ },
  ja: { packets: 'パケット一覧', tree: /フィールド/, bytes: /バイト/, byte: /^バイト (\d+): ([0-9a-f]{2})、(.+)$/, query: /0x11/ },
};

for (const lang of ['en', 'ja']) {
  test(`the accessibility tree names the packet list, the field tree and the hex grid (${lang})`, async () => {
    const { browser, page, errors } = await openApp({ lang });
    const T = TEXT[lang];
    try {
      if (lang === 'ja') await page.click('[data-testid=lang-ja]');
      await page.setInputFiles('[data-testid=file-input]', corpus('linux-frr/router-querier-frr-v2.pcap'));
      await page.waitForSelector('[data-field="igmp.maddr"]');
      let ax = await axTree(page);

      // The packet list: a named grid; each row says its number and tcpdump's line; the first
      // frame is the selected one.
      const grids = ax.of('grid').map((g) => g.name);
      assert.ok(grids.some((n) => n === T.packets), `a grid named ${T.packets}: ${grids}`);
      const rows = ax.of('row').filter((r) => r.parentRole === 'rowgroup' && /^\d+ /.test(r.name));
      assert.equal(rows.length, 14, 'every frame is a row');
      rows.forEach((r, i) => {
        assert.ok(r.name.startsWith(`${i + 1} `), `row ${i + 1} is named by its number: ${r.name}`);
        assert.match(r.name, /IP 10\.0\.0\.\d+ > 224\.[\d.]+: igmp /, 'and by its summary');
      });
      assert.deepEqual(rows.map((r) => r.selected), rows.map((_, i) => i === 0), 'one selected row, the first');

      // The field tree: a named tree of leveled items; a group says whether it is expanded; no
      // item's name carries its twisty's "Collapse"/"Expand".
      const trees = ax.of('tree').map((t) => t.name);
      assert.ok(trees.some((n) => n.match(T.tree)), `a named field tree: ${trees}`);
      const items = ax.of('treeitem');
      assert.ok(items.length > 40, `${items.length} fields`);
      assert.ok(items.every((it) => Number.isInteger(it.level) && it.level >= 1), 'every item has its level');
      assert.ok(items.some((it) => it.level === 4), 'the Router Alert option nests four deep');
      assert.ok(items.filter((it) => it.expanded !== undefined).every((it) => it.expanded === true), 'groups start expanded');
      const leaked = items.filter((it) => /Collapse|Expand|折りたたむ|展開/.test(it.name));
      assert.deepEqual(leaked, [], 'no twisty in an item name');

      // The hex grid: named, one cell per byte, each with its offset, value and field.
      assert.ok(grids.some((n) => T.bytes.test(n)), `a named byte grid: ${grids}`);
      const cells = ax.of('gridcell').map((c) => c.name.match(T.byte)).filter(Boolean);
      assert.equal(cells.length, 62, 'one named cell per byte of the 62-byte frame');
      cells.forEach((m, i) => assert.equal(Number(m[1]), i, 'in order'));
      assert.equal(cells[38][2], '22', 'byte 38 is the v3 report type');
      assert.notEqual(cells[38][3].trim(), '', 'and names its field');

      // Choosing another frame: the tree and the states follow.
      await page.click('[data-testid=packet-row][data-index="2"]');
      await page.waitForSelector('[data-testid=packet-row][data-index="2"][aria-selected=true]');
      await page.waitForSelector('[data-field="igmp.max_resp"]');
      ax = await axTree(page);
      const now = ax.of('row').filter((r) => r.parentRole === 'rowgroup' && /^\d+ /.test(r.name));
      assert.deepEqual(now.map((r) => r.selected), now.map((_, i) => i === 2), 'frame 3 is the selected row');
      assert.ok(ax.of('treeitem').some((it) => T.query.test(it.name)), 'the tree is frame 3\'s query');
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });
}
