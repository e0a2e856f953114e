/**
 * Benchmark (not a test): whole-process start-up of the CLI against a bare `node -e 0`, measured
 * alternately in one run (the machine's load affects both alike): `--help`, `validate` and
 * `generate` of the seed-000 example in all formats. Runs the compiled CLI (build/); build first
 * (`npm run bench` does).
 *
 *   node --import tsx bench/start.ts [runs]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const runs = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 9);
const root = join(import.meta.dirname, '..');
const bin = join(root, 'bin/mingzhang.js');
const example = join(root, 'examples/hetang-zfb-2024-budget/source.json');
const out = mkdtempSync(join(tmpdir(), 'mz-bench-start-'));

if (!existsSync(join(root, 'build/cli/main.js'))) console.log('start: build/ not built, the CLI runs through tsx');

const cases: Array<[string, string[]]> = [
  ['node -e 0', ['-e', '0']],
  ['mingzhang --help', [bin, '--help']],
  ['mingzhang validate seed-000', [bin, 'validate', example]],
  ['mingzhang generate seed-000 (all formats)', [bin, 'generate', example, '--out', out]],
];
const times = new Map<string, number[]>(cases.map(([name]) => [name, []]));
for (let i = 0; i < runs + 1; i++) {
  for (const [name, args] of cases) {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, CI: '1' } });
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (r.status !== 0) throw new Error(`${name} failed: ${r.stderr}`);
    if (i > 0) times.get(name)?.push(ms); // the first round warms the file cache
  }
}
rmSync(out, { recursive: true, force: true });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const base = median(times.get('node -e 0') ?? []);
console.log(`start: whole processes, median of ${runs} alternating runs`);
for (const [name] of cases) {
  const m = median(times.get(name) ?? []);
  console.log(`  ${name.padEnd(44)} ${m.toFixed(0).padStart(6)} ms   ${(m / base).toFixed(1)}× node -e 0`);
}
