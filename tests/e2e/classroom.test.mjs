// The classroom (issue #15), as a teacher uses it: 1920×1080, 日本語, large text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, shot, simulated } from './helpers.mjs';

const BUILTINS = ['v2-join', 'v2-query-suppression', 'v2-leave-members-remain', 'v2-last-member-leaves', 'v2-lost-leave-ages-out',
  'querier-election', 'querier-failover', 'v1-host-on-v2', 'v2-host-v1-querier', 'v3-asm-join-leave', 'v3-ssm-join-leave',
  'v3-source-filtering', 'v2-host-on-v3-router', 'snooping-switch', 'v3-packed-reports', 'v1-silent-leave', 'ssm-join', 'unicast-vs-multicast'];

async function classroom(opts = {}) {
  const app = await openApp({ lang: 'ja', ...opts });
  await app.page.setViewportSize({ width: 1920, height: 1080 });
  await app.page.click('[data-testid=large-text]');
  await app.page.click('[data-testid=tab-scenarios]');
  return app;
}

async function openScenario(page, name) {
  await page.selectOption('[data-testid=scenario-picker]', name);
  await page.waitForTimeout(50); // the new simulation starts after the next render
  await simulated(page);
}

const progress = '[data-testid=scenario-progress]';
const stepOf = async (page) => Number(await page.getAttribute(progress, 'data-step'));

// Words a Japanese class may see in Latin letters: protocol names and notation, RFC
// abbreviations in capitals, versions, addresses and hex, field ids, and the nodes' names.
function englishWords(text, names) {
  const allowed = (w) => /^IGMP/.test(w) || /^v[123]$/.test(w) || /^[A-Z][A-Z0-9]{0,5}$/.test(w)
    || /^(TO_IN|TO_EX|IS_IN|IS_EX|MODE_IS_[A-Z]+|CHANGE_TO_[A-Z]+|INCLUDE|EXCLUDE)/.test(w)
    || /^0x[0-9a-f]+$/i.test(w) || /^(igmp|ip|eth)\./.test(w) || /^[A-Za-z]$/.test(w)
    || /^[A-Z](-[A-Z])+$/.test(w) // RFC 3376 §6.4's set notation (B-A, A-X-Y)
    || w === 'Linux' || w === 'App' || names.has(w); // App. as in "RFC 1112 App. I"
  return (text.match(/[A-Za-z][A-Za-z0-9_.-]*/g) ?? []).map((w) => w.replace(/[.-]+$/, '')).filter((w) => w && !allowed(w));
}

// Everything a class sees on the Scenarios screen but the JSON editor: the page's text, the
// diagrams' text and their tooltips.
function visibleText() {
  const root = document.querySelector('[data-testid=scenarios]');
  const editor = root.querySelector('.editor');
  const parts = [];
  for (const el of root.querySelectorAll('section, details')) if (el !== editor) parts.push(el.innerText);
  for (const el of root.querySelectorAll('svg text, svg title')) parts.push(el.textContent);
  for (const el of root.querySelectorAll('option')) parts.push(el.textContent);
  return parts.join('\n');
}

