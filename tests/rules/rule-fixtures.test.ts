/**
 * Every rule of every catalog has a fixture on which it does not fire (the packages generated
 * from the bundled examples, which are consistent by construction) and one on which it fires.
 *
 * Firing fixtures: for compare rules, the left-hand cell the rule reads is moved by 1.00 万元 in
 * the direction that breaks the relation (far beyond any rounding bound); the cell must exist,
 * so a rule that addresses a table, row or column that does not exist fails here instead of
 * silently never firing. Named structural checks get the hand-written mutations in
 * tests/fixtures/rules/named-checks.json.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Catalogs } from '../../src/core/catalogs/catalogs.ts';
import type { Finding } from '../../src/core/findings/model.ts';
import { formatWan } from '../../src/core/money/amount.ts';
import { normaliseTitle, PackageIndex } from '../../src/core/package/index.ts';
import type { Cell, DisclosurePackage, PackageTable } from '../../src/core/package/model.ts';
import { checkPackage } from '../../src/core/rules/engine.ts';
import type { Rule, Term, TextCheckSpec } from '../../src/core/rules/schema.ts';
import { compilePattern } from '../../src/core/rules/text.ts';
import { normaliseSource } from '../../src/core/source/normalise.ts';
import { loadBundledCatalogs } from '../../src/io/catalog-files.ts';
import { loadRuleCatalogs } from '../../src/io/rule-files.ts';
import { loadAllScoringConfigs } from '../../src/io/scoring-files.ts';
import { listTemplateSets, loadTemplateSet } from '../../src/io/template-files.ts';
import { readTextDisclosure } from '../../src/readers/text/index.ts';
import { exampleSource, generateExample, ROOT } from '../generate/seed-fixture.ts';
import { SEED_OF_SET } from './seed-packages.ts';

const ONE_WAN = 1_000_000n;
const catalogs = loadRuleCatalogs();

interface Base {
  readonly name: string;
  readonly pkg: DisclosurePackage;
  readonly codeCatalogs: Catalogs;
  /** findings the base is known to have (a seed as published), as "ruleId|table|row|column" */
  readonly known: ReadonlySet<string>;
}

const generatedBases: Base[] = ['hetang-zfb-2024-budget', 'demo-two-units-2024-budget'].map((name) => {
  const r = normaliseSource(exampleSource(name), loadBundledCatalogs());
  return { name, pkg: generateExample(name), codeCatalogs: r.catalogs, known: new Set<string>() };
});

/** Seeds as published serve as bases for template sets no example generates (yet). */
function seedBase(set: string): Base | undefined {
  const entry = SEED_OF_SET[set];
  if (!entry || generatedBases.some((b) => b.pkg.templateSet === set)) return undefined;
  const file = join(ROOT, `tests/fixtures/seed-${entry.seed}/expected-findings.json`);
  const known = existsSync(file)
    ? new Set(
        (JSON.parse(readFileSync(file, 'utf8')).findings as Array<Record<string, string | null>>).map(
          (f) => `${f.ruleId}|${f.severity}|${f.table ?? ''}|${f.row ?? ''}|${f.column ?? ''}`,
        ),
      )
    : new Set<string>();
  return { name: `seed-${entry.seed}`, pkg: entry.build(), codeCatalogs: loadBundledCatalogs(), known };
}

/** The Shanghai documents as read back: bases for the Shanghai catalogs, with their reviewed findings. */
function shanghaiBases(): Base[] {
  const dir = join(ROOT, 'tests/corpus/shanghai/txt');
  const reviewed = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/shanghai/expected-findings.json'), 'utf8'))
    .findings as Array<{ document: string; ruleId: string; severity: string; table: string | null }>;
  const sets = listTemplateSets().map((id) => loadTemplateSet(id));
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => {
      const name = f.replace(/\.txt$/, '');
      const pkg = readTextDisclosure(readFileSync(join(dir, f), 'utf8'), f, sets).pkg;
      // a reviewed finding names rule and table; any row or column of it is known
      const known = new Set<string>();
      for (const r of reviewed.filter((x) => x.document === name))
        known.add(`${r.ruleId}|${r.severity}|${r.table ?? ''}||`);
      return { name, pkg, codeCatalogs: loadBundledCatalogs(), known };
    });
}

