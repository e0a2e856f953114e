/**
 * Structure of a disclosure workbook: which sheets print tables (and where each table's title,
 * captions, body and note are), which sheet is the cover or the 目录, and the cover facts.
 *
 * A sheet prints one table as a rule (Mingzhang's own workbooks and most offices'), sometimes
 * several one below the other: every row whose only text matches a template title starts a table.
 * The first table of a sheet is titled by the first such row among the rows above its grid; when
 * none matches, by the first plain text row there (an unknown table); when the sheet prints no
 * title, by the sheet name. The 目录 / cover sheet is recognised by its name or a 目录 heading;
 * its "label | value" rows give the unit, year, title and amount unit.
 */
import type { AmountUnit } from '../../core/money/amount.ts';
import type { PackageKind, TextSection } from '../../core/package/model.ts';
import type { TemplateSet } from '../../core/templates/schema.ts';
import { filled, lineText, type TextLine } from '../text/lines.ts';
import { asciiDigits, collapseSpaces, matchKey } from '../text/normalise.ts';
import { type CoverFacts, isCaptionText, readSections, type TocEntry } from '../text/structure.ts';
import { matchTitle, type TemplateMatch } from '../text/templates.ts';
import type { SheetData } from './sheet.ts';

export interface SheetBlock {
  readonly sheet: SheetData;
  /** the title row (absent when the title is the sheet name) */
  readonly titleLine?: TextLine;
  /** title as printed (cleaned) */
  readonly printedTitle: string;
  readonly titleFromSheetName: boolean;
  /** templates of any set whose titles match */
  readonly matches: readonly TemplateMatch[];
  readonly captions: readonly string[];
  readonly captionLines: readonly TextLine[];
  /** non-blank rows between the captions and the note */
  readonly body: readonly TextLine[];
  /** the note under the table, as the cells show it (line breaks kept) */
  readonly note?: string;
  readonly noteLine?: TextLine;
  /** amount unit named by the captions (金额单位：元) */
  readonly unit?: AmountUnit;
  /** first row of the block (for locations) */
  readonly row: number;
}

export type SheetRole = 'table' | 'toc' | 'narrative' | 'blank' | 'other';

export interface SheetSummary {
  readonly name: string;
  readonly page: number;
  readonly role: SheetRole;
}

export interface WorkbookStructure {
  readonly cover: CoverFacts;
  /** sheet and row of each cover fact */
  readonly coverAt: Readonly<Record<string, { sheet: string; row: number }>>;
  readonly toc: readonly TocEntry[];
  /** the 说明, from a sheet named 说明 (or headed 公开说明) that prints no table */
  readonly sections: readonly TextSection[];
  readonly blocks: readonly SheetBlock[];
  readonly sheets: readonly SheetSummary[];
  /** the text at the head of the workbook (cover, 目录, first table's title and captions), for naming a region */
  readonly head: string;
}

const NOTE = /^(?:注|说明)\s*\d*\s*[:：]/;
const TOC_SHEET = /^(?:目录|目錄|封面|封皮|首页|cover|contents|toc)$/i;
const UNIT_CAPTION = /(?:金额)?单位\s*[:：]\s*(万元|元)\s*$/;

function isCaptionLine(l: TextLine): boolean {
  const f = filled(l);
  return (
    f.length > 0 && f.some((c) => isCaptionText(c.text)) && f.every((c) => isCaptionText(c.text) || c.text.length <= 12)
  );
}

function singleText(l: TextLine): string | undefined {
  const f = filled(l);
  return f.length === 1 ? f[0]!.text : undefined;
}

/** A row of the table grid: two or more filled cells that are not captions. */
function isGridLine(l: TextLine): boolean {
  return filled(l).length >= 2 && !isCaptionLine(l);
}

/** The sheet name without a leading table number ("3 支出总表", "表3", "03-支出总表"). */
function sheetTitle(name: string): string {
  return collapseSpaces(
    asciiDigits(name)
      .replace(/^(?:公开)?表?\s*\d+\s*(?:表)?\s*[-_.、:：\s]*/, '')
      .replace(/\(\d+\)$/, ''),
  );
}

function isTocSheet(sheet: SheetData, lines: readonly TextLine[]): boolean {
  if (TOC_SHEET.test(sheet.name.trim())) return true;
  // a 目录 heading before any table title
  for (const l of lines.slice(0, 40)) {
    const t = singleText(l);
    if (t !== undefined && matchKey(t) === '目录') return true;
  }
  return false;
}