test('every built-in, stepped from start to end in Japanese, shows no English words in roles, states, timers or messages', async () => {
  const { browser, page, errors } = await classroom();
  try {
    const found = new Map();
    for (const name of BUILTINS) {
      await openScenario(page, name);
      const names = new Set(await page.$$eval('[data-node]', (els) => els.map((e) => e.dataset.node)));
      // From the start to the end, at most 150 steps of each (the long ones repeat themselves).
      for (let i = 0; i <= 150; i++) {
        for (const w of englishWords(await page.evaluate(visibleText), names)) {
          if (!found.has(w)) found.set(w, `${name} step ${i}`);
        }
        const [at, steps] = await page.$eval(progress, (p) => [p.dataset.step, p.dataset.steps]);
        if (at === steps) break;
        await page.click('[data-testid=scenario-step]');
      }
    }
    assert.deepEqual([...found.entries()], [], 'English words in the Japanese Scenarios screen');
    // The words of the Japanese IGMP articles (ja-terms.md).
    await openScenario(page, 'v2-last-member-leaves');
    const all = [];
    for (;;) {
      all.push(await page.evaluate(visibleText));
      if (await page.isDisabled('[data-testid=scenario-step]')) break;
      await page.click('[data-testid=scenario-step]');
    }
    const text = all.join('\n');
    for (const word of ['脱退', 'リーブメッセージ', 'クエリア', 'ジェネラルクエリー', 'グループスペシフィッククエリー']) {
      assert.ok(text.includes(word), word);
    }
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('at 1920×1080 in large text the topology fills its panel, no text is under 16 px, badges hold their text, and the timers are named in Japanese', async () => {
  const { browser, page, errors } = await classroom();
  try {
    await openScenario(page, 'v2-leave-members-remain');
    // Step with the presenter's keys until a router checks membership; the page never scrolls.
    await page.evaluate(() => document.activeElement?.blur());
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press(i % 2 ? 'Space' : 'PageDown');
      if (await page.locator('[data-testid=node-state][data-state=CheckingMembership]').count()) break;
    }
    assert.equal(await page.evaluate(() => window.scrollY), 0, 'Space and PageDown did not scroll');
    assert.ok(await page.locator('[data-testid=node-state][data-state=CheckingMembership]').count(), 'reached Checking Membership');
    const m = await page.evaluate(() => {
      const svg = document.querySelector('[data-testid=topology]');
      const panel = svg.parentElement;
      const style = getComputedStyle(panel);
      const inner = panel.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      const sizes = [...svg.querySelectorAll('text')].map((t) => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a);
      const tl = document.querySelector('[data-testid=timeline]');
      const tlSizes = [...tl.querySelectorAll('text')].map((t) => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a);
      const spill = [...svg.querySelectorAll('[data-testid=node-state]')].filter((g) => {
        const r = g.querySelector('rect').getBoundingClientRect();
        const t = g.querySelector('text').getBoundingClientRect();
        return t.left < r.left - 0.5 || t.right > r.right + 0.5;
      }).map((g) => g.textContent);
      const timers = [...document.querySelectorAll('[data-testid=timer]')].map((t) => t.textContent);
      const roles = [...svg.querySelectorAll('.node-role')].map((t) => t.textContent);
      return { ratio: svg.getBoundingClientRect().width / inner, smallest: Math.min(...sizes), tlSmallest: Math.min(...tlSizes), spill, timers, roles };
    });
    assert.ok(m.ratio >= 0.8, `the topology fills ${m.ratio} of its panel`);
    assert.ok(m.smallest >= 16, `smallest topology text ${m.smallest} px`);
    assert.ok(m.tlSmallest >= 16, `smallest timeline text ${m.tlSmallest} px`);
    assert.deepEqual(m.spill, [], 'badge text spills out of its box');
    assert.ok(m.timers.length > 0, 'running timers are shown');
    for (const timer of m.timers) assert.match(timer, /[\u3040-\u30ff\u4e00-\u9fff]/, timer);
    for (const role of m.roles) assert.doesNotMatch(role, /[a-z]/, role);
    assert.ok(m.roles.includes('クエリア'));
    await shot(page, 'scenarios-classroom-1920x1080-ja-large');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('no two timeline labels overlap, at any zoom; a time label is a 24 px target that jumps to its time', async () => {
  const { browser, page, errors } = await classroom();
  try {
    const overlaps = () => page.evaluate(() => {
      const boxes = [...document.querySelectorAll('[data-testid=timeline] text')].map((t) => [t.textContent, t.getBoundingClientRect()]);
      const bad = [];
      for (let i = 0; i < boxes.length; i++) {
        for (let j = 0; j < i; j++) {
          const [a, ra] = boxes[i];
          const [b, rb] = boxes[j];
          if (ra.left < rb.right - 0.5 && rb.left < ra.right - 0.5 && ra.top < rb.bottom - 0.5 && rb.top < ra.bottom - 0.5) bad.push(`${a} / ${b}`);
        }
      }
      return bad;
    });
    for (const name of ['v2-query-suppression', 'v3-packed-reports', 'snooping-switch', 'querier-election']) {
      await openScenario(page, name);
      const steps = Number(await page.getAttribute(progress, 'data-steps'));
      await page.$eval('.scrub', (s) => { s.value = s.max; s.dispatchEvent(new Event('input', { bubbles: true })); });
      assert.equal(await stepOf(page), steps);
      for (const zoom of ['', '−', '−', '+', '+', '+', '+']) {
        if (zoom) await page.click(`.timeline-panel button:text-is("${zoom}")`);
        assert.deepEqual(await overlaps(), [], `${name} ${zoom}`);
      }
      await page.click('.timeline-panel button:text-is("−")');
      await page.click('.timeline-panel button:text-is("−")');
    }
    await shot(page, 'scenarios-timeline-1920x1080-ja-large');
    // Timeline packets and the time axis are easy to hit.
    const hit = await page.$eval('[data-testid=timeline-packet] .hit', (r) => r.getBoundingClientRect().width);
    assert.ok(hit >= 24, `packet hit area ${hit} px`);
    const axis = await page.$eval('[data-testid=timeline] .axis', (r) => r.getBoundingClientRect().height);
    assert.ok(axis >= 24, `axis ${axis} px`);
    // A click on a time label lands on the axis: the player jumps to that time.
    const label = page.locator('[data-testid=timeline] .tick-label').nth(1);
    const seconds = parseFloat(await label.textContent());
    await label.click();
    const now = Number(await page.textContent('[data-testid=scenario-time]'));
    assert.ok(now <= seconds + 1 && now > 0, `clicked ${seconds} s, now ${now} s`);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('a packet travels: envelopes move from the sender through the switch to the ports it forwards to; reduced motion shows them arrived', async () => {
  const { browser, page, errors } = await classroom();
  try {
    await openScenario(page, 'snooping-switch');
    // Step to the switch forwarding S's data: to the router port and A's port only.
    for (let i = 0; i < 40; i++) {
      await page.click('[data-testid=scenario-step]');
      const n = await page.textContent('[data-testid=narration]');
      if (/^SW .*マルチキャストデータ/.test(n)) break;
    }
    const tokens = page.locator('[data-testid=packet-token]');
    assert.equal(await tokens.count(), 2, 'one envelope per receiving port (R1 and A)');
    const first = await tokens.first().evaluate((t) => getComputedStyle(t).transform);
    await page.waitForTimeout(800);
    const after = await tokens.evaluateAll((ts) => ts.map((t) => getComputedStyle(t).transform));
    assert.notEqual(first, after[0], 'the envelope moved');
    const arrived = await page.evaluate(() => [...document.querySelectorAll('[data-testid=packet-token]')].map((t) => {
      const s = getComputedStyle(t);
      return [s.transform, `matrix(1, 0, 0, 1, ${parseFloat(s.getPropertyValue('--dx'))}, ${parseFloat(s.getPropertyValue('--dy'))})`];
    }));
    for (const [now, end] of arrived) assert.equal(now, end, 'the envelope stopped at its receiver');
    await shot(page, 'scenarios-token-1920x1080-ja-large');
    // Under prefers-reduced-motion the envelope is drawn where it arrives, without moving.
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.click('[data-testid=scenario-back]');
    await page.click('[data-testid=scenario-step]');
    assert.equal(await tokens.first().evaluate((t) => getComputedStyle(t).animationName), 'none');
    // A lost packet stops on its way, marked lost.
    await openScenario(page, 'v2-lost-leave-ages-out');
    for (let i = 0; i < 40; i++) {
      await page.click('[data-testid=scenario-step]');
      if (/失われました/.test(await page.textContent('[data-testid=narration]'))) break;
    }
    assert.equal(await page.locator('[data-testid=packet-token].dropped').count(), 1, 'the lost Leave stops halfway');
    assert.equal(await page.getAttribute('[data-testid=packet-token]', 'data-type'), 'v2-leave');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('predict mode asks before each packet with 3 or 4 choices, judges the answer with its rule and RFC, and keeps the score', async () => {
  const { browser, page, errors } = await classroom();
  try {
    await openScenario(page, 'v2-leave-members-remain');
    await page.click('[data-testid=predict-toggle]');
    let asked = 0;
    let right = 0;
    const kinds = new Set();
    for (let i = 0; i < 12; i++) {
      const choices = page.locator('[data-testid=predict-choice]');
      if (!(await choices.count())) {
        await page.click('[data-testid=scenario-step]');
        continue;
      }
      assert.ok([3, 4].includes(await choices.count()), 'three or four choices');
      // The question and its choices are in Japanese, and each choice means something else.
      const shown = await page.$eval('[data-testid=predict-prompt]', (h) => h.textContent + '\n' + [...document.querySelectorAll('[data-testid=predict-choice]')].map((c) => c.textContent).join('\n'));
      assert.deepEqual(englishWords(shown, new Set(['R1', 'A', 'B', 'C'])), [], shown);
      const texts = await choices.allTextContents();
      assert.equal(new Set(texts.map((c) => c.replace(/^\d /, ''))).size, texts.length, 'no two choices alike');
      kinds.add(await page.getAttribute('[data-testid=predict-prompt]', 'data-ask'));
      assert.ok(await page.isDisabled('[data-testid=scenario-step]'), 'the step waits for the answer');
      const before = await stepOf(page);
      const n = i % (await choices.count());
      const pick = choices.nth(n);
      assert.match(await pick.textContent(), new RegExp(`^${n + 1} `), 'each choice shows its key');
      const picked = (await pick.textContent()).replace(/^\d /, '');
      if (asked % 2) {
        await page.evaluate(() => document.activeElement?.blur());
        await page.keyboard.press(String(n + 1)); // the keys 1 to 4 answer too
      } else {
        await pick.click();
      }
      asked++;
      const result = page.locator('[data-testid=predict-result]');
      const ok = (await result.getAttribute('data-right')) === 'true';
      const verdict = await result.textContent();
      right += ok ? 1 : 0;
      assert.equal(ok, verdict.includes(picked), 'right exactly when the pick is what happened');
      assert.match(verdict, ok ? /^正解/ : /^不正解/);
      assert.match(verdict, /RFC \d+ §/);
      assert.equal(await stepOf(page), before + 1, 'then the step plays');
      if (i === 3) await shot(page, 'scenarios-predict-1920x1080-ja-large');
    }
    assert.ok(asked >= 3, `${asked} questions`);
    assert.ok(kinds.size >= 2, `the questions vary: ${[...kinds]}`);
    const score = page.locator('[data-testid=predict-score]');
    assert.equal(await score.getAttribute('data-asked'), String(asked));
    assert.equal(await score.getAttribute('data-right'), String(right));
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('presenter mode (the button, or F) shows controls, narration and topology on the whole screen', async () => {
  const { browser, page, errors } = await classroom();
  try {
    await openScenario(page, 'v2-last-member-leaves');
    for (let i = 0; i < 8; i++) await page.click('[data-testid=scenario-step]');
    await page.click('[data-testid=scenario-present]');
    await page.waitForSelector('.scenarios.presenting');
    const shown = await page.evaluate(() => {
      const visible = (sel) => { const r = document.querySelector(sel)?.getBoundingClientRect(); return !!r && r.width > 0 && r.bottom <= innerHeight + 1; };
      return { narration: visible('[data-testid=narration]'), step: visible('[data-testid=scenario-step]'), topology: visible('[data-testid=topology]'), editor: visible('[data-testid=scenario-json]') };
    });
    assert.deepEqual(shown, { narration: true, step: true, topology: true, editor: false });
    await shot(page, 'scenarios-presenter-1920x1080-ja');
    await page.keyboard.press('f');
    await page.waitForSelector('.scenarios:not(.presenting)');
    await page.evaluate(() => document.activeElement?.blur());
    await page.keyboard.press('F');
    await page.waitForSelector('.scenarios.presenting');
    // Escape leaves it too, even where full screen was refused (a key press is no user gesture
    // for requestFullscreen, so here it was refused), and the refusal is no uncaught error.
    await page.keyboard.press('Escape');
    await page.waitForSelector('.scenarios:not(.presenting)');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('the narration says what happened in plain words first; the rule and its set notation, with each set\'s addresses, are one toggle away; a glossary spells out every abbreviation', async () => {
  const { browser, page, errors } = await classroom();
  try {
    await openScenario(page, 'v3-source-filtering');
    // Step to the router's first state change on a report (R1: …).
    let narration = '';
    for (let i = 0; i < 20; i++) {
      await page.click('[data-testid=scenario-step]');
      narration = await page.textContent('[data-testid=narration]');
      if (/^R1: 192\.168\.1\.10/.test(narration)) break;
    }
    assert.match(narration, /192\.168\.1\.10 は送信元 10\.0\.0\.1, 10\.0\.0\.2 からの 232\.1\.1\.1 を希望しました。送信元 10\.0\.0\.1, 10\.0\.0\.2 からの 232\.1\.1\.1 を転送します/);
    assert.doesNotMatch(narration, /INCLUDE\(A\)|\(B\)=GMI|RFC/, 'no set algebra and no RFC in the plain sentence');
    const toggle = page.locator('[data-testid=narration-details]');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    const details = await page.textContent('#narration-details-text');
    assert.match(details, /INCLUDE\(A\) \+ ALLOW\(B\)/);
    assert.match(details, /A = \{\} \(転送中の送信元\)、B = \{10\.0\.0\.1,10\.0\.0\.2\} \(レポートの送信元\)/, details);
    assert.match(details, /GMI はグループメンバーシップ間隔/);
    assert.match(details, /RFC 3376 §6\.4\.2/);
    // The toggle stays open as the class steps on; a packet's details are its rule.
    await page.click('[data-testid=scenario-step]');
    assert.match(await page.textContent('#narration-details-text'), /RFC/);
    // The glossary, in Japanese, with the course's terms.
    await page.click('[data-testid=glossary] summary');
    const glossary = await page.textContent('[data-testid=glossary]');
    for (const w of ['用語集', 'グループメンバーシップ間隔 (GMI)', 'ラストメンバークエリー時間 (LMQT)', 'ロバストネス変数 (QRV)', 'クエリアのクエリー間隔コード (QQIC)']) {
      assert.ok(glossary.includes(w), w);
    }
    assert.deepEqual(englishWords(glossary, new Set()), []);
    await shot(page, 'scenarios-details-glossary-1920x1080-ja-large');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

// The Japanese UI outside the Scenarios screen (#28): the Inspector with a frame open, the
// Builder, every lesson's first step and About show no English words beyond the allowed
// technical names. Tool output (tcpdump's line), hex and typed values are not prose.
const TECHNICAL = new Set(['Ethernet', 'IPv4', 'IPv6', 'Linux', 'cooked', 'pcap', 'pcapng', 'tcpdump', 'xx', 'DiffServ',
  'Internetwork', 'Control', 'EtherType', 'QinQ', 'on', 'off', 'JSON', 'VLAN', 'Wireshark', 'tshark', 'Scapy', 'xxd',
  'UDP', 'TCP', 'Python', 'hex', 'eth', 'ip', 'igmp', 'frame']);
function prose() {
  const skip = 'code, pre, kbd, textarea, .c-summary, [data-testid=hex-pane], [data-testid=filter-input], option, .mono, .json';
  const out = [];
  const walk = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    const el = n.parentElement;
    if (!el || el.closest(skip) || el.closest('[hidden]') || !el.getClientRects().length) continue;
    const closed = el.closest('details:not([open])');
    if (closed && !el.closest('summary')) continue;
    out.push(n.textContent);
  }
  return out.join('\n');
}

test('every screen in Japanese: no English words beyond technical names (Inspector, Builder, Lessons, About)', async () => {
  const { browser, page, errors } = await openApp({ lang: 'ja' });
  try {
    const found = new Map();
    const scan = async (where) => {
      const text = await page.evaluate(prose);
      for (const w of englishWords(text, TECHNICAL)) {
        // Hex, message slugs (v2-report) and field ids (frame.len) are names, not prose.
        if (/^x[0-9a-f]+$/i.test(w) || /^[0-9a-f]*[a-f][0-9a-f]*$/i.test(w) && /\d/.test(w) || /^v[123]-[a-z-]+$/.test(w) || /^[a-z0-9]+(\.[a-z0-9_]+)+$/.test(w)) continue;
        if (!found.has(w)) found.set(w, where);
      }
    };
    await page.fill('[data-testid=hex-input]', '01005e0a0a0a020000000001080046c000200000400001023851c0a8010ae00a0a0a940400001600ffeae00a0a0a');
    await page.waitForSelector('[data-testid=packet-row][data-index="0"]');
    await page.click('[data-testid=packet-row][data-index="0"]');
    await scan('inspector');
    await page.click('[data-testid=tab-builder]');
    await page.waitForSelector('[data-testid=builder-field]');
    await scan('builder');
    await page.click('[data-testid=tab-lessons]');
    const lessons = await page.$$eval('[data-testid=lesson-picker] option', (os) => os.map((o) => o.value));
    for (const v of lessons) {
      await page.selectOption('[data-testid=lesson-picker]', v);
      await scan(`lesson ${v}`);
    }
    await page.click('[data-testid=tab-about]');
    await scan('about');
    assert.deepEqual([...found.entries()], [], 'English words in the Japanese UI');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('unicast against multicast: the table of data on each link shows three unicast copies on the source link against one multicast copy, read from the run', async () => {
  const { browser, page, errors } = await classroom();
  try {
    await openScenario(page, 'unicast-vs-multicast');
    const steps = Number(await page.getAttribute(progress, 'data-steps'));
    for (let i = 0; i < steps; i++) await page.click('[data-testid=scenario-step]');
    const cells = async (link) => page.$$eval(`[data-testid=link-load] tr[data-link="${link}"] td`,
      (tds) => tds.map((td) => [Number(td.dataset.frames), Number(td.dataset.bytes)]));
    const [su, sm] = await cells('S');
    assert.equal(su[0], 3, 'one unicast copy per receiver on the source link');
    assert.equal(sm[0], 1, 'one multicast copy');
    assert.equal(su[1], 3 * sm[1]);
    for (const h of ['A', 'B', 'C']) assert.deepEqual(await cells(h), [[1, sm[1]], [1, sm[1]]], h);
    assert.deepEqual(await cells('D'), [[0, 0], [0, 0]], 'snooping keeps the stream off D');
    assert.match(await page.textContent('[data-testid=link-load] caption'), /各リンク/);
    await shot(page, 'scenarios-unicast-vs-multicast-1920x1080-ja-large');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
