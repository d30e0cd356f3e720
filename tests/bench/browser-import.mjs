// Benchmark (scripts/bench.sh): import and summarise an N-frame pcap in headless Chromium; the
// figure is the page's own timing (data-load-ms on the import status).
import { openApp } from '../e2e/helpers.mjs';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const n = Number(process.env.N ?? 1000000);
const frame = Buffer.from('01005e0a0a0a020000000001080046c000200000400001023851c0a8010ae00a0a0a940400001600ffeae00a0a0a', 'hex');
const buf = Buffer.alloc(24 + n * (16 + frame.length));
buf.writeUInt32LE(0xa1b2c3d4, 0); buf.writeUInt16LE(2, 4); buf.writeUInt16LE(4, 6); buf.writeUInt32LE(262144, 16); buf.writeUInt32LE(1, 20);
for (let i = 0, o = 24; i < n; i++, o += 16 + frame.length) {
  buf.writeUInt32LE(1700000000 + i, o); buf.writeUInt32LE(frame.length, o + 8); buf.writeUInt32LE(frame.length, o + 12);
  frame.copy(buf, o + 16);
}
const { browser, page } = await openApp();
const file = join(tmpdir(), `igmpwb-bench-${n}.pcap`);
writeFileSync(file, buf);
await page.setInputFiles('[data-testid=file-input]', file);
await page.waitForSelector('[data-testid=import-status][data-load-ms]', { timeout: 600000 });
const ms = await page.getAttribute('[data-testid=import-status]', 'data-load-ms');
console.log(`browser import + summaries of ${n} frames (${(buf.length / 1e6).toFixed(1)} MB): ${ms} ms (page timing, from file read to last row)`);
await browser.close();
