/**
 * npm run fuzz [-- total [seed]]: the fuzz targets of tests/support/fuzz-targets.ts at length —
 * 1,000,000 inputs by default, shared among the targets by weight (the ones that start ExcelJS or
 * a pdfjs worker get few). Prints, per target and in all: inputs tried, crashes (an exception that
 * is not the reader's own Chinese error; must be 0), and the slowest input with its time.
 * Exit code 1 when anything crashed.
 */
import fc from 'fast-check';
import { describeInput, TARGETS } from '../tests/support/fuzz-targets.ts';

const total = Number(process.argv[2] ?? 1_000_000);
const seed = Number(process.argv[3] ?? Date.now() % 2 ** 31);
const weights = TARGETS.reduce((s, t) => s + t.weight, 0);
const started = Date.now();
let tried = 0;
let crashes = 0;
let slowest = { ms: 0, target: '', input: '' };
console.log(`fuzz: ${total} inputs, seed ${seed}`);
for (const [ti, t] of TARGETS.entries()) {
  const n = Math.max(10, Math.round((total * t.weight) / weights));
  const t0 = Date.now();
  let mine = 0;
  let myCrashes = 0;
  let mySlowest = { ms: 0, input: '' };
  // one untimed, uncounted input first: loading ExcelJS or starting pdfjs is not an input's cost
  for (const warm of fc.sample(t.arbitrary, { seed, numRuns: 1 })) await Promise.resolve(t.run(warm)).catch(() => {});
  for (let batch = 0; mine < n; batch++) {
    const inputs = fc.sample(t.arbitrary, { seed: seed + ti * 1_000_003 + batch, numRuns: Math.min(500, n - mine) });
    for (const input of inputs) {
      const s = performance.now();
      try {
        await t.run(input);
      } catch (e) {
        myCrashes++;
        if (myCrashes <= 3)
          console.log(`  崩溃 ${t.name}：${e instanceof Error ? e.stack?.split('\n').slice(0, 3).join(' | ') : String(e)}\n    输入 ${describeInput(input)}`);
      }
      const ms = performance.now() - s;
      if (ms > mySlowest.ms) mySlowest = { ms, input: describeInput(input) };
      mine++;
    }
  }
  tried += mine;
  crashes += myCrashes;
  if (mySlowest.ms > slowest.ms) slowest = { ms: mySlowest.ms, target: t.name, input: mySlowest.input };
  console.log(
    `${t.name.padEnd(40)} ${String(mine).padStart(8)} inputs  ${String(myCrashes).padStart(3)} crashes  ${((Date.now() - t0) / 1000).toFixed(1)} s  slowest ${mySlowest.ms.toFixed(0)} ms`,
  );
}
console.log(
  `\ninputs tried: ${tried}\ncrashes: ${crashes}\nslowest input: ${slowest.ms.toFixed(0)} ms (${slowest.target}; ${slowest.input})\ntime: ${((Date.now() - started) / 1000).toFixed(0)} s`,
);
process.exit(crashes > 0 ? 1 : 0);
