// Benchmark (scripts/bench.sh): how long the Inspector takes to answer a hover and a selection
// with a large capture loaded (N frames, default 100 000, of an IGMPv3 report with a record).
// Each action is a real event dispatched in the page; its time runs from the dispatch to the end
// of the page's reaction (the render runs in the same task; a message to the page itself waits it
// out, so every figure includes one turn of the event loop). Prints the median and the worst.
import { openApp } from '../e2e/helpers.mjs';
import { writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const n = Number(process.env.N ?? 100000);
const frame = Buffer.from('01005e00001602000000000108004 6c0002800004000010241efc000020ae0000016940400002200e8f90000000104000000ef010203'.replace(/ /g, ''), 'hex');
const head = Buffer.alloc(24);
head.writeUInt32LE(0xa1b2c3d4, 0); head.writeUInt16LE(2, 4); head.writeUInt16LE(4, 6); head.writeUInt32LE(262144, 16); head.writeUInt32LE(1, 20);
const per = 16 + frame.length;
const body = Buffer.alloc(n * per);
for (let i = 0, o = 0; i < n; i++, o += per) {
  body.writeUInt32LE(1700000000 + Math.floor(i / 1000), o); body.writeUInt32LE((i % 1000) * 1000, o + 4);
  body.writeUInt32LE(frame.length, o + 8); body.writeUInt32LE(frame.length, o + 12);
  frame.copy(body, o + 16);
}
const file = join(tmpdir(), `igmpwb-interaction-${n}.pcap`);
writeFileSync(file, Buffer.concat([head, body]));

const { browser, page } = await openApp();
try {
  await page.setInputFiles('[data-testid=file-input]', file);
  await page.waitForSelector('[data-testid=import-status][data-load-ms]', { timeout: 600000 });
  await page.waitForSelector('[data-field="igmp.maddr"]');
  const timings = await page.evaluate(async () => {
    // A message to itself: the next task, after the render's microtasks, without the 4 ms
    // clamp that nested zero timeouts get.
    const channel = new MessageChannel();
    const settle = () => new Promise((r) => { channel.port1.onmessage = () => r(); channel.port2.postMessage(0); });
    const time = async (act) => { const t0 = performance.now(); act(); await settle(); return performance.now() - t0; };
    const hover = [];
    const select = [];
    for (let round = 0; round < 5; round++) {
      // Move the pointer down the field tree, row by row, with the events a real pointer makes
      // (out of the last row and into the next); the hex pane highlights each row's bytes.
      let last = null;
      for (const row of [...document.querySelectorAll('[data-testid=field-tree] [data-field]')]) {
        hover.push(await time(() => {
          if (last) {
            last.dispatchEvent(new MouseEvent('mouseout', { bubbles: true, relatedTarget: row }));
            last.dispatchEvent(new MouseEvent('mouseleave', { relatedTarget: row }));
          }
          row.dispatchEvent(new MouseEvent('mouseover', { bubbles: true, relatedTarget: last }));
          row.dispatchEvent(new MouseEvent('mouseenter', { relatedTarget: last }));
        }));
        last = row;
      }
      // Select packets 2..11 by clicking their rows.
      for (let i = 1; i <= 10; i++) {
        const row = document.querySelector(`[data-testid=packet-row][data-index="${(i + round) % 10 + 1}"]`);
        if (row) select.push(await time(() => row.click()));
      }
    }
    return { hover, select };
  });
  const stats = (xs) => { const s = [...xs].sort((a, b) => a - b); return `median ${s[Math.floor(s.length / 2)].toFixed(1)} ms, worst ${s[s.length - 1].toFixed(1)} ms (${s.length} events)`; };
  console.log(`inspector pointer moving to the next field row with ${n} frames loaded: ${stats(timings.hover)}`);
  console.log(`inspector selection of a packet with ${n} frames loaded: ${stats(timings.select)}`);
} finally {
  await browser.close();
  rmSync(file, { force: true });
}
