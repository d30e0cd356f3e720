// Benchmark (scripts/bench.sh): open an N-frame pcap in headless Chromium through the file input
// and report, from the page itself:
//  - the time from the file's choice to the last listed row (data-load-ms on the import status);
//  - the longest main-thread task while it loads (a PerformanceObserver on `longtask`: Chromium
//    reports every task over 50 ms; "none" means no task reached 50 ms);
//  - memory per listed frame: the growth of the wasm linear memory plus the growth of the JS heap
//    (after a forced garbage collection), divided by the frames listed.
// FRAME_BYTES (default 46, an IGMPv2 report) pads each frame to that size (N=10000000
// FRAME_BYTES=64 makes the 10M-frame, ~800 MB file of the issue).
import { openApp } from '../e2e/helpers.mjs';
import { createWriteStream, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const n = Number(process.env.N ?? 1000000);
const size = Math.max(46, Number(process.env.FRAME_BYTES ?? 46));
const base = Buffer.from('01005e0a0a0a020000000001080046c000200000400001023851c0a8010ae00a0a0a940400001600ffeae00a0a0a', 'hex');
const frame = Buffer.concat([base, Buffer.alloc(size - base.length)]);

// Written in 64 MB pieces so that a 10M-frame file never sits whole in node's memory.
const file = join(tmpdir(), `igmpwb-bench-${n}-${size}.pcap`);
const out = createWriteStream(file);
const head = Buffer.alloc(24);
head.writeUInt32LE(0xa1b2c3d4, 0); head.writeUInt16LE(2, 4); head.writeUInt16LE(4, 6); head.writeUInt32LE(262144, 16); head.writeUInt32LE(1, 20);
out.write(head);
const per = 16 + frame.length;
const batch = Math.floor((64 << 20) / per);
for (let i = 0; i < n; i += batch) {
  const k = Math.min(batch, n - i);
  const buf = Buffer.alloc(k * per);
  for (let j = 0, o = 0; j < k; j++, o += per) {
    buf.writeUInt32LE(1700000000 + Math.floor((i + j) / 1000), o); buf.writeUInt32LE(((i + j) % 1000) * 1000, o + 4);
    buf.writeUInt32LE(frame.length, o + 8); buf.writeUInt32LE(frame.length, o + 12);
    frame.copy(buf, o + 16);
  }
  if (!out.write(buf)) await once(out, 'drain');
}
out.end();
await once(out, 'finish');
const mb = (statSync(file).size / 1e6).toFixed(1);

const { browser, page } = await openApp({
  init: () => {
    window.__longest = 0;
    window.__longtasks = 0;
    window.__tasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        window.__longest = Math.max(window.__longest, e.duration);
        window.__longtasks++;
        window.__tasks.push([Math.round(e.startTime - (window.__t0 ?? 0)), Math.round(e.duration)]);
      }
    }).observe({ type: 'longtask', buffered: true });
    addEventListener('TrunkApplicationStarted', (e) => { window.__wasm = e.detail.wasm; });
  },
  args: ['--js-flags=--expose-gc', '--enable-precise-memory-info'],
});
try {
  const memory = () => page.evaluate(() => {
    if (window.gc) window.gc();
    return { wasm: window.__wasm ? window.__wasm.memory.buffer.byteLength : 0, js: performance.memory ? performance.memory.usedJSHeapSize : 0 };
  });
  const before = await memory();
  // Only the import counts: reset after the app's start.
  await page.evaluate(() => { window.__longest = 0; window.__longtasks = 0; window.__tasks = []; window.__t0 = performance.now(); });
  // PROFILE=1: sample the page's thread with the DevTools profiler and print, for every stretch of
  // 50 ms or more without idle time, the functions that took its time (a build with a wasm name
  // section shows Rust names).
  const cdp = process.env.PROFILE ? await page.context().newCDPSession(page) : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  const t0 = Date.now();
  await page.setInputFiles('[data-testid=file-input]', file);
  await page.waitForSelector('[data-testid=import-status][data-load-ms]', { timeout: 1800000 });
  const wall = Date.now() - t0;
  const ms = await page.getAttribute('[data-testid=import-status]', 'data-load-ms');
  const workerMs = await page.getAttribute('[data-testid=import-status]', 'data-worker-ms');
  const status = await page.textContent('[data-testid=import-status]');
  const listed = Number((/· (\d+)/.exec(status) ?? [])[1] ?? 0);
  if (cdp) printBusyStretches((await cdp.send('Profiler.stop')).profile);
  const after = await memory();
  const { longest, count, tasks } = await page.evaluate(() => ({ longest: window.__longest, count: window.__longtasks, tasks: window.__tasks }));
  const perFrame = listed ? ((after.wasm - before.wasm) + (after.js - before.js)) / listed : 0;
  console.log(`browser import + summaries of ${n} frames (${mb} MB, ${size}-byte frames): ${ms} ms by the page's timing, ${wall} ms by the test's clock (file choice to last row), ${listed} frames listed; the import worker's own time ${workerMs ?? 'n/a (no worker)'} ms`);
  console.log(`browser longest main-thread task during the import: ${count ? `${Math.round(longest)} ms (${count} tasks over 50 ms, [start ms after the file's choice, duration]: ${JSON.stringify(tasks.slice(0, 8))})` : 'none over 50 ms'}`);
  console.log(`browser memory per listed frame: ${perFrame.toFixed(1)} bytes (wasm memory ${(before.wasm / 1048576).toFixed(0)} → ${(after.wasm / 1048576).toFixed(0)} MiB, JS heap ${(before.js / 1048576).toFixed(0)} → ${(after.js / 1048576).toFixed(0)} MiB)`);
} finally {
  await browser.close();
  rmSync(file, { force: true });
}

function printBusyStretches(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const idle = (id) => ['(idle)', '(program)'].includes(byId.get(id).callFrame.functionName);
  let t = profile.startTime;
  const samples = profile.samples.map((id, i) => { t += profile.timeDeltas[i]; return [t, id]; });
  let start = null;
  const stretches = [];
  for (let i = 0; i < samples.length; i++) {
    const [time, id] = samples[i];
    if (!idle(id)) { if (start === null) start = i; continue; }
    if (start !== null && time - samples[start][0] >= 50000) stretches.push([start, i]);
    start = null;
  }
  for (const [a, b] of stretches) {
    const self = new Map();
    const total = new Map();
    for (let i = a; i < b; i++) {
      const dt = (samples[i + 1]?.[0] ?? samples[i][0]) - samples[i][0];
      const f = byId.get(samples[i][1]).callFrame;
      const key = f.functionName || `(anonymous ${f.url.split('/').pop()}:${f.lineNumber})`;
      self.set(key, (self.get(key) ?? 0) + dt);
      const seen = new Set();
      for (let id = samples[i][1]; id !== undefined; id = parent.get(id)) {
        const g = byId.get(id).callFrame;
        const k = g.functionName || '(anonymous)';
        if (!seen.has(k)) { seen.add(k); total.set(k, (total.get(k) ?? 0) + dt); }
      }
    }
    const ms = (samples[b][0] - samples[a][0]) / 1000;
    const top = (m) => [...m].sort((x, y) => y[1] - x[1]).slice(0, 12).map(([k, v]) => `${(v / 1000).toFixed(1)} ms ${k.slice(0, 110)}`).join('\n    ');
    console.log(`busy stretch of ${ms.toFixed(0)} ms at ${((samples[a][0] - profile.startTime) / 1000).toFixed(0)} ms:\n  self:\n    ${top(self)}\n  total:\n    ${top(total)}`);
  }
}
