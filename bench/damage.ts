/**
 * Benchmark (not a test): the checker on the damage generator's variants of every example and
 * visible seed. Prints, per restyle class, the false 错误 on restyled-but-correct variants; per
 * damage class, the injected errors found, the findings they raised and the causes (groups) the
 * report shows for them.
 *
 *   node --import tsx bench/damage.ts [cases per base and class]
 */
import { bases, Checker, measureDamaged, measureRestyled } from '../tests/support/damage-bench.ts';

const perBase = Number(process.argv[2] ?? 20);
const all = bases();
const checker = new Checker();

console.log(`damage benchmark: ${all.length} bases (${all.map((b) => b.name).join(', ')})`);
console.log('\nrestyled but correct            variants  false 错误');
for (const r of measureRestyled(all, checker)) {
  console.log(`  ${r.kind.padEnd(30)} ${String(r.variants).padStart(8)}  ${String(r.falseErrors.length).padStart(10)}`);
  for (const f of r.falseErrors.slice(0, 5))
    console.log(`      ${f.base}: [${f.finding.ruleId}] ${f.finding.message.slice(0, 120)}`);
}
console.log('\ndamaged                         injected  found    rate   findings/case  causes/case');
for (const d of measureDamaged(all, checker, perBase)) {
  const rate = d.injected === 0 ? '—' : `${((100 * d.found) / d.injected).toFixed(1)}%`;
  const per = (n: number) => (d.found === 0 ? '—' : (n / d.found).toFixed(2));
  console.log(
    `  ${d.kind.padEnd(30)} ${String(d.injected).padStart(8)}  ${String(d.found).padStart(5)}  ${rate.padStart(6)}  ${per(d.findings).padStart(13)}  ${per(d.causes).padStart(11)}`,
  );
  for (const m of d.missed.slice(0, 5)) console.log(`      missed ${m}`);
}
