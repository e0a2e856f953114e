/**
 * A small hand-built disclosure package for the renderer tests: a grid table with a 3-level
 * header, a side-by-side table, a form table with body merges and awkward text, and an empty
 * table with a 注 note. Amounts include values more precise than 0.01 万元 (1 234 567.89 元),
 * half-up boundaries (±0.005 万元) and a zero printed blank.
 */
import { type AmountUnit, type Fen, formatAmount } from '../../src/core/money/amount.ts';
import {
  type Cell,
  type ColumnRole,
  columnKey,
  type DisclosurePackage,
  type HeaderCell,
  type LeafColumn,
  type Merge,
  type PackageTable,
  type RowKind,
  type TableLayout,
  type TableRow,
} from '../../src/core/package/model.ts';

/** A value in a row spec: text for non-amount columns; fen, null (blank), or a value printed blank. */
type Val = string | Fen | null | { readonly blank: Fen };

interface RowSpec {
  readonly kind: RowKind;
  readonly values: readonly Val[];
  /** row key of the cells of this row; a function when it depends on the column (side-by-side) */
  readonly key: string | ((col: number) => string);
}

interface TableSpec {
  readonly number: number;
  readonly id: string;
  readonly title: string;
  readonly printedTitle?: string;
  readonly captions: readonly string[];
  readonly layout: TableLayout;
  readonly columns: readonly [path: readonly string[], role: ColumnRole, width: number][];
  readonly header: readonly [text: string, row: number, col: number, rowSpan?: number, colSpan?: number][];
  readonly rows: readonly RowSpec[];
  readonly merges?: readonly Merge[];
  readonly note?: string;
  readonly empty?: boolean;
}

export type Origin = 'generated' | 'parsed';

function buildTable(spec: TableSpec, unit: AmountUnit, origin: Origin): PackageTable {
  const columns: LeafColumn[] = spec.columns.map(([path, role, width]) => ({ path, role, width }));
  const headerCells: HeaderCell[] = spec.header.map(([text, row, col, rowSpan = 1, colSpan = 1]) => ({
    text,
    row,
    col,
    rowSpan,
    colSpan,
  }));
  const headerDepth = Math.max(0, ...headerCells.map((h) => h.row + h.rowSpan));
  const headerRows: HeaderCell[][] = Array.from({ length: headerDepth }, (_, r) =>
    headerCells.filter((h) => h.row === r),
  );
  const rows: TableRow[] = [];
  const cells: Cell[] = [];
  spec.rows.forEach((rowSpec, r) => {
    const texts: string[] = [];
    const values: (Fen | null)[] = [];
    columns.forEach((col, c) => {
      const v = rowSpec.values[c] ?? null;
      const key = typeof rowSpec.key === 'string' ? rowSpec.key : rowSpec.key(c);
      if (col.role === 'amount') {
        let fen: Fen | null = null;
        let text = '';
        if (typeof v === 'bigint') {
          fen = v;
          text = formatAmount(v, unit, { places: 2 });
        } else if (v !== null && typeof v === 'object') {
          fen = v.blank;
        }
        texts.push(text);
        values.push(fen);
        if (fen !== null) {
          cells.push({
            table: spec.title,
            row: key,
            column: columnKey(col.path),
            value: fen,
            text,
            provenance:
              origin === 'generated'
                ? { kind: 'lines', lines: [r + 1, r + 2] }
                : { kind: 'document', page: spec.number, line: r + 1, raw: text },
          });
        }
      } else {
        const text = typeof v === 'string' ? v : '';
        texts.push(text);
        values.push(null);
        if (col.role === 'text' && text !== '') {
          cells.push({
            table: spec.title,
            row: key,
            column: columnKey(col.path),
            value: null,
            text,
            provenance: { kind: 'field', field: `rows[${r}].${c}` },
          });
        }
      }
    });
    // grid rows carry the key of their cells; form and side-by-side rows do not
    if (spec.layout === 'grid' && typeof rowSpec.key === 'string') {
      rows.push({ kind: rowSpec.kind, key: rowSpec.key, texts, values });
    } else {
      rows.push({ kind: rowSpec.kind, texts, values });
    }
  });
  const table: PackageTable = {
    number: spec.number,
    id: spec.id,
    title: spec.title,
    printedTitle: spec.printedTitle ?? spec.title,
    captions: spec.captions,
    layout: spec.layout,
    columns,
    headerRows,
    headerDepth,
    rows,
    merges: spec.merges ?? [],
    cells,
    empty: spec.empty ?? false,
  };
  return spec.note === undefined ? table : { ...table, note: spec.note };
}