const examples: Base[] = [
  ...generatedBases,
  ...shanghaiBases(),
  ...[...new Set(catalogs.flatMap((c) => c.templateSets))].map(seedBase).filter((b): b is Base => b !== undefined),
];
/** a known finding is known with its severity: a 提示 at a cell does not excuse a 错误 there */
const knownKey = (f: Finding) =>
  `${f.ruleId}|${f.severity}|${f.location.table ?? ''}|${f.location.row ?? ''}|${f.location.column ?? ''}`;

function findingsOf(pkg: DisclosurePackage, codeCatalogs = examples[0]!.codeCatalogs): Finding[] {
  return checkPackage(pkg, catalogs, { catalogs: codeCatalogs, scoring: loadAllScoringConfigs() });
}

/** Returns a copy of the package with one cell's value and printed text moved by `delta` fen. */
function withCell(
  pkg: DisclosurePackage,
  title: string,
  row: string,
  column: string,
  delta: bigint,
): DisclosurePackage | undefined {
  let hit = false;
  const tables = pkg.tables.map((t): PackageTable => {
    if (normaliseTitle(t.title) !== normaliseTitle(title)) return t;
    const cells = t.cells.map((c): Cell => {
      if (c.row !== row || c.column !== column || c.value === null) return c;
      hit = true;
      const value = c.value + delta;
      return { ...c, value, text: formatWan(value) };
    });
    return { ...t, cells };
  });
  return hit ? { ...pkg, tables } : undefined;
}

/** The first (row, column) the rule's first left-hand term reads, in a package. */
function firstLhsCell(rule: Rule, pkg: DisclosurePackage): { table: string; row: string; column: string } | undefined {
  if (rule.check.kind !== 'compare') return undefined;
  const c = rule.check;
  const term = c.lhs[0] as Term;
  const index = new PackageIndex(pkg);
  const t = index.table(term.table);
  if (!t) return undefined;
  const columns = c.forEachColumn ?? [undefined];
  const forEachRows = c.forEach ? (index.table(c.forEach.table)?.rows ?? []) : [undefined];
  for (const col of columns) {
    const column = term.column.replaceAll('$col', col ?? '');
    for (const current of forEachRows) {
      if (
        c.forEach?.kinds &&
        current !== undefined &&
        !c.forEach.kinds.includes(index.table(c.forEach.table)?.kinds.get(current) ?? '')
      )
        continue;
      if (
        c.forEach?.withChildren &&
        current !== undefined &&
        index.table(c.forEach.table)?.children(current).length === 0
      )
        continue;
      if (c.forEach?.match && current !== undefined && !new RegExp(c.forEach.match).test(current)) continue;
      const sel = term.row ?? '$row';
      let rows: string[] = [];
      if (sel === '$row') rows = current === undefined ? [] : [current];
      else if ('key' in sel) rows = [sel.key];
      else if ('kinds' in sel) rows = t.rows.filter((k) => sel.kinds.includes(t.kinds.get(k) ?? ''));
      else if ('match' in sel)
        rows = t.rows.filter((k) => new RegExp(sel.match.replaceAll('$row', current ?? '')).test(k));
      for (const row of rows) if (t.get(row, column)) return { table: term.table, row, column };
    }
  }
  return undefined;
}

const rules = catalogs.flatMap((c) => c.rules.map((rule) => ({ rule, catalog: c })));

describe('rule catalogs', () => {
  it('hold at least 60 rules with unique ids', () => {
    expect(rules.length).toBeGreaterThanOrEqual(60);
    expect(new Set(rules.map((r) => r.rule.id)).size).toBe(rules.length);
  });
});

