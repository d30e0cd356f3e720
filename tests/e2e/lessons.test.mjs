// The Lessons screen (#28): a lesson walked from start to end in Japanese, its exercises answered
// wrong and then right; a step opens its scenario; a teacher's own lesson by JSON and by link.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, shot } from './helpers.mjs';

async function lessons(lang = 'ja') {
  const app = await openApp({ lang });
  await app.page.setViewportSize({ width: 1366, height: 768 });
  await app.page.click('[data-testid=tab-lessons]');
  return app;
}

const stepAttr = async (page) => Number(await page.getAttribute('[data-testid=lesson-step]', 'data-step'));

// Answers the exercise shown: `right` picks the right answer (read from the verdict of a wrong
// one for a choice), or types it.
async function check(page) {
  await page.click('[data-testid=exercise-check]');
  const result = page.locator('[data-testid=exercise-result]');
  return { right: (await result.getAttribute('data-right')) === 'true', text: await result.textContent() };
}

test('the seven lessons follow the course; the formats lesson is walked with its exercises answered wrong, then right', async () => {
  const { browser, page, errors } = await lessons();
  try {
    const names = await page.$$eval('[data-testid=lesson-picker] option', (os) => os.map((o) => o.textContent));
    assert.equal(names.length, 7);
    assert.match(names[0], /^1\. なぜマルチキャストか/);
    assert.match(names[6], /^7\. /);
    await page.selectOption('[data-testid=lesson-picker]', '6');
    assert.equal(await page.getAttribute('[data-testid=lesson-step]', 'data-steps'), '3');
    assert.ok(await page.isDisabled('[data-testid=lesson-back]'));
    // 1: the MAC of 239.255.0.10.
    assert.equal(await page.getAttribute('[data-testid=exercise]', 'data-kind'), 'mac');
    await page.fill('[data-testid=exercise-answer]', '01:00:5e:ff:00:0a');
    let v = await check(page);
    assert.equal(v.right, false);
    assert.match(v.text, /RFC 1112 §6\.4/);
    await page.fill('[data-testid=exercise-answer]', '０１：００：５ｅ：７ｆ：００：０ａ'); // a Japanese input method's digits
    v = await check(page);
    assert.equal(v.right, true, v.text);
    assert.match(v.text, /^正解/);
    // 2: find the error: the field list comes from the frame.
    await page.click('[data-testid=lesson-next]');
    assert.equal(await stepAttr(page), 2);
    assert.equal(await page.getAttribute('[data-testid=exercise]', 'data-kind'), 'find-error');
    await page.selectOption('[data-testid=exercise-answer]', 'ip.ttl');
    v = await check(page);
    assert.equal(v.right, false);
    await page.selectOption('[data-testid=exercise-answer]', 'igmp.checksum');
    v = await check(page);
    assert.equal(v.right, true, v.text);
    await shot(page, 'lessons-find-error-1366x768-ja');
    // 3: build a Leave for 239.1.1.1: a report is read and refused, a Leave is right.
    await page.click('[data-testid=lesson-next]');
    assert.equal(await page.getAttribute('[data-testid=exercise]', 'data-kind'), 'build');
    await page.fill('[data-testid=exercise-answer]', '16 00 f9 fc ef 01 01 01');
    v = await check(page);
    assert.equal(v.right, false);
    assert.match(v.text, /239\.1\.1\.1 の v2 レポート/);
    await page.fill('[data-testid=exercise-answer]', '17 00 f8 fc ef 01 01 01');
    v = await check(page);
    assert.equal(v.right, true, v.text);
    assert.ok(await page.isDisabled('[data-testid=lesson-next]'), 'the last step');
    await page.click('[data-testid=lesson-back]');
    assert.equal(await stepAttr(page), 2);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('a lesson step opens its scenario, and a predict exercise is judged with its rule', async () => {
  const { browser, page, errors } = await lessons();
  try {
    await page.selectOption('[data-testid=lesson-picker]', '2'); // 3. leaving
    assert.equal(await page.getAttribute('[data-testid=lesson-open-scenario]', 'data-scenario'), 'v1-silent-leave');
    await page.click('[data-testid=lesson-open-scenario]');
    await page.waitForSelector('[data-testid=scenarios]:visible');
    assert.equal(await page.inputValue('[data-testid=scenario-picker]'), 'v1-silent-leave');
    await page.click('[data-testid=tab-lessons]');
    await page.click('[data-testid=lesson-next]');
    await page.click('[data-testid=lesson-next]');
    assert.equal(await page.getAttribute('[data-testid=exercise]', 'data-kind'), 'predict');
    const options = await page.$$eval('[data-testid=exercise-answer] option', (os) => os.map((o) => o.value));
    let right = null;
    for (const o of options) {
      await page.selectOption('[data-testid=exercise-answer]', o);
      const v = await check(page);
      assert.match(v.text, /RFC 2236 §3/);
      if (v.right) right = o;
    }
    assert.notEqual(right, null, 'one choice is right');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('a teacher writes a lesson as JSON, refused with its reason when wrong, and shares it by link', async () => {
  const { browser, page, errors } = await lessons('en');
  try {
    await page.click('.lesson-editor summary');
    await page.fill('[data-testid=lesson-json]', '{"name": "x", "title": {"en": "Mine", "ja": "自作"}, "steps": [{"goal": {"en": "g", "ja": "g"}, "scenario": "no-such"}]}');
    await page.click('[data-testid=lesson-apply]');
    assert.match(await page.textContent('[data-testid=lesson-error]'), /steps\[0\]/);
    const mine = '{"name": "x", "title": {"en": "My MAC lesson", "ja": "MAC のレッスン"}, "steps": [{"goal": {"en": "Map 224.0.0.251", "ja": "224.0.0.251 の MAC"}, "mac": "224.0.0.251"}]}';
    await page.fill('[data-testid=lesson-json]', mine);
    await page.click('[data-testid=lesson-apply]');
    assert.equal(await page.locator('[data-testid=lesson-error]').count(), 0);
    assert.match(await page.textContent('.lessons h2'), /My MAC lesson/);
    await page.click('[data-testid=lesson-share]');
    const url = page.url();
    assert.match(url, /#lesson=/);
    const other = await browser.newPage();
    await other.goto(url);
    await other.waitForSelector('[data-testid=lesson-step]');
    assert.match(await other.textContent('.lessons h2'), /My MAC lesson/);
    await other.fill('[data-testid=exercise-answer]', '01:00:5e:00:00:fb');
    await other.click('[data-testid=exercise-check]');
    assert.equal(await other.getAttribute('[data-testid=exercise-result]', 'data-right'), 'true');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('a build exercise takes the frame made in the Builder: a v2 report is refused, the Leave for 239.1.1.1 is right', async () => {
  const { browser, page, errors } = await lessons('en');
  try {
    const build = async (message, group) => {
      await page.click('[data-testid=tab-builder]');
      await page.selectOption('[data-testid=builder-message]', message);
      const input = page.locator('[data-testid=builder-field][data-field="igmp.maddr"]');
      await input.fill(group);
      await input.press('Enter');
      await page.click('[data-testid=tab-lessons]');
      await page.selectOption('[data-testid=lesson-picker]', '6');
      await page.click('[data-testid=lesson-next]');
      await page.click('[data-testid=lesson-next]');
      assert.equal(await page.getAttribute('[data-testid=exercise]', 'data-kind'), 'build');
      await page.click('[data-testid=exercise-from-builder]');
      assert.match(await page.inputValue('[data-testid=exercise-answer]'), /^01005e/, 'the whole Ethernet frame');
      return check(page);
    };
    let v = await build('v2-report', '239.1.1.1');
    assert.equal(v.right, false, v.text);
    v = await build('v2-leave', '239.1.1.1');
    assert.equal(v.right, true, v.text);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
