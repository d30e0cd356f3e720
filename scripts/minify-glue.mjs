// Trunk's post-build hook (Trunk.toml), release builds only:
// 1. minifies wasm-bindgen's JavaScript glue, which trunk leaves as written (61 KB, 9.8 KB
//    gzipped; 28 KB, 7.8 KB gzipped minified);
// 2. shortens the names by which the wasm imports the glue's functions. wasm-bindgen names each
//    `__wbg_<name>_<16 hex digits>` and its module "./igmp-workbench_bg.js"; both are written
//    in the wasm's import section and again as keys of the glue's import object, and the hex
//    digits do not compress. Each becomes a short name (`a`, `b`, … `aa`, …) in both files;
//    a name that is not found exactly once in the glue stops the build;
// 3. puts the new files' hashes into index.html's integrity attributes.
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { transformSync } from 'esbuild';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir || process.env.TRUNK_PROFILE !== 'release') process.exit(0);
const sri = (bytes) => 'sha384-' + createHash('sha384').update(bytes).digest('base64');
const html = join(dir, 'index.html');
let page = readFileSync(html, 'utf8');
const replaceSri = (name, before, after) => {
  const old = sri(before);
  if (!page.includes(old)) throw new Error(`minify-glue: no integrity ${old} for ${name} in index.html`);
  page = page.replaceAll(old, sri(after));
};

const files = readdirSync(dir);
const glue = files.filter((f) => /^igmp-workbench-[0-9a-f]+\.js$/.test(f));
if (glue.length !== 1) throw new Error(`minify-glue: expected one glue file, found ${glue}`);
const wasmName = glue[0].replace(/\.js$/, '_bg.wasm');
const jsPath = join(dir, glue[0]);
const wasmPath = join(dir, wasmName);
const jsBefore = readFileSync(jsPath);
const wasmBefore = readFileSync(wasmPath);

let js = transformSync(jsBefore.toString('utf8'), { minify: true, format: 'esm', target: 'es2020' }).code;
const { wasm, renamed } = shortenImports(wasmBefore, (old, short) => {
  const key = (name) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name)) + ':';
  const count = js.split(key(old)).length - 1;
  if (count !== 1) throw new Error(`minify-glue: import ${old} is a key ${count} times in the glue, not once`);
  js = js.replace(key(old), key(short));
});
writeFileSync(jsPath, js);
writeFileSync(wasmPath, wasm);
replaceSri(glue[0], jsBefore, Buffer.from(js));
replaceSri(wasmName, wasmBefore, wasm);
writeFileSync(html, page);
console.log(`minify-glue: ${glue[0]} ${jsBefore.length} -> ${js.length} bytes; ${wasmName} ${wasmBefore.length} -> ${wasm.length} bytes (${renamed} imports renamed)`);

// The n-th short name: a..z, A..Z, then two letters, and so on.
function shortName(n) {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let name = '';
  for (let k = n; ; k = Math.floor(k / letters.length) - 1) {
    name = letters[k % letters.length] + name;
    if (k < letters.length) return name;
  }
}

// Rewrites the wasm's import section (id 2) with short module and field names; `rename(old,
// short)` is told each module and each field once, so that the glue follows.
function shortenImports(bytes, rename) {
  const u32 = (buf, at) => {
    let value = 0, shift = 0, pos = at;
    for (;;) {
      const b = buf[pos++];
      if (b === undefined || shift > 28) throw new Error('minify-glue: bad LEB128 in the wasm');
      value += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if (!(b & 0x80)) return [value, pos];
    }
  };
  const leb = (n) => {
    const out = [];
    do {
      let b = n & 0x7f;
      n = Math.floor(n / 128);
      if (n) b |= 0x80;
      out.push(b);
    } while (n);
    return Buffer.from(out);
  };
  const str = (s) => Buffer.concat([leb(Buffer.byteLength(s)), Buffer.from(s, 'utf8')]);
  if (bytes.readUInt32LE(0) !== 0x6d736100) throw new Error('minify-glue: not a wasm module');
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, body] = u32(bytes, at + 1);
    const end = body + size;
    if (id !== 2) {
      at = end;
      continue;
    }
    let [count, pos] = u32(bytes, body);
    const entries = [leb(count)];
    const modules = new Map(), fields = new Map();
    let renamed = 0;
    for (let i = 0; i < count; i++) {
      let len, module, field;
      [len, pos] = u32(bytes, pos);
      module = bytes.subarray(pos, pos + len).toString('utf8');
      pos += len;
      [len, pos] = u32(bytes, pos);
      field = bytes.subarray(pos, pos + len).toString('utf8');
      pos += len;
      // The descriptor, copied as it is: function, table, memory, global or tag.
      const from = pos;
      const kind = bytes[pos++];
      const limits = () => {
        const flags = bytes[pos++];
        [, pos] = u32(bytes, pos);
        if (flags & 1) [, pos] = u32(bytes, pos);
      };
      if (kind === 0 || kind === 4) {
        if (kind === 4) pos++;
        [, pos] = u32(bytes, pos);
      } else if (kind === 1) {
        pos++;
        limits();
      } else if (kind === 2) limits();
      else if (kind === 3) pos += 2;
      else throw new Error(`minify-glue: import kind ${kind} unknown`);
      const descriptor = bytes.subarray(from, pos);
      if (!modules.has(module)) {
        modules.set(module, shortName(modules.size));
        rename(module, modules.get(module));
      }
      const key = `${module}\0${field}`;
      if (!fields.has(key)) {
        fields.set(key, shortName(fields.size));
        rename(field, fields.get(key));
        renamed++;
      }
      entries.push(str(modules.get(module)), str(fields.get(key)), descriptor);
    }
    if (pos !== end) throw new Error('minify-glue: the import section has bytes left over');
    const section = Buffer.concat(entries);
    const wasm = Buffer.concat([bytes.subarray(0, at), Buffer.from([2]), leb(section.length), section, bytes.subarray(end)]);
    return { wasm, renamed };
  }
  throw new Error('minify-glue: the wasm has no import section');
}