/** 1 234 567.89 元 = 123.456789 万元 (prints 123.46) */
export const A: Fen = 123_456_789n;
/** 0.005 万元: rounds half up to 0.01 */
export const HALF: Fen = 5_000n;
/** 0.004999 万元: rounds down to 0.00 */
export const BELOW_HALF: Fen = 4_999n;
/** 558.971234 万元 */
export const E: Fen = 558_971_234n;
/** 1 000 万元 */
export const K: Fen = 1_000_000_000n;

export const WEIRD_LABEL = 'A,B "C"\n第二行 <x> & y';
export const WEIRD_TEXT = '<script>alert("x")</script> & 完成';
export const UNIT_NAME = '某某市某某局';

const sum = (...xs: Fen[]): Fen => xs.reduce((a, b) => a + b, 0n);

function specs(): TableSpec[] {
  // 2010101 行政运行 and 2010150 事业运行, summed up to 20101 and 201
  const i1 = { wage: A, family: HALF, public: E, project: -HALF };
  const i2 = { wage: BELOW_HALF, family: 0n, public: 0n, project: K };
  const tot = {
    wage: sum(i1.wage, i2.wage),
    family: sum(i1.family, i2.family),
    public: sum(i1.public, i2.public),
    project: sum(i1.project, i2.project),
  };
  const gridRow = (kind: RowKind, code: string, label: string, v: typeof tot, key = code): RowSpec => {
    const basic = sum(v.wage, v.family, v.public);
    return {
      kind,
      key,
      values: [
        code,
        label,
        sum(basic, v.project),
        basic,
        v.wage,
        v.family === 0n ? { blank: 0n } : v.family,
        v.public === 0n ? null : v.public,
        v.project,
      ],
    };
  };
  return [
    {
      number: 1,
      id: 'T01',
      title: '2024年一般公共预算支出表（按功能分类/经济分类：基本支出[人员*公用]与项目支出?）',
      printedTitle: '2024年一般公共预算支出表',
      captions: [`单位：${UNIT_NAME}`, '金额单位：万元'],
      layout: 'grid',
      columns: [
        [['功能分类科目编码'], 'code', 12],
        [['功能分类科目名称'], 'label', 28],
        [['合计'], 'amount', 12],
        [['基本支出', '小计'], 'amount', 12],
        [['基本支出', '人员经费', '工资福利支出'], 'amount', 12],
        [['基本支出', '人员经费', '对个人和家庭的补助'], 'amount', 12],
        [['基本支出', '公用经费'], 'amount', 12],
        [['项目支出'], 'amount', 12],
      ],
      header: [
        ['功能分类科目编码', 0, 0, 3],
        ['功能分类科目名称', 0, 1, 3],
        ['合计', 0, 2, 3],
        ['基本支出', 0, 3, 1, 4],
        ['项目支出', 0, 7, 3],
        ['小计', 1, 3, 2],
        ['人员经费', 1, 4, 1, 2],
        ['公用经费', 1, 6, 2],
        ['工资福利支出', 2, 4],
        ['对个人和家庭的补助', 2, 5],
      ],
      rows: [
        gridRow('total', '', '合计', tot, '合计'),
        gridRow('class', '201', '一般公共服务支出', tot),
        gridRow('kuan', '20101', '  人大事务', tot),
        gridRow('item', '2010101', '    行政运行', i1),
        gridRow('item', '2010150', '    事业运行', i2),
      ],
    },
    {
      number: 2,
      id: 'T02',
      title: '2024年部门收支总表',
      captions: ['金额单位：万元'],
      layout: 'side-by-side',
      columns: [
        [['收入', '项目'], 'label', 30],
        [['收入', '预算数'], 'amount', 14],
        [['支出', '项目'], 'label', 30],
        [['支出', '预算数'], 'amount', 14],
      ],
      header: [
        ['收入', 0, 0, 1, 2],
        ['支出', 0, 2, 1, 2],
        ['项目', 1, 0],
        ['预算数', 1, 1],
        ['项目', 1, 2],
        ['预算数', 1, 3],
      ],
      rows: [
        {
          kind: 'line',
          key: (c) => (c < 2 ? '一、一般公共预算拨款收入' : '一、一般公共服务支出'),
          values: ['一、一般公共预算拨款收入', A, '一、一般公共服务支出', sum(A, HALF)],
        },
        {
          kind: 'line',
          key: (c) => (c < 2 ? '二、政府性基金预算拨款收入' : '二、教育支出'),
          values: ['二、政府性基金预算拨款收入', null, '二、教育支出', 1n],
        },
        {
          kind: 'line',
          key: (c) => (c < 2 ? '三、事业收入' : ''),
          values: ['三、事业收入', HALF, '', null],
        },
        {
          kind: 'total',
          key: (c) => (c < 2 ? '收入总计' : '支出总计'),
          values: ['收入总计', sum(A, HALF), '支出总计', sum(A, HALF, 1n)],
        },
      ],
    },
    {
      number: 3,
      id: 'T03',
      title: '2024年项目支出绩效目标表（"重点", 项目）',
      captions: [],
      layout: 'form',
      columns: [
        [['项目'], 'label', 14],
        [['内容'], 'text', 26],
        [['指标'], 'label', 16],
        [['金额'], 'amount', 14],
      ],
      header: [
        ['项目', 0, 0],
        ['内容', 0, 1],
        ['指标', 0, 2],
        ['金额', 0, 3],
      ],
      rows: [
        { kind: 'form', key: '项目名称', values: ['项目名称', '办公楼维修', '', null] },
        { kind: 'form', key: '资金总额', values: ['资金情况', '年度资金总额', '资金总额', 12_345_678n] },
        { kind: 'form', key: '财政拨款', values: ['', '其中：财政拨款', '财政拨款', 10_000_000n] },
        { kind: 'form', key: WEIRD_LABEL, values: [WEIRD_LABEL, WEIRD_TEXT, '其他资金', 2_345_678n] },
        { kind: 'form', key: '绩效目标', values: ['绩效目标', '完成维修，保障办公安全。', '', null] },
      ],
      merges: [
        { top: 0, left: 1, bottom: 0, right: 3 },
        { top: 1, left: 0, bottom: 2, right: 0 },
        { top: 4, left: 1, bottom: 4, right: 3 },
      ],
    },
    {
      number: 4,
      id: 'T04',
      title: '2024年政府性基金预算支出表',
      captions: [`单位：${UNIT_NAME}`, '金额单位：万元'],
      layout: 'grid',
      columns: [
        [['科目编码'], 'code', 12],
        [['科目名称'], 'label', 28],
        [['本年政府性基金预算支出', '合计'], 'amount', 12],
        [['本年政府性基金预算支出', '基本支出'], 'amount', 12],
        [['本年政府性基金预算支出', '项目支出'], 'amount', 12],
      ],
      header: [
        ['科目编码', 0, 0, 2],
        ['科目名称', 0, 1, 2],
        ['本年政府性基金预算支出', 0, 2, 1, 3],
        ['合计', 1, 2],
        ['基本支出', 1, 3],
        ['项目支出', 1, 4],
      ],
      rows: [{ kind: 'total', key: '合计', values: ['', '合计', null, null, null] }],
      note: '注：本单位2024年没有使用政府性基金预算拨款安排的支出，故本表无数据。',
      empty: true,
    },
  ];
}

/**
 * The fixture package. `generated`: amounts shown in 万元 (two decimals). `parsed`: as read from
 * a document that prints 元, so the exact values are more precise than 0.01 万元.
 */
export function buildFixturePackage(origin: Origin = 'generated'): DisclosurePackage {
  const unit: AmountUnit = origin === 'generated' ? '万元' : '元';
  const tables = specs().map((s) => {
    const captions = unit === '元' ? s.captions.map((c) => c.replace('金额单位：万元', '金额单位：元')) : s.captions;
    return buildTable({ ...s, captions }, unit, origin);
  });
  return {
    kind: '预算',
    year: 2024,
    templateSet: 'test-2024-budget',
    title: '2024年部门预算公开表',
    unit: { code: '101001', name: UNIT_NAME },
    region: '某某省某某市',
    amountUnit: unit,
    places: 2,
    tables,
    origin:
      origin === 'generated'
        ? { kind: 'generated', generator: 'mingzhang test fixture' }
        : { kind: 'parsed', file: '某某局2024年部门预算公开.pdf' },
  };
}
