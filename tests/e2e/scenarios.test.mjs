// The scenario player, through the UI only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, shot, simulated } from './helpers.mjs';

async function openScenario(page, name) {
  await page.click('[data-testid=tab-scenarios]');
  await page.selectOption('[data-testid=scenario-picker]', name);
  await simulated(page);
}

async function badge(page, node, group) {
  const b = page.locator(`[data-testid=node-state][data-node="${node}"][data-group="${group}"]`);
  return (await b.count()) ? b.getAttribute('data-state') : null;
}

test('every built-in scenario is in the picker', async () => {
  const { browser, page } = await openApp();
  try {
    await page.click('[data-testid=tab-scenarios]');
    const values = await page.$$eval('[data-testid=scenario-picker] option', (os) => os.map((o) => o.value));
    for (const n of ['v2-join', 'v2-query-suppression', 'v2-leave-members-remain', 'v2-last-member-leaves', 'v2-lost-leave-ages-out',
      'querier-election', 'querier-failover', 'v1-host-on-v2', 'v2-host-v1-querier', 'v3-asm-join-leave', 'v3-ssm-join-leave',
      'v3-source-filtering', 'v2-host-on-v3-router', 'snooping-switch', 'v3-packed-reports']) {
      assert.ok(values.includes(n), n);
    }
  } finally {
    await browser.close();
  }
});

