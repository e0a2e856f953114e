/**
 * Queries and helpers for the staff workspace pages that the store and server use cases do not
 * offer: the disclosures a person may see, with state and clock; the cell difference between two
 * packages (previous revision, last year); the 说明 regenerated with draft reasons (live
 * preview, nothing saved); saving reasons as an edit; and an annotated copy of a source workbook
 * with every located issue marked on its cell.
 */
import ExcelJS from 'exceljs';
import type { Issue } from '../core/diagnostics.ts';
import { withNarrative } from '../core/narrative/attach.ts';
import type { DisclosurePackage } from '../core/package/model.ts';
import { generatePackage } from '../core/templates/engine.ts';
import type { Principal } from '../core/workflow/principal.ts';
import { narrativeFor } from '../io/narrative-files.ts';
import { loadAllScoringConfigs } from '../io/scoring-files.ts';
import { loadTemplateSet } from '../io/template-files.ts';
import { actorIdOf, audit, rolesReaching } from './accounts.ts';
import type { AppContext } from './context.ts';
import { generateRevision } from './generate.ts';
import { editSource } from './ingest.ts';
import { sdb } from './server-tables.ts';
import { revisionSource } from './sources.ts';
import { UseCaseError } from './use-case-error.ts';
import { clockOf } from './workflow.ts';

export interface WorkItem {
  readonly disclosureId: number;
  readonly orgCode: string;
  readonly name: string;
  readonly level: 'department' | 'unit';
  readonly year: number;
  readonly kind: '预算' | '决算';
  readonly state: string;
  readonly consolidated: boolean;
  readonly revisions: number;
  readonly clock?: { status: string; dueOn?: string; daysLeft?: number } | null;
}

