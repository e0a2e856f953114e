/**
 * The damage generator: variants of a clean package made the way real documents differ and go
 * wrong, so that the checker's robustness is measured rather than tuned.
 *
 * Restyled but correct — the checker must add no 错误:
 *   numbering styles of labels, bracket widths, title qualifiers, labels wrapped over two lines,
 *   总计 written for 合计, a missing 合计 row, reordered tables (all as a document read back, whose
 *   absent rows are unknown rather than blank).
 * Damaged — the checker must report it:
 *   a changed amount, a row's amounts shifted one column, an amount in 元 inside a 万元 document,
 *   another unit's table pasted in, a missing table, a header-only table, a wrong year in the text.
 *
 * Deterministic: every variant comes from a seeded generator (mulberry32).
 */
import { formatAmount } from '../../src/core/money/amount.ts';
import type { Cell, DisclosurePackage, PackageTable, TableRow } from '../../src/core/package/model.ts';

export const RESTYLE_CLASSES = [
  'numbering',
  'brackets',
  'title-qualifier',
  'wrapped-labels',
  'total-word',
  'no-total-row',
  'reordered',
] as const;
export type RestyleClass = (typeof RESTYLE_CLASSES)[number];

export const DAMAGE_CLASSES = [
  'changed-amount',
  'shifted-columns',
  'yuan-in-wan',
  'pasted-table',
  'missing-table',
  'header-only',
  'wrong-year',
] as const;
export type DamageClass = (typeof DAMAGE_CLASSES)[number];

export interface Damaged {
  readonly pkg: DisclosurePackage;
  /** what was damaged, for reports */
  readonly what: string;
  /** the table the damage is in (undefined for text damage) */
  readonly table?: string;
}

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;

/** The package as if read back from a document: provenance per line, absent rows not known to be blank. */
export function asDocument(pkg: DisclosurePackage): DisclosurePackage {
  let line = 0;
  return {
    ...pkg,
    origin: { kind: 'parsed', file: 'variant.txt' },
    tables: pkg.tables.map((t) => {
      const lineOf = new Map<string, number>();
      return {
        ...t,
        cells: t.cells.map((c): Cell => {
          let l = lineOf.get(c.row);
          if (l === undefined) {
            l = ++line;
            lineOf.set(c.row, l);
          }
          return { ...c, provenance: { kind: 'document', page: 1, line: l, raw: c.text } };
        }),
      };
    }),
  };
}

function mapTables(pkg: DisclosurePackage, f: (t: PackageTable, i: number) => PackageTable): DisclosurePackage {
  return { ...pkg, tables: pkg.tables.map(f) };
}

function renameRows(t: PackageTable, f: (key: string) => string): PackageTable {
  return {
    ...t,
    rows: t.rows.map((r): TableRow => (r.key === undefined ? r : { ...r, key: f(r.key) })),
    cells: t.cells.map((c) => ({ ...c, row: f(c.row) })),
  };
}

function renameColumns(t: PackageTable, f: (col: string) => string): PackageTable {
  return { ...t, cells: t.cells.map((c) => ({ ...c, column: f(c.column) })) };
}

const CN = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

