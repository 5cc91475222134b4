// Assembles dist/ from the wasm-bindgen output, style/ and public/: content-hashed names,
// index.html pointing at them, and .br/.gz copies of compressible files. Prints the sizes.
//
//   node scripts/assemble-ui.mjs <wasm-bindgen out dir> <dist dir>
import { createHash } from 'node:crypto';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { readFileSync, writeFileSync, readdirSync, mkdirSync, rmSync, renameSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

const [bindgenDir, distDir] = process.argv.slice(2);
if (!bindgenDir || !distDir) {
  console.error('usage: assemble-ui.mjs <bindgen-dir> <dist-dir>');
  process.exit(2);
}

const hash = (buf) => createHash('sha256').update(buf).digest('hex').slice(0, 16);
const tmp = `${distDir}.tmp`;
rmSync(tmp, { recursive: true, force: true });
mkdirSync(tmp, { recursive: true });

const files = new Map(); // name -> Buffer
const emit = (base, ext, content) => {
  const buf = Buffer.isBuffer(content) ? content : Buffer.from(content);
  const name = `${base}-${hash(buf)}.${ext}`;
  files.set(name, buf);
  return name;
};

const wasm = emit('app', 'wasm', readFileSync(join(bindgenDir, 'app_bg.wasm')));
const js = emit('app', 'js', readFileSync(join(bindgenDir, 'app.js')));
const boot = emit('boot', 'js', `import init from './${js}';\ninit({ module_or_path: '/${wasm}' });\n`);
const cssParts = readdirSync('style').filter((f) => f.endsWith('.css')).sort()
  .map((f) => `/* ${f} */\n${readFileSync(join('style', f), 'utf8')}`);
const css = emit('style', 'css', cssParts.join('\n'));

const html = readFileSync('app/index.html', 'utf8')
  .replaceAll('{{STYLE}}', css).replaceAll('{{APP_JS}}', js)
  .replaceAll('{{WASM}}', wasm).replaceAll('{{BOOT}}', boot);
if (html.includes('{{')) throw new Error('index.html has an unfilled placeholder');
files.set('index.html', Buffer.from(html));

const copyDir = (dir, prefix = '') => {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) copyDir(path, `${prefix}${entry}/`);
    else files.set(`${prefix}${entry}`, readFileSync(path));
  }
};
if (existsSync('public')) copyDir('public');

const compressible = /\.(html|js|css|wasm|svg|json|webmanifest|txt)$/;
const rows = [];
for (const [name, buf] of files) {
  const path = join(tmp, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, buf);
  if (!compressible.test(name)) continue;
  const br = brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: buf.length } });
  const gz = gzipSync(buf, { level: 9 });
  if (br.length < buf.length) writeFileSync(`${path}.br`, br);
  if (gz.length < buf.length) writeFileSync(`${path}.gz`, gz);
  rows.push({ name, raw: buf.length, gzip: gz.length, br: br.length });
}

rmSync(distDir, { recursive: true, force: true });
renameSync(tmp, distDir);

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const firstLoad = rows.filter((r) => [wasm, js, boot, css, 'index.html'].includes(r.name));
console.log(`\n${'file'.padEnd(34)}${'raw'.padStart(11)}${'gzip'.padStart(11)}${'brotli'.padStart(11)}`);
for (const r of firstLoad) console.log(`${r.name.padEnd(34)}${kb(r.raw).padStart(11)}${kb(r.gzip).padStart(11)}${kb(r.br).padStart(11)}`);
const sum = (k) => firstLoad.reduce((a, r) => a + r[k], 0);
console.log(`${'first load total'.padEnd(34)}${kb(sum('raw')).padStart(11)}${kb(sum('gzip')).padStart(11)}${kb(sum('br')).padStart(11)}`);
writeFileSync(join(distDir, 'build-sizes.json'), JSON.stringify({ files: firstLoad, total: { raw: sum('raw'), gzip: sum('gzip'), br: sum('br') } }, null, 2));
console.log(`\nweb app written to ${distDir}/`);
