// Reports the gzip size of what the first page load fetches (index.html's script, its
// static imports and the stylesheet) and of each lazily loaded chunk. Run after a build.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = join(import.meta.dirname, '..', 'dist');
const assets = join(dist, 'assets');
const gz = (file) => gzipSync(readFileSync(join(dist, file))).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

const html = readFileSync(join(dist, 'index.html'), 'utf8');
const entry = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);

// Follow static imports (`import … from "./x.js"`) from the entry; dynamic import() is lazy.
const first = new Set();
const visit = (file) => {
  if (first.has(file)) return;
  first.add(file);
  if (!file.endsWith('.js')) return;
  const code = readFileSync(join(dist, file), 'utf8');
  for (const m of code.matchAll(/(?:^|[;\n}])\s*import\s*(?:[^'"()]*?from\s*)?["']\.\/([^"']+\.js)["']/g)) visit(`assets/${m[1]}`);
};
entry.forEach(visit);

let js = 0;
let css = 0;
for (const f of first) {
  if (f.endsWith('.css')) css += gz(f);
  else js += gz(f);
}
console.log(`first load: JS ${kb(js)} gzip, CSS ${kb(css)} gzip (${first.size} files)`);
const lazy = readdirSync(assets)
  .map((f) => `assets/${f}`)
  .filter((f) => f.endsWith('.js') && !first.has(f))
  .map((f) => [f, gz(f)])
  .sort((a, b) => b[1] - a[1]);
for (const [f, n] of lazy) console.log(`lazy: ${f.replace('assets/', '')} ${kb(n)} gzip`);
