// Accessibility at phone size (#29): axe-core on every screen at 360 px, every impact, with
// predict mode asking, in presenter mode, and on a lesson's exercise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openApp } from './helpers.mjs';

const AXE = readFileSync(fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url)), 'utf8');
const corpus = (p) => fileURLToPath(new URL(`../data/corpus/${p}`, import.meta.url));

async function axeAll(page) {
  await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.flatMap((v) => v.nodes.map((n) => `${v.impact} ${v.id}: ${n.target.join(' ')}`));
  });
}

for (const lang of ['en', 'ja']) {
  test(`axe at 360 px: no violation of any impact on any screen (${lang})`, async () => {
    const { browser, page } = await openApp({ lang });
    try {
      await page.setViewportSize({ width: 360, height: 740 });
      if (lang === 'ja') await page.click('[data-testid=lang-ja]');
      const found = {};
      await page.setInputFiles('[data-testid=file-input]', corpus('linux-frr/router-querier-frr-v2.pcap'));
      await page.waitForSelector('[data-field="igmp.maddr"]');
      found.inspector = await axeAll(page);
      await page.click('[data-testid=tab-builder]');
      await page.waitForSelector('[data-testid=builder-hex]');
      found.builder = await axeAll(page);
      await page.click('[data-testid=tab-scenarios]');
      await page.selectOption('[data-testid=scenario-picker]', 'v2-last-member-leaves');
      await page.waitForFunction(() => document.querySelector('[data-testid=scenario-progress]')?.dataset.steps !== '0');
      for (let i = 0; i < 4; i++) await page.click('[data-testid=scenario-step]');
      found.scenarios = await axeAll(page);
      // Predict mode with a question on screen, then presenter mode (#29).
      await page.click('[data-testid=predict-toggle]');
      for (let i = 0; i < 6 && !(await page.locator('[data-testid=predict-choice]').count()); i++) {
        await page.click('[data-testid=scenario-step]');
      }
      assert.ok(await page.locator('[data-testid=predict-choice]').count() >= 3, 'a question is asked');
      found.predict = await axeAll(page);
      await page.click('[data-testid=scenario-present]');
      await page.waitForSelector('.scenarios.presenting');
      found.presenter = await axeAll(page);
      await page.keyboard.press('Escape');
      await page.click('[data-testid=tab-lessons]');
      await page.selectOption('[data-testid=lesson-picker]', '6');
      found.lessons = await axeAll(page);
      await page.click('[data-testid=tab-about]');
      found.about = await axeAll(page);
      assert.deepEqual(found, { inspector: [], builder: [], scenarios: [], predict: [], presenter: [], lessons: [], about: [] });
    } finally {
      await browser.close();
    }
  });
}