export function readWorkbookStructure(sheets: readonly SheetData[], sets: readonly TemplateSet[]): WorkbookStructure {
  const blocks: SheetBlock[] = [];
  const summaries: SheetSummary[] = [];
  const coverSheets: SheetData[] = [];
  const narrative: TextLine[] = [];
  for (const sheet of sheets) {
    const lines = sheet.lines.filter((l) => !l.blank);
    if (sheet.blank || lines.length === 0) {
      summaries.push({ name: sheet.name, page: sheet.page, role: 'blank' });
      continue;
    }
    if (isTocSheet(sheet, lines)) {
      coverSheets.push(sheet);
      summaries.push({ name: sheet.name, page: sheet.page, role: 'toc' });
      continue;
    }
    if (isNarrativeSheet(sheet, lines)) {
      narrative.push(...lines);
      summaries.push({ name: sheet.name, page: sheet.page, role: 'narrative' });
      continue;
    }
    const found = sheetBlocks(sheet, lines, sets);
    summaries.push({ name: sheet.name, page: sheet.page, role: found.length > 0 ? 'table' : 'other' });
    if (found.length === 0) coverSheets.push(sheet);
    blocks.push(...found);
  }
  const { cover, at } = readCover(coverSheets, blocks);
  const toc = coverSheets.flatMap((s) => readToc(s));
  const first = blocks[0];
  const head = [
    ...coverSheets.flatMap((s) => s.lines.slice(0, 60).map((l) => lineText(l))),
    ...(first ? [first.printedTitle, ...first.captions] : []),
  ].join('');
  return { cover, coverAt: at, toc, sections: readSections(narrative), blocks, sheets: summaries, head };
}

/** A sheet of the 说明: named 说明, or headed 公开说明 / …说明, with text in its first column only. */
function isNarrativeSheet(sheet: SheetData, lines: readonly TextLine[]): boolean {
  const head = collapseSpaces(lineText(lines[0] as TextLine));
  const named = sheet.name.trim() === '说明' || /^(公开)?说明$|说明$/.test(head);
  return named && lines.every((l) => l.cells.every((c) => c.col === 0 || c.text === ''));
}

// ---------------------------------------------------------------- tables

function sheetBlocks(sheet: SheetData, lines: readonly TextLine[], sets: readonly TemplateSet[]): SheetBlock[] {
  const firstGrid = lines.findIndex(isGridLine);
  const lead = firstGrid < 0 ? lines.length : firstGrid;
  // the first table's title among the rows above the grid
  let titleIdx = -1;
  let matches: TemplateMatch[] = [];
  for (let i = 0; i < lead; i++) {
    const t = singleText(lines[i]!);
    if (t === undefined) continue;
    const m = matchTitle(t, sets);
    if (m.length > 0) {
      titleIdx = i;
      matches = m;
      break;
    }
  }
  let fromSheetName = false;
  let printedTitle = '';
  if (titleIdx < 0) {
    titleIdx = lines.findIndex((l, i) => {
      if (i >= lead) return false;
      const t = singleText(l);
      return t !== undefined && !isCaptionText(t) && !NOTE.test(t);
    });
    if (titleIdx >= 0) printedTitle = collapseSpaces(lineText(lines[titleIdx]!));
    const byName = matchTitle(sheetTitle(sheet.name), sets);
    if (byName.length > 0 && (titleIdx < 0 || !/表/.test(printedTitle))) {
      // the sheet prints no title row (or only a heading that is not a table title): its name is the title
      matches = byName;
      fromSheetName = true;
      printedTitle = sheetTitle(sheet.name);
      titleIdx = -1;
    }
  } else {
    printedTitle = collapseSpaces(lineText(lines[titleIdx]!));
  }
  if (titleIdx < 0 && !fromSheetName) {
    // no title at all: a grid on its own is an unknown table named after the sheet
    if (firstGrid < 0) return [];
    printedTitle = sheetTitle(sheet.name) || sheet.name;
  }
  // further tables of the sheet: rows after the grid whose only text is a template title
  const starts: Array<{ idx: number; matches: TemplateMatch[] }> = [];
  for (let i = Math.max(firstGrid, titleIdx + 1); i >= 0 && i < lines.length; i++) {
    const t = singleText(lines[i]!);
    if (t === undefined || NOTE.test(t)) continue;
    const m = matchTitle(t, sets);
    if (m.length > 0) starts.push({ idx: i, matches: m });
  }
  const out: SheetBlock[] = [];
  const firstEnd = starts[0]?.idx ?? lines.length;
  const firstStart = titleIdx >= 0 ? titleIdx + 1 : 0;
  out.push(
    makeBlock(sheet, lines.slice(firstStart, firstEnd), {
      ...(titleIdx >= 0 ? { titleLine: lines[titleIdx]! } : {}),
      printedTitle,
      fromSheetName,
      matches,
    }),
  );
  starts.forEach((s, k) => {
    const end = starts[k + 1]?.idx ?? lines.length;
    out.push(
      makeBlock(sheet, lines.slice(s.idx + 1, end), {
        titleLine: lines[s.idx]!,
        printedTitle: collapseSpaces(lineText(lines[s.idx]!)),
        fromSheetName: false,
        matches: s.matches,
      }),
    );
  });
  return out;
}

