/**
 * The checker: runs rule catalogs over a package and reports findings. Comparisons use the
 * printed values (what a reader of the published document sees), so the checker behaves the same
 * on generated packages and on packages read back from documents. A difference no larger than
 * what rounding each printed term to 0.01 万元 can produce (0.005 万元 × terms) is a 尾数误差,
 * reported as 提示, never as 错误.
 */
import { lookup, normaliseName } from '../catalogs/catalog.ts';
import type { Catalogs } from '../catalogs/catalogs.ts';
import type { Finding, FindingLocation } from '../findings/model.ts';
import { absFen, type Fen, formatWan } from '../money/amount.ts';
import { type IndexedTable, normaliseTitle, PackageIndex } from '../package/index.ts';
import type { DisclosurePackage } from '../package/model.ts';
import type { ScoringConfig } from '../scoring/config.ts';
import { type IndicatorInput, scoreSheet } from '../scoring/score.ts';
import { CompareContext, fill, type Realignment, runCompare } from './compare.ts';
import type { NamedCheckSpec, Rule, RuleCatalog } from './schema.ts';
import { runTextRule } from './text.ts';

/** Half of one printed cent of 万元, in fen: the rounding error of one printed term. */
export const HALF_CENT: Fen = 5_000n;

export interface CheckOptions {
  readonly catalogs?: Catalogs;
  /** scoring configurations by id (data/scoring), for the self-evaluation checks */
  readonly scoring?: Readonly<Record<string, ScoringConfig>>;
  /** lines the reader realigned (its repairs), so findings resting on them say so */
  readonly realignments?: readonly Realignment[];
}

export function applicableCatalogs(pkg: DisclosurePackage, catalogs: readonly RuleCatalog[]): RuleCatalog[] {
  return catalogs.filter((c) => c.templateSets.includes(pkg.templateSet) || c.templateSets.includes('*'));
}

export function checkPackage(
  pkg: DisclosurePackage,
  catalogs: readonly RuleCatalog[],
  options: CheckOptions = {},
): Finding[] {
  const index = new PackageIndex(pkg);
  const ctx = new CompareContext(index, options.realignments);
  const findings: Finding[] = [];
  for (const catalog of applicableCatalogs(pkg, catalogs)) {
    for (const rule of catalog.rules) {
      if (rule.check.kind === 'compare') findings.push(...runCompare(rule, rule.check, ctx));
      else if (rule.check.kind === 'text') findings.push(...runTextRule(rule, rule.check, index));
      else findings.push(...runNamed(rule, rule.check, index, options));
    }
  }
  return findings;
}

// --- named structural checks -----------------------------------------------------------------

