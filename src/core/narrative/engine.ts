/**
 * Writes the 说明 from the package and the source data. Every number printed is recorded as a
 * fact with its binding (which cell, source figure or computation it comes from), so tests and
 * the checker can hold the text against the tables. Required reasons that are still empty are
 * reported; a package is not final while any remains.
 */
import { Decimal } from 'decimal.js';
import { type Fen, fenToDecimalString, formatWan } from '../money/amount.ts';
import { growthPercent, percent } from '../money/ratio.ts';
import { PackageIndex } from '../package/index.ts';
import type { DisclosurePackage, TableRow, TextSection } from '../package/model.ts';
import type { SourceData } from '../source/model.ts';
import type { Block, NarrativeSpec, ValueSpec } from './schema.ts';

export interface NarrativeFact {
  readonly section: string;
  /** the number as printed */
  readonly text: string;
  readonly unit: '万元' | '%';
  /** exact value: fen for amounts, the exact ratio for percentages */
  readonly exact: string;
  readonly binding: string;
}

export interface MissingReason {
  readonly slot: string;
  readonly label: string;
  readonly section: string;
  readonly why: string;
}

export interface NarrativeResult {
  readonly sections: TextSection[];
  readonly facts: NarrativeFact[];
  readonly missingReasons: MissingReason[];
}

export const REASON_PLACEHOLDER = (label: string) => `【待填写：${label}】`;

export function generateNarrative(pkg: DisclosurePackage, data: SourceData, spec: NarrativeSpec): NarrativeResult {
  return new Writer(pkg, data, spec).run();
}

/**
 * One named value of a narrative spec evaluated on a package and its source data, in fen
 * (undefined when not available) — what the 说明 would print for it. Used to read last year's
 * figures (上年数) from last year's stored package with this year's bindings.
 */
export function narrativeValue(
  pkg: DisclosurePackage,
  data: SourceData,
  spec: NarrativeSpec,
  name: string,
): Fen | undefined {
  const v = new Writer(pkg, data, spec).valueOf(name);
  return v === undefined ? undefined : BigInt(v.toFixed(0));
}

class Writer {
  private readonly index: PackageIndex;
  private readonly facts: NarrativeFact[] = [];
  private readonly missing: MissingReason[] = [];
  private section = '';

  constructor(
    private readonly pkg: DisclosurePackage,
    private readonly data: SourceData,
    private readonly spec: NarrativeSpec,
  ) {
    this.index = new PackageIndex(pkg);
  }

  run(): NarrativeResult {
    const sections: TextSection[] = [];
    for (const s of this.spec.sections) {
      this.section = `${s.number} ${s.title}`;
      const parts = this.blocks(s.blocks);
      for (const sub of s.subsections) {
        this.section = `${s.number}${sub.number} ${sub.title}`;
        const text = this.blocks(sub.blocks).join('\n');
        if (text) parts.push(`${sub.number}${sub.title}\n${text}`);
      }
      sections.push({ number: s.number, title: s.title, text: parts.filter(Boolean).join('\n') });
    }
    return { sections, facts: this.facts, missingReasons: this.missing };
  }

  private blocks(blocks: readonly Block[]): string[] {
    const out: string[] = [];
    for (const b of blocks) {
      const t = this.block(b);
      if (t) out.push(t);
    }
    return out;
  }

  private block(b: Block): string {
    switch (b.kind) {
      case 'fixed':
        return b.text;
      case 'budgetItems':
        return this.budgetItems(b);
      case 'duties': {
        const unit = this.data.units[0];
        const duties = this.data.units.flatMap((u) => u.duties);
        if (duties.length === 0) return this.fill(b.intro);
        return `${this.fill(b.intro)}\n${duties.map((d, i) => `（${chinese(i + 1)}）${d.replace(/^[（(][一二三四五六七八九十]+[)）]\s*/, '')}`).join('\n')}`.replace(
          '{basis}',
          unit?.dutiesBasis ?? '',
        );
      }
      case 'projects': {
        const inFunds = (fund: string) => !b.funds || b.funds.includes(fund);
        const byProject = new Map<string | null, Fen>();
        for (const l of this.data.lines)
          if (inFunds(l.fund)) byProject.set(l.project, (byProject.get(l.project) ?? 0n) + l.amount);
        const amountOf = (code: string) => byProject.get(code) ?? 0n;
        const projects = this.data.projects.filter((p) => amountOf(p.code) !== 0n);
        if (projects.length === 0) return this.fill(b.empty);
        return projects
          .map((p, i) => {
            const amount = amountOf(p.code);
            const text = this.amountText(
              amount,
              `项目 ${p.code} 的支出明细之和${b.funds ? `（资金来源 ${b.funds.join('、')}）` : ''}`,
            );
            return `（${i + 1}）${b.item
              .replaceAll('{name}', p.name)
              .replaceAll('{amount}', text)
              .replaceAll('{goal}', p.goal ?? '')}`;
          })
          .join('\n');
      }
      case 'paragraph': {
        if (b.needs && this.data[b.needs] === undefined) {
          // the source lacks the facts: never print a made-up zero; ask for them instead
          return b.missing ? this.reason(b.missing, true) : '';
        }
        if (b.when && this.value(b.when)?.isZero() !== false) return '';
        if (b.unless && this.value(b.unless)?.isZero() === false) return '';
        return this.fill(b.text);
      }
    }
  }