function makeBlock(
  sheet: SheetData,
  rest: readonly TextLine[],
  head: { titleLine?: TextLine; printedTitle: string; fromSheetName: boolean; matches: TemplateMatch[] },
): SheetBlock {
  let i = 0;
  const captions: string[] = [];
  const captionLines: TextLine[] = [];
  while (i < rest.length && captionLines.length < 4 && isCaptionLine(rest[i]!)) {
    captionLines.push(rest[i]!);
    // one caption per cell, as printed ("公开01表 金额单位：万元" stays one caption)
    for (const c of filled(rest[i]!)) captions.push(collapseSpaces(c.raw));
    i++;
  }
  let lines = rest.slice(i);
  // the note: trailing rows of one text each, the first starting with 注：/说明：
  let note: string | undefined;
  let noteLine: TextLine | undefined;
  let k = lines.length;
  while (k > 0 && singleText(lines[k - 1]!) !== undefined) k--;
  const noteStart = lines.findIndex((l, j) => j >= k && NOTE.test(singleText(l) ?? ''));
  if (noteStart >= 0) {
    noteLine = lines[noteStart]!;
    note = lines
      .slice(noteStart)
      .map((l) => noteText(l))
      .join('\n');
    lines = lines.slice(0, noteStart);
  }
  let unit: AmountUnit | undefined;
  for (const c of captions) {
    const m = UNIT_CAPTION.exec(asciiDigits(c));
    if (m) {
      unit = m[1] as AmountUnit;
      break;
    }
  }
  const row = head.titleLine?.line ?? captionLines[0]?.line ?? lines[0]?.line ?? 1;
  return {
    sheet,
    ...(head.titleLine ? { titleLine: head.titleLine } : {}),
    printedTitle: head.printedTitle,
    titleFromSheetName: head.fromSheetName,
    matches: head.matches,
    captions,
    captionLines,
    body: lines,
    ...(note !== undefined ? { note } : {}),
    ...(noteLine ? { noteLine } : {}),
    ...(unit ? { unit } : {}),
    row,
  };
}

/** The text of a one-cell row as the cell shows it (line breaks kept, other spacing trimmed). */
function noteText(l: TextLine): string {
  const c = filled(l)[0];
  if (!c) return '';
  return c.raw
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .join('\n');
}

// ---------------------------------------------------------------- cover and 目录

const FACT_LABELS: ReadonlyArray<[RegExp, string]> = [
  [/^(?:单位编码|单位代码|部门编码|部门代码|预算单位编码)$/, 'unitCode'],
  [/^(?:单位名称|部门名称|预算单位|单位)$/, 'unitName'],
  [/^(?:年度|预算年度|决算年度)$/, 'year'],
  [/^(?:标题|公开标题)$/, 'title'],
  [/^金额单位$/, 'amountUnit'],
];

interface Facts {
  title?: string;
  unitCode?: string;
  unitName?: string;
  year?: number;
  kind?: PackageKind;
  amountUnit?: AmountUnit;
}

