// Trunk's post-build hook (Trunk.toml): minifies wasm-bindgen's JavaScript glue, which trunk
// leaves as written (61 KB, 9.8 KB gzipped; 28 KB, 7.8 KB gzipped minified), and puts the new
// file's hash into index.html's integrity attribute. Release builds only.
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { transformSync } from 'esbuild';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir || process.env.TRUNK_PROFILE !== 'release') process.exit(0);
const sri = (bytes) => 'sha384-' + createHash('sha384').update(bytes).digest('base64');
const html = join(dir, 'index.html');
let page = readFileSync(html, 'utf8');
for (const name of readdirSync(dir).filter((f) => /^igmp-workbench-[0-9a-f]+\.js$/.test(f))) {
  const path = join(dir, name);
  const before = readFileSync(path);
  // Property names (the wasm's import names) are kept; only local names and spaces go.
  const after = transformSync(before.toString('utf8'), { minify: true, format: 'esm', target: 'es2020' }).code;
  writeFileSync(path, after);
  const old = sri(before);
  if (!page.includes(old)) throw new Error(`minify-glue: no integrity ${old} for ${name} in index.html`);
  page = page.replaceAll(old, sri(Buffer.from(after)));
  console.log(`minify-glue: ${name} ${before.length} -> ${after.length} bytes`);
}
writeFileSync(html, page);
