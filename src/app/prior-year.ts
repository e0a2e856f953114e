/**
 * 上年数 from the store: when last year's disclosure of the same organisation and kind is stored
 * (published, or at least entered), its figures are read with this year's 说明 bindings — each
 * comparison's current value (e.g. 收支总表“收入总计”) evaluated on last year's package — and
 * supply this year's priorYear figures, each saying where it came from. Figures typed by hand in
 * the source that disagree with the stored ones are reported.
 */
import type { Fen } from '../core/money/amount.ts';
import { formatWan } from '../core/money/amount.ts';
import { narrativeValue } from '../core/narrative/engine.ts';
import type { NarrativeSpec } from '../core/narrative/schema.ts';
import { PackageIndex } from '../core/package/index.ts';
import type { DisclosurePackage } from '../core/package/model.ts';
import type { SourceData } from '../core/source/model.ts';
import { narrativeSpecFor } from './build.ts';
import type { AppContext } from './context.ts';
import { generateRevision, storedPackage } from './generate.ts';
import { revisionSource } from './sources.ts';

export type PriorProvenance =
  | {
      kind: 'published';
      disclosureId: number;
      versionId: number;
      versionNo: number;
      packageSha: string;
      /** the value name in the 说明 spec and what it is bound to */
      binding: string;
    }
  | {
      kind: 'revision';
      disclosureId: number;
      revisionId: number;
      revisionNumber: number;
      packageSha: string;
      binding: string;
    }
  | {
      /** read back from last year's published document */
      kind: 'document';
      disclosureId: number;
      revisionId: number;
      file: string | null;
      packageSha: string;
      binding: string;
      page?: number;
      line?: number;
    };

export interface PriorFigure {
  /** the priorYear key: incomeTotal, basic, project, threePublic … */
  key: string;
  value: Fen;
  from: PriorProvenance;
}

export interface PriorDisagreement {
  key: string;
  handTyped: Fen;
  stored: Fen;
  /** the two print the same at 万元 with two decimals */
  agreesWhenRounded: boolean;
  from: PriorProvenance;
  message: string;
}

export interface PriorYearReport {
  year: number;
  basis: '年初预算' | '决算';
  /** where the stored figures came from: last year's published version, its current revision, or nothing stored */
  source: 'published' | 'revision' | 'document' | 'none';
  figures: PriorFigure[];
  disagreements: PriorDisagreement[];
}

const LABELS: Record<string, string> = {
  incomeTotal: '上年收入总计',
  expenditureTotal: '上年支出总计',
  basic: '上年基本支出',
  project: '上年项目支出',
  generalPublicBudget: '上年一般公共预算支出',
  threePublic: '上年“三公”经费',
  abroad: '上年因公出国（境）费',
  vehiclePurchase: '上年公务用车购置费',
  vehicleOperation: '上年公务用车运行维护费',
  reception: '上年公务接待费',
  officeOperation: '上年机关运行经费',
  fiscalTotal: '上年财政拨款收支总计',
};

/** priorYear key → the name of this year's value it is compared with, from the spec's changes. */
export function priorBindings(spec: NarrativeSpec): Map<string, string> {
  const out = new Map<string, string>();
  for (const change of Object.values(spec.changes)) {
    const base = spec.values[change.base];
    if (base && 'prior' in base && !out.has(base.prior)) out.set(base.prior, change.current);
  }
  return out;
}