function readCover(
  coverSheets: readonly SheetData[],
  blocks: readonly SheetBlock[],
): { cover: CoverFacts; at: Record<string, { sheet: string; row: number }> } {
  const facts: Facts = {};
  const at: Record<string, { sheet: string; row: number }> = {};
  const set = (key: keyof Facts, value: Facts[keyof Facts], sheet: string, row: number) => {
    if (value === undefined || value === '' || facts[key] !== undefined) return;
    (facts as Record<string, unknown>)[key] = value;
    at[key] = { sheet, row };
  };
  const texts: string[] = [];
  for (const s of coverSheets) {
    for (const l of s.lines) {
      if (l.blank) continue;
      const f = filled(l);
      texts.push(lineText(l));
      // "label | value" rows and "label：value" cells
      for (let i = 0; i < f.length; i++) {
        const cell = asciiDigits(f[i]!.text);
        const inline = /^([^:：]{2,8})\s*[:：]\s*(\S.*)$/.exec(cell);
        const label = matchKey(inline ? inline[1]! : cell);
        const value = inline ? inline[2]! : f[i + 1]?.text;
        if (value === undefined) continue;
        const fact = FACT_LABELS.find(([re]) => re.test(label))?.[1];
        if (!fact) continue;
        const v = collapseSpaces(asciiDigits(value));
        if (fact === 'year') {
          const y = /(\d{4})/.exec(v);
          if (y && Number(y[1]) >= 1990 && Number(y[1]) <= 2100) set('year', Number(y[1]), s.name, l.line);
        } else if (fact === 'amountUnit') {
          if (v === '万元' || v === '元') set('amountUnit', v, s.name, l.line);
        } else if (fact === 'unitCode') {
          if (/^[0-9A-Za-z]+$/.test(v)) set('unitCode', v, s.name, l.line);
        } else if (!/^(?:万元|元)$/.test(v)) set(fact as 'title' | 'unitName', v, s.name, l.line);
        if (!inline) i++;
      }
      const t = asciiDigits(lineText(l));
      if (facts.title === undefined && /(预算|决算)/.test(t) && /\d{4}\s*年/.test(t) && t.length <= 40)
        set('title', collapseSpaces(t), s.name, l.line);
    }
  }
  if (facts.year === undefined && facts.title) {
    const y = /(\d{4})\s*年/.exec(facts.title);
    if (y) set('year', Number(y[1]), at.title?.sheet ?? '', at.title?.row ?? 1);
  }
  // table captions: "单位: 004001_株洲市…", "单位名称：…", "金额单位：万元"
  for (const b of blocks) {
    const row = b.captionLines[0]?.line ?? b.row;
    for (const c of b.captions) {
      const caption = asciiDigits(c);
      const m =
        /^(?:单位|单位名称|部门|部门名称|填报单位|编制单位)\s*[:：]\s*(?:([0-9]{3,})\s*[_＿\s]\s*)?(\S.*?)\s*(?:单位\s*[:：].*)?$/.exec(
          caption,
        );
      if (m && !/^(?:万元|元)$/.test(m[2] ?? '')) {
        if (m[1]) set('unitCode', m[1], b.sheet.name, row);
        if (m[2]) set('unitName', collapseSpaces(m[2]), b.sheet.name, row);
      }
      const unit = UNIT_CAPTION.exec(caption);
      if (unit) set('amountUnit', unit[1] as AmountUnit, b.sheet.name, row);
    }
  }
  if (facts.year === undefined) {
    for (const b of blocks) {
      const y = /^(\d{4})\s*年/.exec(asciiDigits(b.printedTitle));
      if (y) {
        set('year', Number(y[1]), b.sheet.name, b.row);
        break;
      }
    }
  }
  const all = [facts.title ?? '', ...texts].join('\n');
  if (/决算/.test(facts.title ?? '')) facts.kind = '决算';
  else if (/预算/.test(facts.title ?? '')) facts.kind = '预算';
  else if (/决算/.test(all)) facts.kind = '决算';
  else if (/预算/.test(all)) facts.kind = '预算';
  const lines: Record<string, number> = {};
  for (const [k, v] of Object.entries(at)) lines[k] = v.row;
  return { cover: { ...facts, lines }, at };
}

/** 目录 entries: the rows under a "序号 | 表名" header (or under a 目录 heading), number and title. */
function readToc(sheet: SheetData): TocEntry[] {
  const lines = sheet.lines.filter((l) => !l.blank);
  let start = lines.findIndex((l) => filled(l).some((c) => /^(?:表名|报表名称|表格名称|名称)$/.test(matchKey(c.text))));
  if (start < 0) start = lines.findIndex((l) => matchKey(singleText(l) ?? '') === '目录');
  if (start < 0) return [];
  const out: TocEntry[] = [];
  for (const l of lines.slice(start + 1)) {
    const f = filled(l);
    if (f.length === 0) continue;
    const first = f[0]!.text;
    if (f.length >= 2 && /^(?:\d+|表[一二三四五六七八九十\d]+|公开\d+表)$/.test(first)) {
      out.push({ number: first, title: f[1]!.text, line: l.line });
    } else if (f.length === 1 && first.length >= 3) {
      out.push({ title: first, line: l.line });
    }
  }
  return out;
}
