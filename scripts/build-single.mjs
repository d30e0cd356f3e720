// Writes dist/igmp-workbench.html: the release build in one file (issue #15), for a class that
// has no server and no network: the styles, the icon, the JavaScript glue and the wasm are
// inlined, so the file opens from file:// by double-click.
//
// The glue becomes a Blob module and the wasm is handed to it as bytes (base64 in the page), so
// nothing is fetched. The import worker needs the glue at a URL of its own and is not started;
// the page then reads files itself, as it does wherever workers are unavailable.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dist = process.argv[2] ?? 'dist';
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const find = (re, what) => {
  const m = html.match(re);
  if (!m) throw new Error(`dist/index.html: no ${what} (run trunk build --release first)`);
  return m[1];
};
const js = find(/["']\.?\/?([\w-]+\.js)["']/, 'JavaScript glue');
const wasm = find(/["']\.?\/?([\w-]+_bg\.wasm)["']/, 'wasm');
const css = find(/href=["']?\.?\/?(style-[\w-]+\.css)/, 'stylesheet');

// Text inside a <script> or <style> must not close its element early.
const safe = (text) => text.replace(/<\/(script|style)/gi, '<\\/$1');
const glue = readFileSync(join(dist, js), 'utf8');
const bytes = readFileSync(join(dist, wasm)).toString('base64');
const styles = readFileSync(join(dist, css), 'utf8');
const logo = readFileSync(join(dist, 'static', 'logo.svg')).toString('base64');

let out = html
  // Preloads, the stylesheet, the manifest and the trunk start script go; inlined copies follow.
  .replace(/<link[^>]*rel=["']?(modulepreload|preload|stylesheet|manifest)["']?[^>]*>/gi, '')
  .replace(/<script type=["']?module["']?>[\s\S]*?<\/script>/gi, '')
  .replace(/<script[^>]*data-service-worker[^>]*>[\s\S]*?<\/script>/gi, '')
  .replace(/href=["']?\.?\/?static\/logo\.svg["']?/g, `href="data:image/svg+xml;base64,${logo}"`);
const start = `<script type="module">
const wasm = Uint8Array.from(atob(${JSON.stringify(bytes)}), (c) => c.charCodeAt(0));
const glue = URL.createObjectURL(new Blob([${safe(JSON.stringify(glue))}], { type: 'text/javascript' }));
const { default: init } = await import(glue);
await init({ module_or_path: wasm });
</script>`;
out = out.replace('</head>', () => `<style>${safe(styles)}</style>\n${start}\n</head>`);
for (const name of [js, wasm, css]) {
  if (out.includes(name)) throw new Error(`igmp-workbench.html still refers to ${name}`);
}
writeFileSync(join(dist, 'igmp-workbench.html'), out);
console.log(`${join(dist, 'igmp-workbench.html')}: ${out.length} bytes`);