function runNamed(rule: Rule, c: NamedCheckSpec, index: PackageIndex, options: CheckOptions): Finding[] {
  const pkg = index.pkg;
  const tables = c.tables
    ? c.tables.map((t) => index.table(t)).filter((t): t is IndexedTable => !!t)
    : pkg.tables.map((t) => index.table(t.title) as IndexedTable);
  const finding = (message: string, location: FindingLocation, detail = ''): Finding => ({
    ruleId: rule.id,
    title: rule.title,
    category: rule.category,
    severity: rule.severity,
    message: fill(rule.message, {
      table: location.table ?? '',
      row: location.row ?? '',
      column: location.column ?? '',
      detail: detail || message,
    }),
    location,
  });
  const out: Finding[] = [];
  switch (c.check) {
    case 'tables-present': {
      const have = new Set(pkg.tables.map((t) => normaliseTitle(t.title)));
      for (const title of c.tables ?? []) {
        if (!have.has(normaliseTitle(title))) out.push(finding(`缺少“${title}”`, { table: title }, `缺少“${title}”`));
      }
      return out;
    }
    case 'sections-present': {
      // params.sections: one list of accepted title words per required topic
      const topics = (c.params?.sections as string[][] | undefined) ?? [];
      const sections = pkg.sections ?? [];
      if (sections.length === 0) {
        out.push(
          finding(
            '',
            {},
            '未公开说明（部门职责、机构设置、收支情况、机关运行经费、政府采购、国有资产、绩效、“三公”经费、名词解释等）',
          ),
        );
        return out;
      }
      // a topic may be a section or a sub-section heading ("（二）政府采购预算") inside one
      const headings = sections.flatMap((s) => [
        s.title,
        ...s.text.split('\n').filter((l) => /^[（(][一二三四五六七八九十]+[)）]/.test(l.trim())),
      ]);
      const titles = headings;
      for (const words of topics) {
        if (!titles.some((t) => words.some((w) => t.includes(w)))) {
          out.push(finding('', { section: words[0] }, `公开说明缺少“${words[0]}”部分`));
        }
      }
      return out;
    }
    case 'self-evaluation': {
      // params: scoring (config id), part: scores | execution | totals
      const config = options.scoring?.[String(c.params?.scoring ?? '')];
      if (!config) return out;
      const part = String(c.params?.part ?? 'totals');
      let current = tables[0] as IndexedTable;
      const sheet = (rows: Map<string, Map<string, string>>, prefix: string): void => {
        const t = current;
        const fund = rows.get('年度资金总额');
        const total = rows.get('总分');
        const indicators: Array<IndicatorInput & { row: string }> = [];
        for (const [row, cols] of rows) {
          if (row === '年度资金总额' || row === '总分' || !cols.has('分值')) continue;
          const [level1 = '', ...rest] = row.split('/');
          indicators.push({
            row,
            level1,
            level3: rest[rest.length - 1] ?? '',
            target: cols.get('年度指标值') ?? '',
            actual: cols.get('实际完成值') ?? '',
            weight: cols.get('分值') ?? '0',
            ...(cols.has('得分') ? { score: cols.get('得分') as string } : {}),
          });
        }
        if (indicators.length === 0) return;
        const execution =
          fund?.get('全年预算数') && fund.get('全年执行数')
            ? {
                fullYearBudget: fund.get('全年预算数') as string,
                executed: fund.get('全年执行数') as string,
                ...(fund.get('分值') ? { weight: fund.get('分值') as string } : {}),
                ...(fund.get('得分') ? { score: fund.get('得分') as string } : {}),
              }
            : undefined;
        const scored = scoreSheet(indicators, config, execution);
        const where = (row: string, column: string): FindingLocation => ({
          table: t.table.title,
          row: `${prefix}${row}`,
          column,
        });
        if (part === 'scores') {
          scored.indicators.forEach((s, i) => {
            if (s.differs) {
              const row = indicators[i]?.row ?? '';
              out.push(
                finding(
                  '',
                  where(row, '得分'),
                  `“${row}”得分 ${s.printed?.toString()}，按评分规则（${s.method}）应为 ${s.expected.toFixed(config.scorePlaces)}`,
                ),
              );
            }
          });
        } else if (part === 'execution') {
          if (scored.execution?.differs) {
            out.push(
              finding(
                '',
                where('年度资金总额', '得分'),
                `预算执行率得分 ${scored.execution.printed?.toString()}，按执行数 ÷ ${config.execution.basis}计算应为 ${scored.execution.expected.toFixed(config.scorePlaces)}`,
              ),
            );
          }
        } else {
          const weight = total?.get('分值');
          const score = total?.get('得分');
          if (
            !scored.weightSum.eq(config.totalWeight) ||
            (weight !== undefined && !scored.weightSum.eq(Number(weight)))
          ) {
            out.push(
              finding(
                '',
                where('总分', '分值'),
                `各项分值之和为 ${scored.weightSum.toString()}，总分栏为 ${weight ?? '（未印）'}，应为 ${config.totalWeight}`,
              ),
            );
          }
          if (score !== undefined && !scored.printedScoreSum.eq(Number(score))) {
            out.push(
              finding(
                '',
                where('总分', '得分'),
                `各项得分之和为 ${scored.printedScoreSum.toFixed(config.scorePlaces)}，与总分 ${score} 不符`,
              ),
            );
          }
        }
      };
      for (const t of tables) {
        current = t;
        const all = new Map<string, Map<string, string>>();
        for (const cell of t.table.cells) {
          const m = all.get(cell.row) ?? new Map<string, string>();
          m.set(cell.column, cell.text);
          all.set(cell.row, m);
        }
        // one table may hold several sheets (one per project), their rows keyed "<项目>/…"
        const prefixes = [...all.keys()]
          .filter((k) => k.endsWith('年度资金总额'))
          .map((k) => k.slice(0, -'年度资金总额'.length));
        for (const prefix of prefixes.length > 0 ? prefixes : ['']) {
          const rows = new Map<string, Map<string, string>>();
          for (const [k, v] of all) {
            if (!k.startsWith(prefix)) continue;
            const rest = k.slice(prefix.length);
            // rows of another sheet whose prefix extends this one
            if (prefix === '' && prefixes.some((p) => p !== '' && k.startsWith(p))) continue;
            rows.set(rest, v);
          }
          sheet(rows, prefix);
        }
      }
      return out;
    }
    case 'foreign-unit': {
      // a table (or a sheet of one) that names another unit as its 填报单位 / 单位 was pasted from
      // another unit's document; the units of this document are its own name and the unit rows it prints
      const bare = (s: string) =>
        s
          .replace(/[（(](本级|汇总|部门|单位)[)）]/g, '')
          .replace(/^\d+[_\s]*/, '')
          .replace(/[\s\u3000]/g, '');
      const known = new Set<string>([bare(pkg.unit.name)]);
      for (const t of pkg.tables) {
        const label = t.columns.findIndex((col) => col.role === 'label');
        for (const r of t.rows)
          if ((r.kind === 'unit' || r.kind === 'department') && label >= 0) known.add(bare(r.texts[label] ?? ''));
      }
      const ours = (name: string) => {
        const n = bare(name);
        return n === '' || [...known].some((k) => k !== '' && (n.includes(k) || k.includes(n)));
      };
      const param = c.params?.labels as string[] | undefined;
      const labels = param ?? ['填报单位', '编制单位', '单位名称', '预算单位', '部门名称'];
      const seen = new Set<string>();
      for (const t of tables) {
        const named: string[] = [];
        for (const cap of t.table.captions) {
          const m = new RegExp(`^(?:${labels.join('|')}|单位)[:：]\\s*(.+)$`).exec(cap.trim());
          if (m?.[1] && !/^(万元|元|千元)$/.test(m[1].trim())) named.push(m[1]);
        }
        for (const cell of t.table.cells)
          if (cell.value === null && labels.includes(cell.column)) named.push(cell.text);
        for (const name of named) {
          if (ours(name) || seen.has(`${t.table.title}\u0000${name}`)) continue;
          seen.add(`${t.table.title}\u0000${name}`);
          out.push(
            finding(
              '',
              { table: t.table.title },
              `“${t.table.title}”注明的单位“${name.trim()}”不是本文件的单位“${pkg.unit.name}”，疑似误用其他单位的表`,
            ),
          );
        }
      }
      return out;
    }
    case 'text-years': {
      // a year in the 说明 that is not the document's: legitimate only as a comparison base ("比2023年"),
      // a date of the previous year-end ("截至2023年12月31日") or a date of the following year (publication)
      const year = pkg.year;
      for (const s of pkg.sections ?? []) {
        for (const m of s.text.matchAll(/(20\d\d)\s*年(度)?/g)) {
          const y = Number(m[1]);
          if (y === year) continue;
          const at = m.index ?? 0;
          const before = s.text.slice(Math.max(0, at - 6), at);
          const after = s.text.slice(at + m[0].length, at + m[0].length + 6);
          const comparison = /(比|较|与|同|对比|相比|上年|较上年|低于|高于|于)\s*$/.test(before);
          const date = /^\s*(\d{1,2}\s*月|底|末|年底|年末)/.test(after) || /(截至|截止|至)\s*$/.test(before);
          // money carried over from an earlier year keeps that year's name ("2023年结转资金")
          const carried = /^\s*(结转|结余|以前|及以前|起|以来|开始)/.test(after) || /(从|自)\s*$/.test(before);
          if (y < year && carried) continue;
          // the title of a cited document keeps its own year (《…2024年重点工作任务书》)
          const head = s.text.slice(Math.max(0, s.text.lastIndexOf('\n', at)), at);
          if ((head.match(/《/g)?.length ?? 0) > (head.match(/》/g)?.length ?? 0)) continue;
          if (y < year && (comparison || date)) continue;
          // a date in the following year (the 决算 is written then), but never the 截至 date of its balances
          if (y === year + 1 && date && pkg.kind === '决算' && !/(截至|截止)\s*$/.test(before)) continue;
          out.push(
            finding(
              '',
              { section: `${s.number} ${s.title}`, sentence: sentenceAround(s.text, at) },
              `说明“${s.number} ${s.title}”写作 ${y} 年，本文件为 ${year} 年：“${sentenceAround(s.text, at)}”`,
            ),
          );
        }
      }
      return out;
    }
    case 'header-only': {
      // printed with title and captions but not a single row, not even the 合计; a table whose note
      // says it is empty (空表说明) counts as printed
      const emptyNote = new RegExp(String(c.params?.emptyNote ?? '为空|空表|无数据|未安排|无此项'));
      for (const t of tables) {
        if (t.table.cells.length === 0 && t.table.rows.length === 0 && !emptyNote.test(t.table.note ?? '')) {
          out.push(
            finding(
              '',
              { table: t.table.title },
              `“${t.table.title}”只印了表头，没有任何数据行（空表也应列出合计行并注明为空）`,
            ),
          );
        }
      }
      return out;
    }
    case 'empty-table-note': {
      const pattern = new RegExp(String(c.params?.pattern ?? '为空|无数据|未安排'));
      for (const t of tables) {
        // a table printed as a bare header is reported by header-only: one cause, one finding
        const bare = t.table.cells.length === 0 && t.table.rows.length === 0;
        const listing = pkg.origin.kind === 'generated' || pkg.origin.complete === true;
        if (t.table.layout === 'form' || (bare && !listing)) continue;
        const hasData = [...t.rows].some((r) => [...t.columns].some((col) => (t.get(r, col)?.printed ?? 0n) !== 0n));
        if (!hasData && !pattern.test(t.table.note ?? '')) {
          out.push(finding(`“${t.table.title}”没有数据，也没有说明为空的注释`, { table: t.table.title }));
        }
      }
      return out;
    }
    case 'function-codes-valid':
    case 'economic-codes-valid': {
      if (!options.catalogs) return out;
      const catalog = c.check === 'function-codes-valid' ? options.catalogs.func : options.catalogs.deptEcon;
      const seen = new Set<string>();
      for (const t of tables) {
        for (const key of t.rows) {
          const code = c.check === 'function-codes-valid' ? functionCodeOf(key) : economicCodeOf(key, t);
          if (!code || seen.has(code)) continue;
          seen.add(code);
          const r = lookup(catalog, code, pkg.year);
          if (r.status === 'unknown')
            out.push(
              finding(
                `科目编码 ${code} 不在 ${pkg.year} 年目录中`,
                { table: t.table.title, row: key },
                `科目编码 ${code} 不在 ${pkg.year} 年目录中`,
              ),
            );
          else if (r.status === 'out-of-range')
            out.push(
              finding(
                `科目编码 ${code}（${r.entry.name}）只适用于 ${r.entry.validFrom ?? '…'}–${r.entry.validTo ?? '…'} 年`,
                { table: t.table.title, row: key },
                `科目编码 ${code}（${r.entry.name}）只适用于 ${r.entry.validFrom ?? '…'}–${r.entry.validTo ?? '…'} 年，不适用于 ${pkg.year} 年`,
              ),
            );
        }
      }
      return out;
    }
    case 'code-names-match': {
      if (!options.catalogs) return out;
      for (const t of tables) {
        const codeCol = t.table.columns.findIndex((col) => col.role === 'code' && /编码|代码/.test(col.path.join('/')));
        const nameCol = t.table.columns.findIndex((col) => col.role === 'label');
        if (codeCol < 0 || nameCol < 0) continue;
        for (const r of t.table.rows) {
          const code = r.texts[codeCol] ?? '';
          const name = r.texts[nameCol] ?? '';
          if (!/^\d{3,7}$/.test(code) || !name) continue;
          const catalog =
            /经济/.test(t.table.columns[codeCol]?.path.join('/') ?? '') ||
            t.table.columns.some((col) => /经济分类/.test(col.path.join('/')))
              ? options.catalogs.deptEcon
              : options.catalogs.func;
          const hit = lookup(catalog, code, pkg.year);
          if (hit.status === 'ok' && normaliseName(hit.entry.name) !== normaliseName(name)) {
            out.push(
              finding(
                '',
                { table: t.table.title, row: r.key ?? code },
                `科目 ${code} 的名称“${name}”与目录名称“${hit.entry.name}”不一致`,
              ),
            );
          }
        }
      }
      return out;
    }
    case 'caption-unit': {
      for (const t of tables) {
        for (const cap of t.table.captions) {
          const m = /单位[:：]\s*(\d{3,})[_\s]*(.*)$/.exec(cap);
          if (m && m[1] !== pkg.unit.code) {
            out.push(
              finding(
                '',
                { table: t.table.title },
                `表头单位为“${m[1]} ${m[2] ?? ''}”，与本文件的单位“${pkg.unit.code} ${pkg.unit.name}”不符`,
              ),
            );
          }
          const y = /(20\d\d)\s*年/.exec(cap);
          if (y && Number(y[1]) !== pkg.year)
            out.push(finding('', { table: t.table.title }, `表头年度为 ${y[1]} 年，与本文件的 ${pkg.year} 年不符`));
        }
        const y = /(20\d\d)\s*年/.exec(t.table.printedTitle);
        if (y && Number(y[1]) !== pkg.year)
          out.push(finding('', { table: t.table.title }, `表名中的年度为 ${y[1]} 年，与本文件的 ${pkg.year} 年不符`));
      }
      return out;
    }
    case 'caption-amount-unit': {
      const want = String(c.params?.unit ?? pkg.amountUnit);
      for (const t of tables) {
        if (t.table.layout === 'form') continue;
        const cap = t.table.captions.find((x) => /(金额)?单位[:：]\s*(万元|元|千元)\s*$/.test(x));
        const unit = cap ? /(万元|千元|元)\s*$/.exec(cap)?.[1] : undefined;
        if (unit && unit !== want)
          out.push(finding('', { table: t.table.title }, `金额单位写作“${unit}”，本文件应为“${want}”`));
      }
      return out;
    }
    case 'magnitude-yuan': {
      const factor = BigInt(Number(c.params?.factor ?? 100));
      for (const t of tables) {
        let max = 0n;
        for (const key of t.rows) {
          if (t.kinds.get(key) !== 'total' && key !== '合计') continue;
          for (const col of t.columns) max = maxFen(max, absFen(t.get(key, col)?.printed ?? 0n));
        }
        if (max === 0n) continue;
        for (const key of t.rows) {
          for (const col of t.columns) {
            const v = absFen(t.get(key, col)?.printed ?? 0n);
            if (v > max * factor) {
              out.push(
                finding(
                  '',
                  { table: t.table.title, row: key, column: col },
                  `数值 ${formatWan(v)} 远大于本表合计 ${formatWan(max)}，疑似以“元”填列（应为“万元”）`,
                ),
              );
            }
          }
        }
      }
      return out;
    }
    case 'columns-present': {
      for (const t of tables) {
        // a package read as cells only carries no header; its columns cannot be judged
        if (t.table.columns.length === 0) continue;
        for (const col of (c.params?.columns as string[] | undefined) ?? []) {
          if (!t.columns.has(col) && !t.table.columns.some((lc) => lc.path.join('/') === col)) {
            out.push(finding('', { table: t.table.title, column: col }, `“${t.table.title}”缺少“${col}”栏`));
          }
        }
      }
      return out;
    }
    case 'indicator-value-content': {
      // 指标值 "12次" against 指标值内容 "12"; percentages written as fractions ("1" = 100%) are normalised
      for (const t of tables) {
        const byRow = new Map<string, Map<string, string>>();
        for (const cell of t.table.cells) {
          if (cell.value !== null) continue;
          const m = byRow.get(cell.row) ?? new Map<string, string>();
          m.set(cell.column, cell.text);
          byRow.set(cell.row, m);
        }
        for (const [row, cols] of byRow) {
          const value = cols.get('指标值');
          const content = cols.get('指标值内容');
          if (!value || !content) continue;
          const a = leadingNumber(value);
          const b = leadingNumber(content);
          if (a === undefined || b === undefined) continue;
          if (a !== b && !(value.includes('%') && Number(a) / 100 === Number(b))) {
            out.push(
              finding(
                '',
                { table: t.table.title, row, column: '指标值内容' },
                `指标值“${value}”与指标值内容“${content}”不一致`,
              ),
            );
          }
        }
      }
      return out;
    }
    case 'function-item-level': {
      for (const t of tables) {
        const codes = t.rows.map(functionCodeOf).filter((x): x is string => !!x);
        if (codes.length > 0 && !codes.some((x) => x.length === 7)) {
          out.push(finding('', { table: t.table.title }, `“${t.table.title}”未细化到功能分类项级（7 位科目）`));
        }
      }
      return out;
    }
    case 'economic-kuan-level': {
      for (const t of tables) {
        const codes = t.rows.filter((k) => /^\d{3}(\d\d)?$/.test(k));
        if (codes.length > 0 && !codes.some((k) => k.length === 5)) {
          out.push(finding('', { table: t.table.title }, `“${t.table.title}”未细化到经济分类款级（5 位科目）`));
        }
      }
      return out;
    }
    default:
      return out;
  }
}