function toCn(n: number): string {
  if (n <= 10) return CN[n - 1] as string;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens > 1 ? CN[tens - 1] : ''}十${ones > 0 ? CN[ones - 1] : ''}`;
}

function fromCn(s: string): number {
  if (!s.includes('十')) return CN.indexOf(s) + 1;
  const [a = '', b = ''] = s.split('十');
  return (a ? CN.indexOf(a) + 1 : 1) * 10 + (b ? CN.indexOf(b) + 1 : 0);
}

const STYLES = ['cn、', 'cn()', 'num.', 'num()'] as const;

/**
 * Another numbering style for one label component. Documents keep a hierarchy of styles (一、 over
 * （一） over 1. over （1）) but choose different ones: `shift` rotates the hierarchy (一、 → （一）,
 * （一） → 1. …), keeping it consistent within the document; shift 0 drops the numbering.
 */
function renumber(label: string, shift: number): string {
  const m =
    /^(?:([一二三四五六七八九十]+)、|[(（]([一二三四五六七八九十]+)[)）]\s*|(\d+)\.(?!\d)|[(（](\d+)[)）])(.*)$/u.exec(
      label,
    );
  if (!m) return label;
  const style = m[1] ? 0 : m[2] ? 1 : m[3] ? 2 : 3;
  const word = m[1] ?? m[2];
  const n = word ? fromCn(word) : Number(m[3] ?? m[4]);
  const rest = m[5] ?? '';
  if (!(n > 0 && n < 100)) return label;
  if (shift === 0) return rest;
  const cn = toCn(n);
  switch (STYLES[(style + shift) % 4]) {
    case 'cn、':
      return `${cn}、${rest}`;
    case 'cn()':
      return `（${cn}）${rest}`;
    case 'num.':
      return `${n}.${rest}`;
    default:
      return `(${n})${rest}`;
  }
}

const swapBrackets = (s: string) =>
  s.replace(/[（(]/g, (b) => (b === '(' ? '（' : '(')).replace(/[）)]/g, (b) => (b === ')' ? '）' : ')'));

/** A restyled but correct variant. */
export function restyle(pkg: DisclosurePackage, kind: RestyleClass, seed = 1): DisclosurePackage {
  const r = rng(seed);
  const doc = asDocument(pkg);
  switch (kind) {
    case 'numbering': {
      const shift = seed % 4;
      void r;
      return mapTables(doc, (t) => {
        const keys = new Set([...t.rows.map((x) => x.key ?? ''), ...t.cells.map((c) => c.row)]);
        const next = (k: string) =>
          k
            .split('/')
            .map((p) => renumber(p, shift))
            .join('/');
        // labels that lose their numbering must not become one key (a reader keeps such rows apart):
        // such a table keeps its numbering
        const renamed = new Set([...keys].map(next));
        return renamed.size < keys.size ? t : renameRows(t, next);
      });
    }
    case 'brackets':
      return mapTables(doc, (t) => renameColumns(renameRows(t, swapBrackets), swapBrackets));
    case 'title-qualifier':
      return mapTables(doc, (t) => ({
        ...t,
        printedTitle: `${t.printedTitle}（${pick(r, ['含下属单位', '本级', '续表'])}）`,
      }));
    case 'wrapped-labels':
      // a long label broken over two printed lines keeps a line break (or a space) inside
      return mapTables(doc, (t) =>
        renameRows(t, (k) => (/^\d|\//.test(k) || k.length < 6 ? k : `${k.slice(0, 4)}\n${k.slice(4)}`)),
      );
    case 'total-word':
      return mapTables(doc, (t) =>
        t.rows.some((x) => x.key === '总计') || t.cells.some((c) => c.row === '总计')
          ? t
          : renameRows(t, (k) => (k === '合计' ? '总计' : k)),
      );
    case 'no-total-row':
      // layouts that print no 合计 row: only where the parts (departments, units or 类) are printed
      return mapTables(doc, (t) => {
        const keys = new Set(t.cells.map((c) => c.row));
        const hasParts = [...keys].some((k) => /^\d{3}$|^\d+\/\d{3}$|^\d{3,6}$/.test(k));
        if (!keys.has('合计') || !hasParts) return t;
        return { ...t, rows: t.rows.filter((x) => x.key !== '合计'), cells: t.cells.filter((c) => c.row !== '合计') };
      });
    case 'reordered':
      return { ...doc, tables: [...doc.tables].reverse() };
  }
}

function amountCells(pkg: DisclosurePackage): Array<{ table: PackageTable; cell: Cell }> {
  return pkg.tables.flatMap((table) =>
    table.layout === 'form'
      ? []
      : table.cells.filter((c) => c.value !== null && c.value !== 0n).map((cell) => ({ table, cell })),
  );
}

function setCell(pkg: DisclosurePackage, table: PackageTable, cell: Cell, value: bigint): DisclosurePackage {
  const text = formatAmount(value, pkg.amountUnit, { places: pkg.places });
  return mapTables(pkg, (t) =>
    t !== table ? t : { ...t, cells: t.cells.map((c) => (c === cell ? { ...c, value, text } : c)) },
  );
}

/**
 * A damaged variant, or undefined when the package offers nothing to damage in that way.
 * `other` is a package of another unit (for a pasted table).
 */
export function damage(
  pkg: DisclosurePackage,
  kind: DamageClass,
  seed: number,
  other?: DisclosurePackage,
): Damaged | undefined {
  const r = rng(seed);
  const unit = pkg.amountUnit === '万元' ? 1_000_000n : 100n;
  switch (kind) {
    case 'changed-amount': {
      const cells = amountCells(pkg);
      if (cells.length === 0) return undefined;
      const { table, cell } = pick(r, cells);
      const delta = BigInt(1 + Math.floor(r() * 50)) * unit * (r() < 0.5 ? -1n : 1n);
      const value =
        (cell.value as bigint) + delta === 0n ? (cell.value as bigint) + 2n * delta : (cell.value as bigint) + delta;
      return {
        pkg: setCell(pkg, table, cell, value),
        what: `${table.title} ${cell.row} ${cell.column}: ${cell.text} → ${formatAmount(value, pkg.amountUnit)}`,
        table: table.title,
      };
    }
    case 'yuan-in-wan': {
      if (pkg.amountUnit !== '万元') return undefined;
      const cells = amountCells(pkg);
      if (cells.length === 0) return undefined;
      const { table, cell } = pick(r, cells);
      const value = (cell.value as bigint) * 10_000n;
      return {
        pkg: setCell(pkg, table, cell, value),
        what: `${table.title} ${cell.row} ${cell.column} ×10000`,
        table: table.title,
      };
    }
    case 'shifted-columns': {
      // a row whose printed amounts moved one column to the right (the last one falls off)
      const rows = pkg.tables.flatMap((table) => {
        if (table.layout === 'form') return [];
        const byRow = new Map<string, Cell[]>();
        for (const c of table.cells) if (c.value !== null) byRow.set(c.row, [...(byRow.get(c.row) ?? []), c]);
        return [...byRow.entries()]
          .filter(([, cs]) => cs.length >= 3 && new Set(cs.map((c) => c.value)).size >= 2)
          .map(([row, cs]) => ({ table, row, cs }));
      });
      if (rows.length === 0) return undefined;
      const { table, row, cs } = pick(r, rows);
      const shifted = new Map<Cell, Cell>();
      for (let i = cs.length - 1; i >= 1; i--) {
        const to = cs[i] as Cell;
        const from = cs[i - 1] as Cell;
        shifted.set(to, { ...to, value: from.value, text: from.text });
      }
      const first = cs[0] as Cell;
      shifted.set(first, { ...first, value: 0n, text: '' });
      if (cs.every((c) => shifted.get(c)?.value === c.value)) return undefined;
      return {
        pkg: mapTables(pkg, (t) => (t !== table ? t : { ...t, cells: t.cells.map((c) => shifted.get(c) ?? c) })),
        what: `${table.title} ${row}: 金额右移一栏`,
        table: table.title,
      };
    }
    case 'pasted-table': {
      if (!other) return undefined;
      const candidates = pkg.tables.filter((t) => {
        const o = other.tables.find((x) => x.title === t.title);
        return (
          o?.cells.some((c) => c.value) &&
          JSON.stringify(o.cells.map((c) => c.text)) !== JSON.stringify(t.cells.map((c) => c.text))
        );
      });
      if (candidates.length === 0) return undefined;
      const table = pick(r, candidates);
      const o = other.tables.find((x) => x.title === table.title) as PackageTable;
      return {
        pkg: mapTables(pkg, (t) => (t !== table ? t : { ...o, number: t.number })),
        what: `${table.title}: 换成 ${other.unit.name} 的同名表`,
        table: table.title,
      };
    }
    case 'missing-table': {
      const candidates = pkg.tables.filter((t) => t.layout !== 'reference');
      if (candidates.length === 0) return undefined;
      const table = pick(r, candidates);
      return {
        pkg: { ...pkg, tables: pkg.tables.filter((t) => t !== table) },
        what: `缺 ${table.title}`,
        table: table.title,
      };
    }
    case 'header-only': {
      // an empty table printed as its header with the statement that it is empty is correct, not damage
      const candidates = pkg.tables.filter(
        (t) => t.layout !== 'reference' && t.cells.length > 0 && !/为空|空表|无数据|未安排/.test(t.note ?? ''),
      );
      if (candidates.length === 0) return undefined;
      const table = pick(r, candidates);
      return {
        pkg: mapTables(pkg, (t) => (t !== table ? t : { ...t, rows: [], cells: [], empty: true })),
        what: `${table.title} 只印表头`,
        table: table.title,
      };
    }
    case 'wrong-year': {
      const sections = (pkg.sections ?? []).filter((s) => s.text.includes(`${pkg.year}年`));
      if (sections.length === 0) return undefined;
      const section = pick(r, sections);
      const wrong = pkg.year + (r() < 0.5 ? -1 : 1);
      const occurrences = [...section.text.matchAll(new RegExp(`${pkg.year}年`, 'g'))];
      const at = (pick(r, occurrences).index ?? 0) as number;
      const text = `${section.text.slice(0, at)}${wrong}年${section.text.slice(at + `${pkg.year}年`.length)}`;
      return {
        pkg: { ...pkg, sections: (pkg.sections ?? []).map((s) => (s === section ? { ...s, text } : s)) },
        what: `说明“${section.title}”中 ${pkg.year}年 → ${wrong}年`,
      };
    }
  }
}
