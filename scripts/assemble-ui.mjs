// Assembles dist/ from the wasm-bindgen output, style/ and public/: content-hashed names,
// index.html pointing at them, and .br/.gz copies of compressible files. Prints the sizes.
//
//   node scripts/assemble-ui.mjs <wasm-bindgen out dir> <dist dir> [--minify]
//
// --minify (release builds) shrinks the JS glue and the CSS with esbuild (end2end/'s npm
// packages): about 5 KB less of the first load after gzip.
import { createHash } from 'node:crypto';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { readFileSync, writeFileSync, readdirSync, mkdirSync, rmSync, renameSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const [bindgenDir, distDir, ...flags] = process.argv.slice(2);
const esbuild = flags.includes('--minify')
  ? createRequire(new URL('../end2end/package.json', import.meta.url))('esbuild')
  : null;
const minify = (code, loader) => (esbuild
  ? esbuild.transformSync(code, { loader, minify: true, format: loader === 'js' ? 'esm' : undefined }).code
  : code);
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

// The wasm-bindgen output (app.js, app_bg.wasm) and the splitter's loader and chunks fetch each
// other by relative names, so they keep their names inside one directory named by the hash of
// all of them: a new build is a new directory, cached for a year like every hashed name.
const appFiles = readdirSync(bindgenDir).filter((f) => /\.(js|wasm)$/.test(f)).sort();
const appContent = new Map(appFiles.map((f) => [f, readFileSync(join(bindgenDir, f))]));
const appHash = createHash('sha256');
for (const [f, content] of appContent) appHash.update(f).update(content);
const appDir = `app-${appHash.digest('hex').slice(0, 16)}`;
for (const [f, content] of appContent) {
  files.set(`${appDir}/${f}`, f.endsWith('.js') ? Buffer.from(minify(content.toString('utf8'), 'js')) : content);
}
const wasm = `${appDir}/app_bg.wasm`;
const js = `${appDir}/app.js`;
const loader = `${appDir}/__wasm_split.js`;
if (!appFiles.includes('__wasm_split.js')) throw new Error('the splitter wrote no __wasm_split.js');
const chunks = appFiles.filter((f) => f.endsWith('.wasm') && f !== 'app_bg.wasm').map((f) => `${appDir}/${f}`);
const boot = emit('boot', 'js', `import init from './${js}';\ninit({ module_or_path: '/${wasm}' });\n`);
const cssParts = readdirSync('style').filter((f) => f.endsWith('.css')).sort()
  .map((f) => `/* ${f} */\n${readFileSync(join('style', f), 'utf8')}`);
const css = emit('style', 'css', minify(cssParts.join('\n'), 'css'));

const html = readFileSync('app/index.html', 'utf8')
  .replaceAll('{{STYLE}}', css).replaceAll('{{APP_JS}}', js)
  .replaceAll('{{WASM}}', wasm).replaceAll('{{LOADER}}', loader).replaceAll('{{BOOT}}', boot);
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
// What a visitor downloads before the home page (or directory search) works:
// the page, its CSS and scripts and the main module. Every other page adds its chunks.
const firstNames = [wasm, js, loader, boot, css, 'index.html'];
const firstLoad = rows.filter((r) => firstNames.includes(r.name));
const chunkRows = rows.filter((r) => chunks.includes(r.name)).sort((a, b) => b.gzip - a.gzip);
const width = Math.max(34, ...rows.map((r) => r.name.length + 2));
const line = (name, r) => console.log(`${name.padEnd(width)}${kb(r.raw).padStart(11)}${kb(r.gzip).padStart(11)}${kb(r.br).padStart(11)}`);
const total = (list) => ({ raw: list.reduce((a, r) => a + r.raw, 0), gzip: list.reduce((a, r) => a + r.gzip, 0), br: list.reduce((a, r) => a + r.br, 0) });
console.log(`\n${'first load'.padEnd(width)}${'raw'.padStart(11)}${'gzip'.padStart(11)}${'brotli'.padStart(11)}`);
for (const r of firstLoad) line(r.name, r);
line('first load total', total(firstLoad));
if (chunkRows.length) {
  console.log(`\n${`page chunks (${chunkRows.length}), loaded when a page needs them`.padEnd(width)}`);
  for (const r of chunkRows) line(r.name, r);
  line('all chunks', total(chunkRows));
}
writeFileSync(join(distDir, 'build-sizes.json'), JSON.stringify({ files: firstLoad, total: total(firstLoad), chunks: chunkRows, chunksTotal: total(chunkRows) }, null, 2));
console.log(`\nweb app written to ${distDir}/`);
