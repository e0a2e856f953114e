/**
 * Benchmark (not a test): cost against size. For 1k, 10k and 100k line items (1M with --1m), a
 * synthetic source (bench/scale-source.ts) is written to a file and a fresh child process reads,
 * validates and generates it (tables and 说明), renders every format, and checks the package; it
 * reports the time of each step and its peak memory (max RSS). The growth columns divide each
 * figure by the previous size's: 10.0 means linear.
 *
 *   node --import tsx bench/scale.ts [--1m] [--sizes 1000,10000]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface ChildReport {
  lines: number;
  cells: number;
  read: number;
  generate: number;
  render: Record<string, { ms: number; bytes: number }>;
  check: number;
  findings: number;
  maxRssMb: number;
}

const args = process.argv.slice(2);

if (args[0] === '--child') {
  // one size in a fresh process, so that peak memory is this size's alone
  const file = args[1] as string;
  const { normaliseSource } = await import('../src/core/source/normalise.ts');
  const { buildPackage } = await import('../src/app/build.ts');
  const { loadBundledCatalogs } = await import('../src/io/catalog-files.ts');
  const { ALL_FORMATS, renderPackage } = await import('../src/renderers/index.ts');
  const { checkPackage } = await import('../src/core/rules/engine.ts');
  const { loadRuleCatalogs } = await import('../src/io/rule-files.ts');
  const { loadAllScoringConfigs } = await import('../src/io/scoring-files.ts');
  const catalogs = loadBundledCatalogs();
  const rules = loadRuleCatalogs();
  const scoring = loadAllScoringConfigs();
  const now = () => performance.now();
  let t = now();
  const r = normaliseSource(JSON.parse(readFileSync(file, 'utf8')), catalogs);
  if (!r.data) throw new Error(`synthetic source invalid: ${r.issues.find((i) => i.severity === 'error')?.message}`);
  const read = now() - t;
  t = now();
  const { pkg } = buildPackage(r.data, r.catalogs);
  const generate = now() - t;
  const render: ChildReport['render'] = {};
  for (const f of ALL_FORMATS) {
    t = now();
    const out = await renderPackage(pkg, f);
    render[f] = { ms: now() - t, bytes: out.content.length };
  }
  t = now();
  const findings = checkPackage(pkg, rules, { catalogs: r.catalogs, scoring });
  const check = now() - t;
  const report: ChildReport = {
    lines: r.data.lines.length,
    cells: pkg.tables.reduce((n, x) => n + x.cells.length, 0),
    read,
    generate,
    render,
    check,
    findings: findings.length,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
} else {
  const { scaledSource } = await import('./scale-source.ts');
  const sizesArg = args.indexOf('--sizes');
  const sizes =
    sizesArg >= 0
      ? (args[sizesArg + 1] as string).split(',').map(Number)
      : [1_000, 10_000, 100_000, ...(args.includes('--1m') ? [1_000_000] : [])];
  const dir = mkdtempSync(join(tmpdir(), 'mz-bench-scale-'));
  console.log('scale: synthetic department (bench/scale-source.ts), one fresh process per size');
  console.log(
    '  lines     cells   read+validate  generate   render all  (xlsx / json)     check    total   peak RSS   growth (time, RSS)',
  );
  let prev: { total: number; rss: number; lines: number } | undefined;
  try {
    for (const n of sizes) {
      const file = join(dir, `source-${n}.json`);
      writeFileSync(file, JSON.stringify(scaledSource(n)));
      const child = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--child', file], {
        encoding: 'utf8',
        maxBuffer: 1 << 24,
        env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=8192` },
      });
      rmSync(file);
      if (child.status !== 0) {
        console.log(`  ${String(n).padStart(7)}  failed: ${child.stderr.trim().split('\n').slice(-3).join(' | ')}`);
        break;
      }
      const r = JSON.parse(child.stdout.trim().split('\n').pop() as string) as ChildReport;
      const renderAll = Object.values(r.render).reduce((s, x) => s + x.ms, 0);
      const total = r.read + r.generate + renderAll + r.check;
      const ms = (x: number) => `${(x / 1000).toFixed(2)} s`.padStart(9);
      const growth = prev
        ? `${(total / prev.total).toFixed(1)}×, ${(r.maxRssMb / prev.rss).toFixed(1)}× for ${(r.lines / prev.lines).toFixed(1)}× lines`
        : '';
      console.log(
        `  ${String(r.lines).padStart(7)} ${String(r.cells).padStart(9)} ${ms(r.read)}     ${ms(r.generate)}  ${ms(renderAll)}  (${ms(
          r.render.xlsx?.ms ?? 0,
        ).trim()} / ${ms(r.render.json?.ms ?? 0).trim()})  ${ms(r.check)} ${ms(total)}  ${r.maxRssMb.toFixed(0).padStart(6)} MB   ${growth}`,
      );
      prev = { total, rss: r.maxRssMb, lines: r.lines };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