  // --- values ------------------------------------------------------------------------------

  valueOf(name: string): Decimal | undefined {
    return this.value(name);
  }

  /** value in fen (as a Decimal), undefined when not available */
  private value(name: string): Decimal | undefined {
    const spec = this.spec.values[name];
    if (!spec) throw new Error(`说明模板引用了未定义的数值“${name}”`);
    const fen = this.fen(spec);
    return fen === undefined ? undefined : new Decimal(fen.toString());
  }

  private fen(spec: ValueSpec): Fen | undefined {
    if ('cell' in spec) {
      const t = this.index.table(spec.cell.table);
      if (!t) return undefined;
      const c = t.get(spec.cell.row, spec.cell.column);
      // exact value of a generated cell: the text rounds from it, like the table does
      return c?.cell.value ?? 0n;
    }
    if ('prior' in spec) return this.data.priorYear?.figures[spec.prior];
    if ('const' in spec) return BigInt(spec.const);
    if ('sum' in spec) {
      let total = 0n;
      for (const n of spec.sum) {
        const v = this.value(n);
        if (v === undefined) return undefined;
        total += BigInt(v.toFixed(0));
      }
      return total;
    }
    return this.sourceFigure(spec.source);
  }

  private sourceFigure(path: string): Fen | undefined {
    const d = this.data;
    const sum = (xs: readonly Fen[]) => xs.reduce((a, b) => a + b, 0n);
    switch (path) {
      case 'officeOperation':
        return d.officeOperation;
      case 'procurement.goods':
      case 'procurement.works':
      case 'procurement.services':
        return d.procurement?.[path.split('.')[1] as 'goods' | 'works' | 'services'];
      case 'procurement.total':
        return d.procurement ? d.procurement.goods + d.procurement.works + d.procurement.services : undefined;
      case 'threePublic.abroad':
      case 'threePublic.vehiclePurchase':
      case 'threePublic.vehicleOperation':
      case 'threePublic.reception': {
        const f = path.split('.')[1] as 'abroad' | 'vehiclePurchase' | 'vehicleOperation' | 'reception';
        return sum(d.threePublic.map((t) => t[f]));
      }
      case 'threePublic.total':
        return sum(d.threePublic.map((t) => t.abroad + t.vehiclePurchase + t.vehicleOperation + t.reception));
      case 'officeOperationBudget':
        return d.officeOperationBudget;
      case 'budgetByFunc.initial':
        return d.budgetByFunc.length > 0 ? sum(d.budgetByFunc.map((b) => b.initialBudget ?? 0n)) : undefined;
      case 'budgetByFunc.fullYear':
        return d.budgetByFunc.length > 0 ? sum(d.budgetByFunc.map((b) => b.fullYearBudget ?? 0n)) : undefined;
      default:
        break;
    }
    // 决算 三公 budgets: threePublic.budget.<item|total>, threePublic.initialBudget.<item|total>
    const tp = /^threePublic\.(budget|initialBudget)\.(abroad|vehiclePurchase|vehicleOperation|reception|total)$/.exec(
      path,
    );
    if (tp) {
      const which = tp[1] as 'budget' | 'initialBudget';
      const field = tp[2] as string;
      if (d.threePublic.every((t) => t[which] === undefined)) return undefined;
      return sum(
        d.threePublic.map((t) => {
          const a = t[which];
          if (!a) return 0n;
          return field === 'total'
            ? a.abroad + a.vehiclePurchase + a.vehicleOperation + a.reception
            : a[field as 'abroad'];
        }),
      );
    }
    const sme = /^procurement\.sme\.(total|smallMicro|goods|works|services)$/.exec(path);
    if (sme) return d.procurement?.smeAwarded?.[sme[1] as 'total'];
    switch (path) {
      // without a 会议费/培训费 statement, the budget lines of 30215 / 30216 are the amounts
      case 'meeting':
        return d.meetingTraining.length > 0
          ? sum(d.meetingTraining.map((m) => m.meeting))
          : sum(d.lines.filter((l) => l.econ === '30215').map((l) => l.amount));
      case 'training':
        return d.meetingTraining.length > 0
          ? sum(d.meetingTraining.map((m) => m.training))
          : sum(d.lines.filter((l) => l.econ === '30216').map((l) => l.amount));
      default:
        throw new Error(`说明模板引用了未知的源数据项“${path}”`);
    }
  }