function sentenceAround(text: string, at: number): string {
  const from = Math.max(text.lastIndexOf('。', at), text.lastIndexOf('\n', at)) + 1;
  const stops = [text.indexOf('。', at), text.indexOf('\n', at)].filter((i) => i >= 0);
  const to = stops.length > 0 ? Math.min(...stops) + 1 : text.length;
  return text.slice(from, to).trim().slice(0, 160);
}

function leadingNumber(s: string): string | undefined {
  const m = /^\s*([0-9]+(?:\.[0-9]+)?)/.exec(s);
  return m ? String(Number(m[1])) : undefined;
}

function maxFen(a: Fen, b: Fen): Fen {
  return a > b ? a : b;
}

/**
 * The 功能分类 code of a row key: "004001/2010301" (under a unit) or a plain code as 决算 tables
 * key their rows. Plain keys are read as 功能分类 only when they start with 2 (经济分类 starts with 3 or 5).
 */
function functionCodeOf(key: string): string | undefined {
  const m = /^(?:[^/]+\/)?(\d{3}|\d{5}|\d{7})$/.exec(key);
  if (!m) return undefined;
  return key.includes('/') || key.startsWith('2') ? m[1] : undefined;
}

function economicCodeOf(key: string, t: IndexedTable): string | undefined {
  const econTable = t.table.columns.some((c) => /经济分类|科目代码/.test(c.path.join('/')));
  return econTable && /^\d{5}$/.test(key) && /^3\d\d/.test(key) ? key : undefined;
}