describe('non-firing fixtures: the generated example packages, and seeds as published', () => {
  for (const ex of examples) {
    it(`${ex.name}: no 错误 or 警告 from any rule beyond the seed's reviewed findings`, () => {
      const serious = findingsOf(ex.pkg, ex.codeCatalogs).filter(
        (f) => f.severity !== '提示' && !ex.known.has(knownKey(f)),
      );
      expect(serious.map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
    });
  }
});

/** Hand-written fixtures of the text rules: a sentence of the base changed by hand. */
const textFixtures: Record<string, { example: string; section: string; replace: [string, string]; expect: string }> =
  Object.assign(
    {},
    ...readdirSync(join(ROOT, 'tests/fixtures/rules'))
      .filter((f) => f.endsWith('.text-checks.json'))
      .map((f) => JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/rules', f), 'utf8'))),
  );

/** Hand-written fixtures of the named checks, one file per rule catalog. */
const named: Record<string, { example: string; mutation: Mutation; expect: string }> = Object.assign(
  {},
  ...readdirSync(join(ROOT, 'tests/fixtures/rules'))
    .filter((f) => f.endsWith('.named-checks.json'))
    .map((f) => JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/rules', f), 'utf8'))),
);

type Mutation =
  | { op: 'removeTable'; table: string }
  | { op: 'setNote'; table: string; note: string | null }
  | { op: 'setCaption'; table: string; index: number; text: string }
  | { op: 'addCaption'; table: string; text: string }
  | { op: 'removeColumn'; table: string; column: string }
  | { op: 'renameRow'; table: string; from: string; to: string }
  | { op: 'setRowText'; table: string; row: string; column: string; text: string }
  | { op: 'setTextCell'; table: string; row: string; column: string; text: string }
  | { op: 'scaleCell'; table: string; row: string; column: string; factor: number }
  | { op: 'keepRows'; table: string; match: string }
  | { op: 'removeSection'; number: string }
  | { op: 'replaceInSection'; number: string; from: string; to: string };

function mutate(pkg: DisclosurePackage, m: Mutation): DisclosurePackage {
  if (m.op === 'removeSection') return { ...pkg, sections: (pkg.sections ?? []).filter((s) => s.number !== m.number) };
  if (m.op === 'replaceInSection') {
    const sections = (pkg.sections ?? []).map((s) =>
      s.number === m.number && s.text.includes(m.from) ? { ...s, text: s.text.replace(m.from, m.to) } : s,
    );
    if (sections.every((s, i) => s === pkg.sections?.[i]))
      throw new Error(`no section ${m.number} contains “${m.from}”`);
    return { ...pkg, sections };
  }
  const same = (t: PackageTable) => normaliseTitle(t.title) === normaliseTitle((m as { table: string }).table);
  const map = (f: (t: PackageTable) => PackageTable) => ({
    ...pkg,
    tables: pkg.tables.map((t) => (same(t) ? f(t) : t)),
  });
  switch (m.op) {
    case 'removeTable':
      return { ...pkg, tables: pkg.tables.filter((t) => !same(t)) };
    case 'setNote':
      return map((t) => {
        const { note: _drop, ...rest } = t;
        return m.note === null ? (rest as PackageTable) : { ...rest, note: m.note };
      });
    case 'addCaption':
      return map((t) => ({ ...t, captions: [...t.captions, m.text] }));
    case 'setCaption':
      return map((t) => ({ ...t, captions: t.captions.map((c, i) => (i === m.index ? m.text : c)) }));
    case 'removeColumn':
      return map((t) => ({
        ...t,
        columns: t.columns.filter((c) => c.path.join('/') !== m.column),
        cells: t.cells.filter((c) => c.column !== m.column),
      }));
    case 'renameRow':
      return map((t) => ({
        ...t,
        rows: t.rows.map((r) => (r.key === m.from ? { ...r, key: m.to } : r)),
        cells: t.cells.map((c) => (c.row === m.from ? { ...c, row: m.to } : c)),
      }));
    case 'setRowText':
      return map((t) => {
        const col = t.columns.findIndex((c) => c.path.join('/') === m.column);
        return {
          ...t,
          rows: t.rows.map((r) =>
            r.key === m.row ? { ...r, texts: r.texts.map((x, i) => (i === col ? m.text : x)) } : r,
          ),
        };
      });
    case 'setTextCell':
      return map((t) => ({
        ...t,
        cells: t.cells.map((c) => (c.row === m.row && c.column === m.column ? { ...c, text: m.text } : c)),
      }));
    case 'scaleCell':
      return map((t) => ({
        ...t,
        cells: t.cells.map((c) => {
          if (c.row !== m.row || c.column !== m.column || c.value === null) return c;
          const value = c.value * BigInt(m.factor);
          return { ...c, value, text: formatWan(value) };
        }),
      }));
    case 'keepRows':
      return map((t) => {
        const re = new RegExp(m.match);
        return {
          ...t,
          rows: t.rows.filter((r) => r.key === undefined || re.test(r.key)),
          cells: t.cells.filter((c) => re.test(c.row)),
        };
      });
  }
}

describe('firing fixtures', () => {
  for (const { rule } of rules) {
    if (rule.check.kind === 'compare') {
      it(`${rule.id} fires when the cell it checks is off by 1.00 万元`, () => {
        const op = rule.check.kind === 'compare' ? rule.check.op : '=';
        const delta = op === '≥' ? -ONE_WAN : ONE_WAN;
        let fired: Finding[] | undefined;
        for (const ex of examples) {
          if (!catalogs.some((c) => c.rules.includes(rule) && c.templateSets.includes(ex.pkg.templateSet))) continue;
          const cell = firstLhsCell(rule, ex.pkg);
          if (!cell) continue;
          const broken = withCell(ex.pkg, cell.table, cell.row, cell.column, delta)!;
          fired = findingsOf(broken, ex.codeCatalogs).filter((f) => f.ruleId === rule.id && !ex.known.has(knownKey(f)));
          break;
        }
        expect(fired, `no base package has the cell ${rule.id} reads`).toBeDefined();
        expect(fired!.some((f) => f.severity === rule.severity)).toBe(true);
        expect(fired!.find((f) => f.severity === rule.severity)!.message).toMatch(/超出舍入误差范围|但未公开/);
      });
    } else if (rule.check.kind === 'text') {
      it(`${rule.id} matches sentences of its base and fires on its hand-written fixture`, () => {
        const fixture = textFixtures[rule.id];
        expect(fixture, `tests/fixtures/rules/*.text-checks.json has no fixture for ${rule.id}`).toBeDefined();
        const ex = examples.find((e) => e.name === fixture!.example)!;
        expect(ex, `no base package named ${fixture!.example}`).toBeDefined();
        // non-vacuous: the pattern finds sentences in the base document
        const check = rule.check as TextCheckSpec;
        const matches = (ex.pkg.sections ?? []).reduce(
          (n, sec) => n + [...sec.text.matchAll(compilePattern(check.pattern))].length,
          0,
        );
        // (a rule whose pattern is itself the defect has nothing to match in a clean base)
        if (check.asserts.some((a) => a.kind !== 'defect')) expect(matches).toBeGreaterThan(0);
        expect(
          findingsOf(ex.pkg, ex.codeCatalogs).filter(
            (f) => f.ruleId === rule.id && f.severity !== '提示' && !ex.known.has(knownKey(f)),
          ),
        ).toEqual([]);
        const [from, to] = fixture!.replace;
        const sections = (ex.pkg.sections ?? []).map((sec) => {
          if (sec.number !== fixture!.section) return sec;
          expect(sec.text, `section ${sec.number} contains “${from}”`).toContain(from);
          return { ...sec, text: sec.text.replace(from, to) };
        });
        const fired = findingsOf({ ...ex.pkg, sections }, ex.codeCatalogs).filter(
          (f) => f.ruleId === rule.id && f.severity === rule.severity,
        );
        expect(fired.map((f) => f.message).join('\n')).toContain(fixture!.expect);
      });
    } else {
      it(`${rule.id} fires on its hand-written fixture`, () => {
        const fixture = named[rule.id];
        expect(fixture, `tests/fixtures/rules/named-checks.json has no fixture for ${rule.id}`).toBeDefined();
        const ex = examples.find((e) => e.name === fixture!.example)!;
        expect(
          findingsOf(ex.pkg, ex.codeCatalogs).filter(
            (f) => f.ruleId === rule.id && f.severity !== '提示' && !ex.known.has(knownKey(f)),
          ),
        ).toEqual([]);
        const fired = findingsOf(mutate(ex.pkg, fixture!.mutation), ex.codeCatalogs).filter(
          (f) => f.ruleId === rule.id,
        );
        expect(fired.map((f) => f.severity)).toContain(rule.severity);
        expect(fired.map((f) => f.message).join('\n')).toContain(fixture!.expect);
      });
    }
  }
});
