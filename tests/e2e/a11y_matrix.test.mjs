// The accessibility matrix (#29): axe-core over every screen and state a user reaches, in both
// languages, both themes and both text sizes, at a laptop's 1366×768 and a phone's 390×844:
// zero violations of any impact (minor and moderate included).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openApp } from './helpers.mjs';

const AXE = readFileSync(fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url)), 'utf8');
const corpus = (p) => fileURLToPath(new URL(`../data/corpus/${p}`, import.meta.url));

async function axeAll(page) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.flatMap((v) => v.nodes.map((n) => `${v.impact} ${v.id}: ${n.target.join(' ')}`));
  });
}

// Every state of the list, in the order a user meets them.
async function walk(page, check) {
  await check('inspector empty');
  await page.setInputFiles('[data-testid=file-input]', corpus('linux-frr/router-querier-frr-v2.pcap'));
  await page.waitForSelector('[data-field="igmp.maddr"]');
  await page.click('[data-testid=packet-row][data-index="2"]');
  await page.waitForSelector('[data-field="igmp.max_resp"]');
  await check('inspector with capture and selection');
  await page.fill('[data-testid=packet-filter]', 'igmp.type ==');
  await page.waitForSelector('[data-testid=filter-error]');
  await check('inspector filter error');
  await page.fill('[data-testid=packet-filter]', '');
  await page.click('[data-testid=analysis-open]');
  await page.waitForSelector('[data-testid=analysis]');
  await check('analysis');
  await page.click('[data-testid=analysis-close]');
  await page.fill('[data-testid=mac-input]', '01:00:5e:01:02:03');
  await page.waitForSelector('[data-testid=mac-binary]');
  await check('MAC result');
  await page.fill('[data-testid=mac-input]', 'nonsense');
  await check('MAC error');
  await page.fill('[data-testid=mac-input]', '');

  await page.click('[data-testid=tab-builder]');
  await page.waitForSelector('[data-testid=builder-hex]');
  await check('builder default');
  await page.selectOption('[data-testid=builder-message]', 'v3-report');
  await page.click('[data-testid=builder-intent-add]');
  await page.waitForSelector('.record[data-record="0"]');
  await check('builder with records');
  await page.fill('[data-testid=builder-field][data-field="ip.src"]', 'abc');
  await page.press('[data-testid=builder-field][data-field="ip.src"]', 'Tab');
  await page.waitForSelector('[data-testid=builder-field-error]');
  await page.fill('[data-testid=builder-intent-group]', 'abc');
  await page.click('[data-testid=builder-intent-add]');
  await page.waitForSelector('[data-testid=builder-error]');
  await check('builder with errors');
  // An MLD message (#30): its IPv6 form and source list, its ICMPv6 tree.
  await page.selectOption('[data-testid=builder-message]', 'mld2-group-source-query');
  await page.waitForSelector('[data-testid=builder-field][data-field="icmpv6.mld.source_address"]');
  await check('builder MLD');

  await page.click('[data-testid=tab-scenarios]');
  await page.selectOption('[data-testid=scenario-picker]', 'v2-last-member-leaves');
  await page.waitForFunction(() => !document.querySelector('[data-testid=scenario-running]')
    && document.querySelector('[data-testid=scenario-progress]')?.dataset.steps !== '0');
  for (let i = 0; i < 3; i++) await page.click('[data-testid=scenario-step]');
  await check('scenarios stepped');
  await page.click('[data-testid=predict-toggle]');
  const choice = page.locator('[data-testid=predict-choice]');
  for (let i = 0; i < 40 && !(await choice.count()); i++) await page.click('[data-testid=scenario-step]');
  await check('predict question');
  await choice.first().click();
  await page.waitForSelector('[data-testid=predict-result]');
  await check('predict verdict');
  await page.click('[data-testid=scenario-present]');
  await page.waitForSelector('.scenarios.presenting');
  await check('presenter');
  await page.click('[data-testid=scenario-present]');
  await page.waitForSelector('.scenarios:not(.presenting)');
  await page.fill('[data-testid=scenario-json]', '{ "name": ');
  await page.click('[data-testid=scenario-apply]');
  await page.waitForSelector('[data-testid=scenario-error]');
  await check('scenario JSON error');

  await page.click('[data-testid=tab-lessons]');
  await page.selectOption('[data-testid=lesson-picker]', '6');
  await check('lessons');
  await page.click('[data-testid=tab-about]');
  await check('about');
  // A share link that cannot be read.
  const base = page.url().replace(/#.*$/, '');
  await page.goto('about:blank');
  await page.goto(base + '#capture=!!!');
  await page.waitForSelector('[data-testid=share-error]');
  await check('share-link error');
}

for (const [width, height] of [[1366, 768], [390, 844]]) {
  test(`axe matrix at ${width}×${height}: every state, en/ja × light/dark × normal/large text`, async () => {
    const found = [];
    for (const lang of ['en', 'ja']) {
      for (const scheme of ['light', 'dark']) {
        for (const large of [false, true]) {
          const { browser, page, errors } = await openApp({ lang });
          try {
            await page.setViewportSize({ width, height });
            await page.emulateMedia({ colorScheme: scheme });
            if (lang === 'ja') await page.click('[data-testid=lang-ja]');
            if (large) await page.click('[data-testid=large-text]');
            const where = `${lang} ${scheme}${large ? ' large' : ''}`;
            await walk(page, async (state) => {
              for (const v of await axeAll(page)) found.push(`${where} · ${state}: ${v}`);
            });
            assert.deepEqual(errors, [], where);
          } finally {
            await browser.close();
          }
        }
      }
    }
    assert.deepEqual(found, [], found.join('\n'));
  });
}
