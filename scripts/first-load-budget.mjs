// The size budget of the web app's first load: what a visitor downloads before the home page or
// directory search works (index.html, CSS, scripts, the main wasm module),
// gzip-compressed, must stay within 250 KB. Sizes are deterministic, so this is a test: the
// README's test command fails when the budget is exceeded. Pages outside the main module are
// loaded as chunks when opened; the largest is reported too.
//
//   node scripts/first-load-budget.mjs dist/build-sizes.json [budget KB]
import { readFileSync } from 'node:fs';

const [file = 'dist/build-sizes.json', budgetArg = '250'] = process.argv.slice(2);
const sizes = JSON.parse(readFileSync(file, 'utf8'));
const budget = Number(budgetArg) * 1024;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const first = sizes.total.gzip;
const largest = sizes.chunks?.[0];
console.log(`first load of / and /services (directory search): ${kb(first)} gzip (${kb(sizes.total.br)} brotli), budget ${kb(budget)}`);
if (largest) console.log(`page chunks: ${sizes.chunks.length}, largest ${largest.name} ${kb(largest.gzip)} gzip`);
if (first > budget) {
  console.error(`FAILED: the first load is ${kb(first - budget)} over its budget`);
  process.exit(1);
}
console.log('first load within budget');