  private amountText(fen: Fen | bigint, binding: string): string {
    let text = formatWan(fen);
    if (this.spec.dropTrailingZeros) text = text.replace(/\.?0+$/, '') || '0';
    this.facts.push({ section: this.section, text, unit: '万元', exact: fenToDecimalString(fen, '万元'), binding });
    return text;
  }

  private percentText(p: Decimal, binding: string): string {
    const text = p.toDecimalPlaces(this.spec.percentPlaces, Decimal.ROUND_HALF_UP).toFixed(this.spec.percentPlaces);
    this.facts.push({ section: this.section, text, unit: '%', exact: p.toString(), binding });
    return text;
  }

  // --- placeholders ------------------------------------------------------------------------

  private fill(template: string): string {
    return template.replace(/\{([^{}]+)\}/g, (m, key: string) => {
      if (key === 'year') return String(this.data.year);
      if (key === 'prevYear') return String(this.data.year - 1);
      if (key === 'unitName') return this.pkg.unit.name;
      if (key === 'deptName') return this.data.department.name;
      if (key === 'unitCount') return String(this.data.units.length);
      if (key.startsWith('list:')) return this.list(key.slice(5));
      if (key.startsWith('change:')) return this.change(key.slice(7));
      if (key.startsWith('reason:')) {
        // {reason:slot|lead-in}: the lead-in prints only in front of a reason that is printed
        const [slot, lead = ''] = key.slice(7).split('|') as [string, string?];
        const text = this.reason(slot);
        return text ? `${lead}${text}` : '';
      }
      if (key.startsWith('share:')) {
        const [part, whole] = key.slice(6).split('/') as [string, string];
        const a = this.value(part);
        const b = this.value(whole);
        const p = a !== undefined && b !== undefined ? percent(BigInt(a.toFixed(0)), BigInt(b.toFixed(0))) : null;
        return p === null ? '—' : this.percentText(p, `${part} ÷ ${whole}`);
      }
      if (key.startsWith('fact:')) return this.textFact(key.slice(5));
      if (key.startsWith('compare:')) {
        const [a, b] = key.slice(8).split('/') as [string, string];
        const x = this.value(a);
        const y = this.value(b);
        if (x === undefined || y === undefined) return '—';
        return x.gt(y) ? '大于' : x.lt(y) ? '小于' : '等于';
      }
      if (this.spec.values[key]) {
        const v = this.value(key);
        return v === undefined
          ? '—'
          : this.amountText(BigInt(v.toFixed(0)), describe(this.spec.values[key] as ValueSpec, key));
      }
      return m;
    });
  }

  private textFact(path: string): string {
    const a = this.data.assets;
    const u = this.data.units;
    switch (path) {
      case 'assets.asOf':
        return a?.asOf ?? `${this.data.year - 1}年12月31日`;
      case 'assets.floorArea':
        return a?.floorArea ?? '0';
      case 'assets.vehicles':
        return String((a?.vehicles ?? []).reduce((s, v) => s + v.count, 0));
      case 'assets.largeEquipment':
        return String(a?.largeEquipment ?? 0);
      case 'staff.authorised':
        return String(u.reduce((s, x) => s + (x.authorisedStaff ?? 0), 0));
      case 'staff.actual':
        return String(u.reduce((s, x) => s + (x.actualStaff ?? 0), 0));
      case 'staff.retired':
        return String(u.reduce((s, x) => s + (x.retiredStaff ?? 0), 0));
      case 'units.names':
        return u.map((x) => x.name).join('、');
      case 'organisation':
        return u
          .map((x) => x.organisation)
          .filter(Boolean)
          .join('');
      case 'assets.largeEquipmentThreshold': {
        // a valuation standard, not a table amount: printed and recorded as a source fact
        const threshold = a?.largeEquipmentThreshold ?? '100万元';
        const m = /^(\d+(?:\.\d+)?)万元$/.exec(threshold);
        if (m)
          this.facts.push({
            section: this.section,
            text: m[1] as string,
            unit: '万元',
            exact: m[1] as string,
            binding: '源数据 assets.largeEquipmentThreshold（价值标准）',
          });
        return threshold;
      }
      case 'projects.count':
        return String(this.data.projects.length);
      case 'selfEvaluation.projects':
        return String(this.data.selfEvaluation?.projects.length ?? 0);
      case 'training.people':
        return String(this.data.meetingTraining.reduce((s, m) => s + (m.counts.trainingPeople ?? 0), 0));
      case 'meeting.count':
        return String(this.data.meetingTraining.reduce((s, m) => s + (m.counts.meetingCount ?? 0), 0));
      default: {
        const c =
          /^threePublic\.(abroadGroups|abroadPeople|vehiclesPurchased|vehiclesHeld|receptionGroups|receptionGuests)$/.exec(
            path,
          );
        if (c) return String(this.data.threePublic.reduce((s, t) => s + (t.counts[c[1] as string] ?? 0), 0));
        throw new Error(`说明模板引用了未知的事实“${path}”`);
      }
    }
  }