/** Every disclosure inside the person's scope, newest year first. */
export async function workItems(ctx: AppContext, actor: Principal): Promise<WorkItem[]> {
  const rows = await ctx.store.db
    .selectFrom('disclosures as d')
    .innerJoin('organisation_years as oy', (j) =>
      j.onRef('oy.org_code', '=', 'd.org_code').onRef('oy.year', '=', 'd.year'),
    )
    .innerJoin('organisations as o', 'o.code', 'd.org_code')
    .select(['d.id', 'd.org_code', 'd.year', 'd.kind', 'd.workflow_state', 'd.consolidated', 'oy.name', 'o.level'])
    .orderBy('d.year', 'desc')
    .orderBy('d.org_code')
    .execute();
  const counts = new Map(
    (
      await ctx.store.db
        .selectFrom('source_revisions')
        .select(['disclosure_id', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('disclosure_id')
        .execute()
    ).map((r) => [r.disclosure_id, Number(r.n)]),
  );
  const out: WorkItem[] = [];
  for (const r of rows) {
    if ((await rolesReaching(ctx, actor, r.org_code, r.year)).length === 0) continue;
    const clock = await clockOf(ctx, r.id);
    out.push({
      disclosureId: r.id,
      orgCode: r.org_code,
      name: r.name,
      level: r.level,
      year: r.year,
      kind: r.kind,
      state: r.workflow_state,
      consolidated: r.consolidated === 1,
      revisions: counts.get(r.id) ?? 0,
      clock: clock as WorkItem['clock'],
    });
  }
  return out;
}

export interface CellChange {
  readonly table: string;
  readonly tableId: string;
  readonly row: string;
  readonly column: string;
  readonly before: string | null;
  readonly after: string | null;
}

/** Cells whose printed text differs between two packages (added and removed cells included). */
export function packageDiff(before: DisclosurePackage, after: DisclosurePackage, limit = 500): CellChange[] {
  const index = (p: DisclosurePackage) => {
    const m = new Map<string, { table: string; tableId: string; row: string; column: string; text: string }>();
    for (const t of p.tables)
      for (const c of t.cells)
        m.set(`${t.id}|${c.row}|${c.column}`, {
          table: t.title,
          tableId: t.id,
          row: c.row,
          column: c.column,
          text: c.text,
        });
    return m;
  };
  const a = index(before);
  const b = index(after);
  const out: CellChange[] = [];
  for (const [k, x] of b) {
    const y = a.get(k);
    if (!y || y.text !== x.text) out.push({ ...x, before: y?.text ?? null, after: x.text });
  }
  for (const [k, y] of a) if (!b.has(k)) out.push({ ...y, before: y.text, after: null });
  return out.filter((c) => (c.before ?? '') !== (c.after ?? '')).slice(0, limit);
}

/** The package of a disclosure's revision before the current one, if any. */
export async function previousRevisionPackage(
  ctx: AppContext,
  disclosureId: number,
): Promise<DisclosurePackage | undefined> {
  const d = await ctx.store.repos.mustGetDisclosure(disclosureId);
  const revs = (await ctx.store.repos.listRevisions(disclosureId)).filter((r) => r.id !== d.current_revision_id);
  const prev = revs.sort((x, y) => y.number - x.number)[0];
  return prev ? (await generateRevision(ctx, prev.id)).pkg : undefined;
}

/** The current package of the same organisation's disclosure of the year before, if stored. */
export async function lastYearPackage(ctx: AppContext, disclosureId: number): Promise<DisclosurePackage | undefined> {
  const d = await ctx.store.repos.mustGetDisclosure(disclosureId);
  const prior = await ctx.store.repos.findDisclosure(d.org_code, d.year - 1, d.kind);
  if (!prior?.current_revision_id) return undefined;
  return (await generateRevision(ctx, prior.current_revision_id)).pkg;
}

export interface ReasonSlot {
  readonly slot: string;
  readonly label: string;
  readonly value: string;
  readonly missing: boolean;
}

async function currentSource(ctx: AppContext, disclosureId: number) {
  const d = await ctx.store.repos.mustGetDisclosure(disclosureId);
  if (d.current_revision_id === null) throw new UseCaseError('invalid', 'no_revision', '尚未上传源数据');
  const rev = await ctx.store.repos.mustGetRevision(d.current_revision_id);
  return { d, ...revisionSource(ctx, rev) };
}

/** The 说明 reason slots of a disclosure's template set with the current values. */
export async function reasonSlots(
  ctx: AppContext,
  disclosureId: number,
): Promise<{ slots: ReasonSlot[]; version: number }> {
  const src = await currentSource(ctx, disclosureId);
  const spec = narrativeFor(src.data.templateSet);
  // the narrative's missing slots come from a fresh generation (a cached package carries none)
  const missing = new Set((await previewReasons(ctx, disclosureId, {})).missing.map((m) => m.slot));
  const slots = Object.entries(spec?.reasons ?? {}).map(([slot, r]) => ({
    slot,
    label: (r as { label: string }).label,
    value: src.data.reasons[slot] ?? '',
    missing: missing.has(slot),
  }));
  return { slots, version: src.d.version };
}

/** The 说明 as it would read with these reasons (nothing is stored). */
export async function previewReasons(ctx: AppContext, disclosureId: number, reasons: Record<string, string>) {
  const src = await currentSource(ctx, disclosureId);
  const data = { ...src.data, reasons: { ...src.data.reasons, ...clean(reasons) } };
  const tables = generatePackage(data, src.catalogs, loadTemplateSet(data.templateSet), {
    scoring: loadAllScoringConfigs(),
  });
  const { pkg, narrative } = withNarrative(tables, data, narrativeFor(data.templateSet));
  return { sections: pkg.sections ?? [], missing: narrative?.missingReasons ?? [] };
}

function clean(reasons: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(reasons)) if (typeof v === 'string' && v.length <= 2000) out[k] = v.trim();
  return out;
}

/** Save reasons as an edit (a new revision), with the optimistic version check. */
export async function saveReasons(
  ctx: AppContext,
  input: { disclosureId: number; expectedVersion: number; reasons: Record<string, string>; userId: number | null },
) {
  const src = await currentSource(ctx, input.disclosureId);
  const raw = {
    ...src.raw,
    reasons: { ...((src.raw.reasons as Record<string, string>) ?? {}), ...clean(input.reasons) },
  };
  for (const [k, v] of Object.entries(raw.reasons)) if (v === '') delete (raw.reasons as Record<string, string>)[k];
  return editSource(ctx, {
    disclosureId: input.disclosureId,
    expectedVersion: input.expectedVersion,
    source: raw,
    userId: input.userId,
  });
}

function columnNumber(sheet: ExcelJS.Worksheet, column: string): number | undefined {
  // "K", or "K（金额）" as the workbook reader writes it
  const letter = column.match(/^([A-Z]{1,3})(?:[（(].*)?$/)?.[1];
  if (letter) return sheet.getColumn(letter).number;
  for (let r = 1; r <= Math.min(5, sheet.rowCount); r++) {
    const row = sheet.getRow(r);
    for (let c = 1; c <= row.cellCount; c++) if (row.getCell(c).text.trim() === column.trim()) return c;
  }
  return undefined;
}

/**
 * The uploaded workbook with every issue that names a sheet and row marked: the cell (or the
 * row's first cell) filled red with the message as a note, and a sheet “校验问题” listing all.
 */
export async function annotateWorkbook(bytes: Buffer, issues: readonly Issue[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const list = wb.getWorksheet('校验问题') ?? wb.addWorksheet('校验问题');
  list.columns = [
    { header: '级别', width: 8 },
    { header: '工作表', width: 16 },
    { header: '行', width: 8 },
    { header: '列', width: 14 },
    { header: '问题', width: 80 },
  ];
  for (const i of issues) {
    const loc = i.location;
    list.addRow([
      i.severity === 'error' ? '错误' : '警告',
      loc?.sheet ?? '',
      loc?.row ?? '',
      loc?.column ?? '',
      i.message,
    ]);
    const sheet = loc?.sheet ? wb.getWorksheet(loc.sheet) : undefined;
    if (!sheet || !loc?.row) continue;
    const col = (loc.column && columnNumber(sheet, loc.column)) || 1;
    const cell = sheet.getRow(loc.row).getCell(col);
    cell.fill = {
      type: 'pattern',
      pattern: 'solid',
      fgColor: { argb: i.severity === 'error' ? 'FFFFC7CE' : 'FFFFEB9C' },
    };
    const prior = typeof cell.note === 'string' ? `${cell.note}\n` : '';
    cell.note = `${prior}${i.severity === 'error' ? '错误' : '警告'}：${i.message}`;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Deadlines set by the finance bureau (table of migration 0500). */
export async function listDeadlines(ctx: AppContext) {
  const rows = await sdb(ctx)
    .selectFrom('deadlines')
    .selectAll()
    .orderBy('year', 'desc')
    .orderBy('kind')
    .orderBy('stage')
    .execute();
  return rows.map((r) => ({ year: r.year, kind: r.kind, stage: r.stage, dueOn: r.due_on }));
}

export async function setDeadline(
  ctx: AppContext,
  actor: Principal,
  input: { year: number; kind: string; stage: string; dueOn: string },
): Promise<void> {
  if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100)
    throw new UseCaseError('invalid', 'bad_year', '年度须为 2000–2100 之间的整数');
  if (!['预算', '决算'].includes(input.kind)) throw new UseCaseError('invalid', 'bad_kind', '类别须为预算或决算');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.dueOn))
    throw new UseCaseError('invalid', 'bad_date', '期限须为日期（年-月-日）');
  const region = (await ctx.store.repos.listRegions())[0]?.code ?? null;
  const at = ctx.clock().toISOString();
  const setBy = actorIdOf(actor);
  await sdb(ctx)
    .insertInto('deadlines')
    .values({
      region_code: region,
      year: input.year,
      kind: input.kind,
      stage: input.stage,
      due_on: input.dueOn,
      set_by: setBy,
      at,
    })
    .onConflict((oc) =>
      oc.columns(['region_code', 'year', 'kind', 'stage']).doUpdateSet({ due_on: input.dueOn, set_by: setBy, at }),
    )
    .execute();
  await audit(ctx, setBy, 'deadline.set', 'deadline', `${input.year}/${input.kind}/${input.stage}`, input);
}