/** The stored prior-year figures for a disclosure, and how they compare with `data`'s hand-typed ones. */
export async function priorYearFor(ctx: AppContext, disclosureId: number, data?: SourceData): Promise<PriorYearReport> {
  const repos = ctx.store.repos;
  const d = await repos.mustGetDisclosure(disclosureId);
  const report: PriorYearReport = {
    year: d.year - 1,
    basis: d.kind === '预算' ? '年初预算' : '决算',
    source: 'none',
    figures: [],
    disagreements: [],
  };
  const spec = narrativeSpecFor(d.template_set);
  const last = await repos.findDisclosure(d.org_code, d.year - 1, d.kind);
  if (!spec || !last) return report;

  let pkg: DisclosurePackage;
  let lastData: SourceData | undefined;
  let from: (binding: string) => PriorProvenance;
  const versions = await repos.publishedVersions(last.id);
  const published = versions[versions.length - 1];
  if (published) {
    pkg = await storedPackage(ctx, published.package_sha);
    const revision = await repos.mustGetRevision(published.revision_id);
    lastData = revision.origin === 'parsed' ? undefined : revisionSource(ctx, revision).data;
    report.source = 'published';
    from = (binding) => ({
      kind: 'published',
      disclosureId: last.id,
      versionId: published.id,
      versionNo: published.version_no,
      packageSha: published.package_sha,
      binding,
    });
  } else if (
    last.current_revision_id !== null &&
    (await repos.mustGetRevision(last.current_revision_id)).origin === 'parsed'
  ) {
    const revision = await repos.mustGetRevision(last.current_revision_id);
    const generated = await generateRevision(ctx, revision.id);
    pkg = generated.pkg;
    lastData = undefined;
    report.source = 'document';
    from = (binding) => ({
      kind: 'document',
      disclosureId: last.id,
      revisionId: revision.id,
      file: revision.file_name,
      packageSha: generated.packageSha,
      binding,
    });
  } else if (last.current_revision_id !== null) {
    const revision = await repos.mustGetRevision(last.current_revision_id);
    const generated = await generateRevision(ctx, revision.id);
    pkg = generated.pkg;
    lastData = revisionSource(ctx, revision).data;
    report.source = 'revision';
    from = (binding) => ({
      kind: 'revision',
      disclosureId: last.id,
      revisionId: revision.id,
      revisionNumber: revision.number,
      packageSha: generated.packageSha,
      binding,
    });
  } else {
    return report;
  }

  const index = new PackageIndex(pkg);
  for (const [key, name] of priorBindings(spec)) {
    let value: Fen | undefined;
    let provenance = from(`${d.year - 1} 年${d.kind}的“${name}”`);
    if (lastData) {
      value = narrativeValue(pkg, lastData, spec, name);
    } else {
      // a document read back has cells, not source data: only cell-bound values can be read
      const v = spec.values[name];
      if (!v || !('cell' in v)) continue;
      const hit = index.table(v.cell.table)?.get(v.cell.row, v.cell.column);
      if (!hit || hit.blank) continue;
      value = hit.cell.value ?? undefined;
      const p = hit.cell.provenance;
      if (p.kind === 'document' && provenance.kind === 'document') {
        provenance = {
          ...provenance,
          ...(p.page !== undefined ? { page: p.page } : {}),
          ...(p.line !== undefined ? { line: p.line } : {}),
        };
      }
    }
    if (value === undefined) continue;
    report.figures.push({ key, value, from: provenance });
    const typed = data?.priorYear?.figures[key];
    if (typed !== undefined && typed !== value) {
      const agreesWhenRounded = formatWan(typed) === formatWan(value);
      report.disagreements.push({
        key,
        handTyped: typed,
        stored: value,
        agreesWhenRounded,
        from: provenance,
        message: `源数据填写的${LABELS[key] ?? key} ${formatWan(typed)} 万元与数据库中${provenance.binding} ${formatWan(value)} 万元不一致${agreesWhenRounded ? '（按万元两位小数相同，仅尾差）' : ''}；已采用数据库中的数`,
      });
    }
  }
  return report;
}

/** `data` with its priorYear figures replaced by the stored ones (hand-typed ones kept where nothing is stored). */
export function withStoredPriorYear(data: SourceData, report: PriorYearReport): SourceData {
  if (report.figures.length === 0) return data;
  const figures: Record<string, Fen | undefined> = { ...(data.priorYear?.figures ?? {}) };
  for (const f of report.figures) figures[f.key] = f.value;
  const where =
    report.source === 'published'
      ? '已公开的版本'
      : report.source === 'document'
        ? '读回的公开文件'
        : '数据库中的源数据';
  return {
    ...data,
    priorYear: {
      year: report.year,
      basis: report.basis,
      figures,
      note: `上年数取自${report.year}年${where}`,
    },
  };
}
