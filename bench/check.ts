/**
 * Benchmark (not a test): median time to check the seed-000 package with every rule catalog, on
 * the package generated from the example and on the package of the seed as published.
 *
 *   node --import tsx bench/check.ts [runs]
 */

import { checkPackage } from '../src/core/rules/engine.ts';
import { normaliseSource } from '../src/core/source/normalise.ts';
import { generatePackage } from '../src/core/templates/engine.ts';
import { loadBundledCatalogs } from '../src/io/catalog-files.ts';
import { loadRuleCatalogs } from '../src/io/rule-files.ts';
import { loadTemplateSet } from '../src/io/template-files.ts';
import { exampleSource } from '../tests/generate/seed-fixture.ts';
import { seed000 } from '../tests/rules/seed-packages.ts';

const runs = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 25);
const catalogs = loadBundledCatalogs();
const rules = loadRuleCatalogs();
const r = normaliseSource(exampleSource(), catalogs);
const generated = generatePackage(r.data!, r.catalogs, loadTemplateSet('hunan-2024-budget'));
const published = seed000();

function median(fn: () => unknown): { ms: number; result: unknown } {
  let result: unknown = fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    result = fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)] as number, result };
}

const ruleCount = rules.reduce((n, c) => n + c.rules.length, 0);
for (const [name, pkg] of [
  ['generated from the example', generated],
  ['seed 000 as published', published],
] as const) {
  const { ms, result } = median(() => checkPackage(pkg, rules, { catalogs: r.catalogs }));
  const cells = pkg.tables.reduce((n, t) => n + t.cells.length, 0);
  console.log(
    `check seed-000 package (${name}): ${cells} cells, ${ruleCount} rules, ${(result as unknown[]).length} findings — median ${ms.toFixed(1)} ms over ${runs} runs`,
  );
}