test('v2-last-member-leaves: step until NoMembersPresent, two group-specific queries one second apart', async () => {
  const { browser, page, errors } = await openApp();
  try {
    await openScenario(page, 'v2-last-member-leaves');
    let steps = 0;
    while ((await badge(page, 'R1', '224.10.10.10')) !== 'NoMembersPresent') {
      await page.click('[data-testid=scenario-step]');
      assert.ok(++steps < 100, 'the router never reached NoMembersPresent');
    }
    const leaveT = Number(await page.getAttribute('[data-testid=timeline-packet][data-type=v2-leave]', 'data-t'));
    const gsqs = await page.$$eval('[data-testid=timeline-packet][data-type=v2-query][data-group="224.10.10.10"]', (els) => els.map((e) => Number(e.dataset.t)));
    const after = gsqs.filter((t) => t >= leaveT);
    assert.equal(after.length, 2, `queries after the leave: ${after}`);
    assert.ok(Math.abs(after[1] - after[0] - 1) < 1e-9);
    assert.equal(await page.textContent('[data-testid=scenario-time]'), (leaveT + 2).toFixed(3));
    await shot(page, 'scenario-last-member-leaves');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('querier-election: the higher address becomes NonQuerier', async () => {
  const { browser, page } = await openApp();
  try {
    await openScenario(page, 'querier-election');
    assert.equal(await page.getAttribute('[data-node=R2]', 'data-role'), 'Querier');
    for (let i = 0; i < 5; i++) await page.click('[data-testid=scenario-step]');
    assert.equal(await page.getAttribute('[data-node=R2]', 'data-role'), 'NonQuerier');
    assert.equal(await page.getAttribute('[data-node=R1]', 'data-role'), 'Querier');
    await shot(page, 'scenario-querier-election');
  } finally {
    await browser.close();
  }
});

test('stepping back and forward returns the same picture', async () => {
  const { browser, page } = await openApp();
  try {
    await openScenario(page, 'v2-query-suppression');
    for (let i = 0; i < 10; i++) await page.click('[data-testid=scenario-step]');
    const picture = () => page.evaluate(() => document.querySelector('.topology').outerHTML + document.querySelector('.timeline-svg').outerHTML + document.querySelector('[data-testid=narration]').textContent);
    const at10 = await picture();
    for (let i = 0; i < 4; i++) await page.click('[data-testid=scenario-step]');
    for (let i = 0; i < 4; i++) await page.click('[data-testid=scenario-back]');
    assert.equal(await picture(), at10);
  } finally {
    await browser.close();
  }
});

test('clicking a packet arrow opens its frame in the Inspector', async () => {
  const { browser, page } = await openApp();
  try {
    await openScenario(page, 'v2-last-member-leaves');
    for (let i = 0; i < 12; i++) await page.click('[data-testid=scenario-step]');
    await page.click('[data-testid=timeline-packet][data-type=v2-leave] .hit');
    await page.waitForSelector('[data-testid=tab-inspector][aria-selected=true]');
    await page.waitForSelector('[data-field="igmp.type"]');
    assert.match(await page.textContent('[data-field="igmp.type"]'), /0x17/);
    assert.match(await page.textContent('[data-field="igmp.maddr"]'), /224\.10\.10\.10/);
    await shot(page, 'scenario-packet-in-inspector');
  } finally {
    await browser.close();
  }
});

test('the narration speaks Japanese after switching language', async () => {
  const { browser, page } = await openApp();
  try {
    await openScenario(page, 'v2-join');
    await page.click('[data-testid=lang-ja]');
    for (let i = 0; i < 3; i++) await page.click('[data-testid=scenario-step]');
    assert.match(await page.textContent('[data-testid=narration]'), /[ぁ-んァ-ン一-龯]/);
    await shot(page, 'scenario-ja');
  } finally {
    await browser.close();
  }
});

test('play runs to the end by itself at 20x', async () => {
  const { browser, page } = await openApp();
  try {
    await openScenario(page, 'v2-join');
    await page.selectOption('.controls-bar select', '20');
    const progress = '[data-testid=scenario-progress]';
    const steps = Number(await page.getAttribute(progress, 'data-steps'));
    assert.ok(steps > 5, `the trace has ${steps} steps`);
    assert.equal(await page.getAttribute(progress, 'data-step'), '0');
    await page.click('[data-testid=scenario-play]');
    assert.equal(await page.getAttribute(progress, 'data-playing'), 'true');
    assert.match(await page.textContent('[data-testid=scenario-play]'), /Pause/);
    // v2-join lasts 30 simulated seconds: about 1.5 s at 20x. Allow for a slow machine.
    await page.waitForFunction((sel) => {
      const p = document.querySelector(sel);
      return p.dataset.step === p.dataset.steps && p.dataset.playing === 'false';
    }, progress, { timeout: 20000 });
    assert.equal(await page.getAttribute(progress, 'data-step'), String(steps), 'the last step was reached');
    assert.match(await page.textContent('[data-testid=scenario-play]'), /Play/, 'Play turned back into Play');
    assert.ok(await page.isDisabled('[data-testid=scenario-step]'), 'nothing left to step');
    const last = Number(await page.textContent('[data-testid=scenario-time]'));
    assert.ok(last > 0 && last <= 30, `the clock stopped at the last entry (${last} s)`);
  } finally {
    await browser.close();
  }
});

test('editing: schedule a leave, change a host version, and replay', async () => {
  const { browser, page } = await openApp();
  try {
    await openScenario(page, 'v2-join');
    await page.selectOption('[data-testid=schedule-node]', 'A');
    await page.selectOption('[data-testid=schedule-kind]', 'leave');
    await page.fill('[data-testid=schedule-time]', '20');
    await page.dispatchEvent('[data-testid=schedule-time]', 'change');
    await page.click('[data-testid=schedule-add]');
    await simulated(page);
    await page.selectOption('.controls-bar select', '20');
    await page.click('[data-testid=scenario-play]');
    await page.waitForSelector('[data-testid=timeline-packet][data-type=v2-leave]', { timeout: 15000 });
    await page.selectOption('[data-testid=scenario-node-version][data-node=A]', '1');
    await simulated(page);
    for (let i = 0; i < 6; i++) await page.click('[data-testid=scenario-step]');
    assert.ok(await page.locator('[data-testid=timeline-packet][data-type=v1-report]').count() >= 1);
    await shot(page, 'scenario-edited');
  } finally {
    await browser.close();
  }
});

test('a presenter\'s keys: Space and PageDown step forward, PageUp back, P plays and pauses, and the page never scrolls', async () => {
  const { browser, page, errors } = await openApp({ lang: 'ja' });
  const passive = [];
  page.on('console', (m) => { if (/passive event listener/i.test(m.text())) passive.push(m.text()); });
  try {
    // A short window, so that the page could scroll.
    await page.setViewportSize({ width: 1280, height: 600 });
    await openScenario(page, 'v2-last-member-leaves');
    const progress = '[data-testid=scenario-progress]';
    const step = async () => Number(await page.getAttribute(progress, 'data-step'));
    // Each key's step is drawn in a later task: wait for it (up to 5 s) rather than read at once.
    const reaches = async (n, key) => {
      await page.waitForFunction(([sel, want]) => document.querySelector(sel)?.getAttribute('data-step') === String(want),
        [progress, n], { timeout: 5000 }).catch(() => {});
      assert.equal(await step(), n, `${key} brings step ${n}`);
    };
    await page.evaluate(() => document.activeElement?.blur()); // no control has the focus: the keys go to the page
    assert.ok(await page.evaluate(() => document.documentElement.scrollHeight > innerHeight), 'the page is taller than the window');
    const start = await step();
    await page.keyboard.press('Space');
    await reaches(start + 1, 'Space');
    await page.keyboard.press('PageDown');
    await reaches(start + 2, 'PageDown');
    await page.keyboard.press('ArrowRight');
    await reaches(start + 3, 'ArrowRight');
    await page.keyboard.press('PageUp');
    await reaches(start + 2, 'PageUp');
    assert.equal(await page.evaluate(() => window.scrollY), 0, 'Space and PageDown did not scroll the page');
    await page.keyboard.press('p');
    await page.waitForSelector(`${progress}[data-playing=true]`, { timeout: 5000 });
    await page.keyboard.press('p');
    await page.waitForSelector(`${progress}[data-playing=false]`, { timeout: 5000 });
    // In a text field the keys are the field's (→ moves the caret in the seed's box).
    await page.focus('[data-testid=scenario-seed]');
    const before = await step();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('PageDown');
    assert.equal(await step(), before);
    assert.deepEqual(passive, [], 'no "passive event listener" complaint');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('the editor refuses in Japanese, naming the field: a group that does not parse is never scheduled as another; a JSON error names its line; an edited built-in is marked', async () => {
  const { browser, page, errors } = await openApp({ lang: 'ja' });
  try {
    await openScenario(page, 'v2-join');
    const before = await page.inputValue('[data-testid=scenario-json]');
    await page.selectOption('[data-testid=schedule-kind]', 'join');
    await page.fill('[data-testid=schedule-group]', '239.1.1');
    await page.dispatchEvent('[data-testid=schedule-group]', 'change');
    await page.click('[data-testid=schedule-add]');
    const refusal = page.locator('[data-testid=schedule-error]');
    assert.equal(await refusal.getAttribute('data-fields'), 'schedule.group');
    assert.match(await refusal.textContent(), /「239\.1\.1」は IPv4 アドレス/);
    assert.equal(await page.inputValue('[data-testid=scenario-json]'), before, 'nothing was scheduled');
    // Full-width digits from a Japanese input method are digits.
    await page.fill('[data-testid=schedule-group]', '２３９．１．１．１');
    await page.dispatchEvent('[data-testid=schedule-group]', 'change');
    await page.fill('[data-testid=schedule-time]', '１２');
    await page.dispatchEvent('[data-testid=schedule-time]', 'change');
    await page.click('[data-testid=schedule-add]');
    assert.equal(await refusal.count(), 0);
    assert.match(await page.inputValue('[data-testid=scenario-json]'), /"group": "239\.1\.1\.1"/);
    // The built-in's explanation no longer describes the run: marked.
    await simulated(page);
    assert.equal(await page.getAttribute('[data-testid=scenario-edited]', 'data-builtin'), 'v2-join');
    assert.match(await page.textContent('[data-testid=scenario-edited]'), /編集済み/);
    // A JSON syntax error, in Japanese, with its line and column.
    await page.fill('[data-testid=scenario-json]', '{\n  "name": "x",\n  "nodes": [,]\n}');
    await page.click('[data-testid=scenario-apply]');
    await page.waitForSelector('[data-testid=scenario-error]');
    const text = await page.textContent('[data-testid=scenario-error]');
    assert.match(text, /^シナリオ JSON の 3 行 13 列目: /);
    assert.doesNotMatch(text, /expected/);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('text typed while a scenario plays is kept through its frames and taken on Enter (group, time, seed, a timer)', async () => {
  const { browser, page, errors } = await openApp();
  try {
    await page.click('[data-testid=tab-scenarios]');
    await page.waitForSelector('[data-testid=scenario-play]');
    await page.click('[data-testid=scenario-play]');
    await page.waitForSelector('[data-testid=scenario-progress][data-playing=true]');
    const boxes = [['[data-testid=schedule-group]', '239.9.9.9'], ['[data-testid=schedule-time]', '12.5'], ['[data-testid=scenario-seed]', '77'], ['input[data-timer]', '42']];
    for (const [box, text] of boxes) {
      const input = page.locator(box).first();
      await input.fill(text);
      // A playing scenario draws many frames in this time.
      await page.waitForTimeout(400);
      assert.equal(await input.inputValue(), text, `${box} while typing`);
      await input.press('Enter');
      await page.waitForTimeout(400);
      assert.equal(await input.inputValue(), text, `${box} once taken`);
    }
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
