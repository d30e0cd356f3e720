// Works where the classroom is (issue #15): the single-file build from file://, and a hosted copy
// that keeps working once its server is gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { shot } from './helpers.mjs';

const DIST = resolve(process.env.DIST_DIR ?? 'dist');
const ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
// An IGMPv2 report for 224.10.10.10 from 192.168.1.10.
const V2_REPORT = '01005e0a0a0a020000000001080046c000200000400001023851c0a8010ae00a0a0a940400001600ffeae00a0a0a';

const launch = () => chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ARGS });

test('dist/igmp-workbench.html opens from file:// with no server and no network, and decodes a pasted frame', async () => {
  const file = join(DIST, 'igmp-workbench.html');
  assert.ok(existsSync(file), `${file} (scripts/build-single.sh writes it)`);
  const html = readFileSync(file, 'utf8');
  assert.doesNotMatch(html, /(src|href)=["']?\.?\/?[\w-]+\.(js|wasm|css)\b/, 'no file beside it is needed');
  const browser = await launch();
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const requests = [];
    context.on('request', (r) => { if (!/^(file|data|blob):/.test(r.url())) requests.push(r.url()); });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('[data-testid=tab-inspector]');
    // The header's logo is drawn (inline), not a link to a file the single file lacks.
    const logo = await page.$eval('.brand .logo svg', (e) => e.getBoundingClientRect().width);
    assert.ok(logo >= 24, `logo ${logo} px wide`);
    assert.equal(await page.locator('img[src*="static/"]').count(), 0);
    await page.fill('[data-testid=hex-input]', V2_REPORT);
    await page.waitForSelector('[data-field="igmp.maddr"]');
    assert.match(await page.textContent('[data-field="igmp.maddr"]'), /224\.10\.10\.10/);
    // A capture file is read too (on the page's thread: the single file starts no import worker).
    await page.setInputFiles('[data-testid=file-input]', fileURLToPath(new URL('../data/corpus/linux-frr/host-v2-join-leave.pcap', import.meta.url)));
    await page.waitForSelector('[data-testid=packet-row][data-index="1"]');
    assert.deepEqual(requests, [], 'nothing fetched over the network');
    assert.deepEqual(errors, []);
    console.log(`single file: ${statSync(file).size} bytes`);
  } finally {
    await browser.close();
  }
});

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.svg': 'image/svg+xml', '.webmanifest': 'application/manifest+json' };

test('a hosted copy is installable and keeps working offline once loaded (manifest and service worker)', async () => {
  const server = createServer((req, res) => {
    const path = join(DIST, decodeURIComponent(new URL(req.url, 'http://x').pathname));
    const file = path.endsWith('/') ? join(path, 'index.html') : path;
    if (!file.startsWith(DIST) || !existsSync(file) || !statSync(file).isFile()) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}/`;
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.goto(url);
    await page.waitForSelector('[data-testid=tab-inspector]');
    const manifest = await page.evaluate(async () => {
      const link = document.querySelector('link[rel=manifest]');
      return (await fetch(link.href)).json();
    });
    assert.equal(manifest.display, 'standalone');
    assert.ok(manifest.icons.length > 0 && manifest.start_url);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    // The server goes away: the page still loads and decodes.
    await new Promise((r) => { server.closeAllConnections(); server.close(r); });
    await page.reload();
    await page.waitForSelector('[data-testid=tab-inspector]');
    // The header's logo is drawn (inline), not a link to a file the single file lacks.
    const logo = await page.$eval('.brand .logo svg', (e) => e.getBoundingClientRect().width);
    assert.ok(logo >= 24, `logo ${logo} px wide`);
    assert.equal(await page.locator('img[src*="static/"]').count(), 0);
    await page.fill('[data-testid=hex-input]', V2_REPORT);
    await page.waitForSelector('[data-field="igmp.maddr"]');
    // What is kept: the page and the files of this build, the wasm among them.
    const kept = await page.evaluate(async () => (await (await caches.open('igmp-workbench')).keys()).map((r) => new URL(r.url).pathname));
    assert.ok(kept.includes('/') && kept.some((p) => p.endsWith('_bg.wasm')), kept.join(' '));
    await shot(page, 'offline-after-server-stopped');
  } finally {
    await browser.close();
    server.close();
  }
});