  private list(name: string): string {
    const l = this.spec.lists[name];
    if (!l) throw new Error(`说明模板引用了未定义的列表“${name}”`);
    const t = this.index.table(l.table);
    if (!t) return l.empty;
    const whole = l.shareOf ? this.value(l.shareOf) : undefined;
    // a row list reads one column down matching rows; a column list reads named columns of one row
    const entries: Array<{ row: string; column: string; label: string }> =
      l.row !== undefined && l.columns
        ? l.columns.map((column) => ({ row: l.row as string, column, label: column.split('/').pop() ?? column }))
        : t.rows
            .filter((row) => new RegExp(l.match).test(row))
            .map((row) => ({
              row,
              column: l.column,
              label: l.labelFrom === 'name' ? this.rowName(l.table, row) : row,
            }));
    const items: string[] = [];
    for (const e of entries) {
      const fen = t.get(e.row, e.column)?.cell.value ?? 0n;
      if (l.skipZero && fen === 0n) continue;
      const label = l.stripNumbering
        ? e.label.replace(/^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]\s*)/, '')
        : e.label;
      const bare = l.stripSuffix && label.endsWith(l.stripSuffix) ? label.slice(0, -l.stripSuffix.length) : label;
      let item = l.item.replaceAll('{label}', bare);
      if (item.includes('{amount}'))
        item = item.replaceAll('{amount}', this.amountText(fen, `${l.table}“${e.row}”行“${e.column}”`));
      if (item.includes('{share}')) {
        const p = whole !== undefined ? percent(fen, BigInt(whole.toFixed(0))) : null;
        item = item.replaceAll(
          '{share}',
          p === null ? '—' : this.percentText(p, `${l.table}“${e.row}”行“${e.column}” ÷ ${l.shareOf}`),
        );
      }
      items.push(item);
    }
    return items.length > 0 ? items.join(l.separator) : l.empty;
  }

  private codeNames?: Map<string, string>;
  private readonly rowMaps = new WeakMap<object, Map<string, TableRow>>();

  /** A table's rows by key (the first of each key), built once per table. */
  private rowsByKey(table: { readonly rows: readonly TableRow[] }): Map<string, TableRow> {
    let m = this.rowMaps.get(table);
    if (!m) {
      m = new Map();
      for (const r of table.rows) if (r.key !== undefined && !m.has(r.key)) m.set(r.key, r);
      this.rowMaps.set(table, m);
    }
    return m;
  }

  /** The printed name of a row of a code table (its label column), or the key. */
  private rowName(table: string, key: string): string {
    const t = this.index.table(table);
    const labelCol = t?.table.columns.findIndex((c) => c.role === 'label') ?? -1;
    const row = t ? this.rowsByKey(t.table).get(key) : undefined;
    const printed = labelCol >= 0 && row ? row.texts[labelCol] : undefined;
    if (printed) return printed;
    if (!this.codeNames) {
      // the first name each code carries, in the order lines (功能), budgets, lines (经济)
      this.codeNames = new Map();
      const d = this.data;
      const put = (code: string, name: string) => {
        if (!this.codeNames?.has(code)) this.codeNames?.set(code, name);
      };
      for (const l of d.lines) put(l.func, l.funcName);
      for (const b of d.budgetByFunc) put(b.func, b.funcName);
      for (const l of d.lines) put(l.econ, l.econName);
    }
    return this.codeNames.get(key) ?? key;
  }

  /** §五(三): one paragraph per 项 with a budget — 年初预算 against 决算, rate, direction, reason. */
  private budgetItems(b: Extract<Block, { kind: 'budgetItems' }>): string {
    const budgets = this.data.budgetByFunc.filter((x) => !b.funds || b.funds.includes(x.fund));
    const codes = [...new Set(budgets.map((x) => x.func))].sort();
    const t = this.index.table(b.table);
    return codes
      .map((code, i) => {
        const initial = budgets.filter((x) => x.func === code).reduce((s, x) => s + (x.initialBudget ?? 0n), 0n);
        const actual = t?.get(code, b.column)?.cell.value ?? 0n;
        const path = [code.slice(0, 3), code.slice(0, 5), code]
          .map((c, level) => {
            const name = this.rowName(b.table, c);
            const bare = b.stripSuffix && name.endsWith(b.stripSuffix) ? name.slice(0, -b.stripSuffix.length) : name;
            return `${bare}（${['类', '款', '项'][level]}）`;
          })
          .join('');
        const word = actual > initial ? '大于' : actual < initial ? '小于' : '等于';
        const template = initial === 0n ? b.itemNoRate : b.item;
        const initialText = this.amountText(initial, `年初预算数 ${code}（源数据 budgetByFunc）`);
        const actualText = this.amountText(actual, `${b.table}“${code}”行“${b.column}”`);
        let text = `${i + 1}、${template}`
          .replaceAll('{path}', path)
          .replace('{initial}', initialText)
          .replace('{actual}', actualText);
        if (text.includes('{rate}')) {
          const rate = percent(actual, initial);
          text = text.replace(
            '{rate}',
            rate === null ? '—' : this.percentText(rate, `${b.table}“${code}” ÷ 年初预算数`),
          );
        }
        const because = actual === initial ? '' : `${b.because}${this.reason(`${b.reason}/${code}`, true)}`;
        return text.replaceAll('{word}', word).replace('{because}', because);
      })
      .join('\n');
  }

  private change(name: string): string {
    const c = this.spec.changes[name];
    if (!c) throw new Error(`说明模板引用了未定义的增减变化“${name}”`);
    const cur = this.value(c.current);
    const base = this.value(c.base);
    if (cur === undefined || base === undefined) return c.missing;
    const curF = BigInt(cur.toFixed(0));
    const baseF = BigInt(base.toFixed(0));
    if (baseF === 0n) return curF === 0n ? c.equal : c.noBase;
    const diff = curF - baseF;
    if (diff === 0n) return c.equal;
    const g = growthPercent(curF, baseF) as Decimal;
    const phrase = diff > 0n ? c.up : c.down;
    return phrase
      .replaceAll('{amount}', this.amountText(diff < 0n ? -diff : diff, `${c.current} − ${c.base}`))
      .replaceAll('{percent}', this.percentText(g.abs(), `(${c.current} − ${c.base}) ÷ ${c.base}`));
  }

  private reason(slot: string, required = false): string {
    const r = this.spec.reasons[slot] ?? this.spec.reasons[slot.split('/')[0] as string];
    if (!r) throw new Error(`说明模板引用了未定义的说明插槽“${slot}”`);
    const given = this.data.reasons[slot]?.trim();
    if (given) return given;
    let why = required ? '源数据未提供相应数据' : '';
    if (r.change) {
      const c = this.spec.changes[r.change];
      const cur = c ? this.value(c.current) : undefined;
      const base = c ? this.value(c.base) : undefined;
      if (cur !== undefined && base !== undefined) {
        const diff = cur.sub(base);
        if (r.requiredWhenChanged && !diff.isZero()) why = '金额有增减变化';
        if (r.requiredAbovePercent !== undefined) {
          const g = base.isZero() ? null : diff.abs().div(base.abs()).mul(100);
          if (g === null ? !diff.isZero() : g.gt(r.requiredAbovePercent))
            why = `增减幅度超过 ${r.requiredAbovePercent}%`;
        }
      }
    }
    if (!why) return '';
    this.missing.push({ slot, label: r.label, section: this.section, why });
    return REASON_PLACEHOLDER(r.label);
  }
}

function describe(spec: ValueSpec, name: string): string {
  if ('cell' in spec) return `${spec.cell.table}“${spec.cell.row}”行“${spec.cell.column}”`;
  if ('prior' in spec) return `上年数 ${spec.prior}`;
  if ('source' in spec) return `源数据 ${spec.source}`;
  if ('sum' in spec) return `${spec.sum.join(' + ')}`;
  return name;
}

function chinese(n: number): string {
  const d = '零一二三四五六七八九';
  if (n < 10) return d[n] as string;
  return `${Math.floor(n / 10) === 1 ? '' : d[Math.floor(n / 10)]}十${n % 10 ? d[n % 10] : ''}`;
}
