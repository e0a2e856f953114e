/**
 * Document structure of a text disclosure: cover facts, the 目录, the explanatory sections and
 * the table blocks (title line, captions, body lines, note). Tables are found by their printed
 * titles — matched against every template set — and, for titles no template knows, by the
 * shape of a title line followed by captions or a tab-separated grid.
 */
import type { PackageKind, TextSection } from '../../core/package/model.ts';
import type { TemplateSet } from '../../core/templates/schema.ts';
import { filled, lineText, type TextDocument, type TextLine } from './lines.ts';
import { asciiDigits, collapseSpaces, matchKey, stripMarkup, titleKey } from './normalise.ts';
import { matchTitle, type TemplateMatch } from './templates.ts';

export interface CoverFacts {
  readonly title?: string;
  readonly unitCode?: string;
  readonly unitName?: string;
  readonly year?: number;
  readonly kind?: PackageKind;
  readonly amountUnit?: '万元' | '元';
  /** line of each fact, for provenance */
  readonly lines: Readonly<Record<string, number>>;
}

export interface TocEntry {
  /** numbering as printed ("1", "表一", "一", "(一)", "第一部分"), if any */
  readonly number?: string;
  readonly title: string;
  readonly line: number;
}

export interface TableBlock {
  readonly title: TextLine;
  /** the title as printed (cleaned) */
  readonly printedTitle: string;
  /** templates of any set whose titles match */
  readonly matches: readonly TemplateMatch[];
  readonly captions: readonly string[];
  readonly captionLines: readonly TextLine[];
  /** non-blank lines between the captions and the note or the end of the table */
  readonly body: readonly TextLine[];
  readonly note?: string;
  readonly noteLine?: TextLine;
  /** the extraction marks the table unreadable ([illegible]) */
  readonly illegible: boolean;
}

export interface DocumentStructure {
  readonly cover: CoverFacts;
  readonly toc: readonly TocEntry[];
  readonly sections: readonly TextSection[];
  readonly tables: readonly TableBlock[];
}

const CAPTION =
  /^(?:单位名称|金额单位|填报单位|编制单位|编制部门|预算单位|部门名称|单位|部门)\s*[:：]|^公开\d+表|^单位\s*[:：]?\s*(?:万元|元)$/;
const NOTE = /^(?:注|说明)\s*\d*\s*[:：]/;
/** names of government bodies end like this */
const ORGANISATION = /(?:部|局|委员会|委|办公室|办事处|政府|院|中心|所|馆|站|队|厅|处|会)$/;
const PART = /^第([一二三四五六七八九十]+)部分\s*(.*)$/;
const ATTACHMENT = /^附件\s*\d*\s*$/;
const SECTION = /^([一二三四五六七八九十]+)、\s*(.*)$/;
const SUBSECTION = /^[（(]([一二三四五六七八九十]+)[)）]\s*(.*)$/;

export function isCaptionText(s: string): boolean {
  return CAPTION.test(s.trim());
}

function isCaptionLine(l: TextLine): boolean {
  const f = filled(l);
  return (
    f.length > 0 && f.some((c) => isCaptionText(c.text)) && f.every((c) => isCaptionText(c.text) || c.text.length <= 12)
  );
}

/** One filled cell (a heading, a title or a paragraph). */
function singleText(l: TextLine): string | undefined {
  const f = filled(l);
  return f.length === 1 ? (f[0]?.text ?? '') : undefined;
}

function looksLikeTableTitle(s: string): boolean {
  const t = s.trim();
  return (
    t.length >= 4 &&
    t.length <= 60 &&
    !/[。；;，,]$/.test(t) &&
    /表(?:\s*[（(][^）)]*[)）])?$/.test(t) &&
    !NOTE.test(t) &&
    !isCaptionText(t)
  );
}

export function readStructure(doc: TextDocument, sets: readonly TemplateSet[]): DocumentStructure {
  const lines = doc.lines.filter((l) => !l.blank);
  const tocRange = findToc(lines);
  const titleAt = new Map<number, TemplateMatch[] | null>();
  const bodyStart = tocRange ? tocRange.end : 0;
  for (let i = bodyStart; i < lines.length; i++) {
    const l = lines[i]!;
    const text = singleText(l) ?? firstOnly(l);
    if (text === undefined) continue;
    const matches = matchTitle(text, sets);
    if (matches.length > 0) titleAt.set(i, matches);
    else if (looksLikeTableTitle(text) && followedByGrid(lines, i)) titleAt.set(i, null);
  }
  const tables: TableBlock[] = [];
  const inTable = new Set<number>();
  const starts = [...titleAt.keys()].sort((a, b) => a - b);
  for (let s = 0; s < starts.length; s++) {
    const start = starts[s]!;
    const limit = starts[s + 1] ?? lines.length;
    const block = readBlock(lines, start, limit, titleAt.get(start) ?? [], doc.split !== 'tabs');
    for (let i = start; i < block.end; i++) inTable.add(i);
    tables.push(block.block);
  }
  const coverEnd = tocRange ? tocRange.start : (starts[0] ?? Math.min(lines.length, 12));
  const cover = readCover(lines.slice(0, coverEnd), lines, tables);
  const toc = tocRange ? readToc(lines.slice(tocRange.start, tocRange.end)) : [];
  const textLines = lines.filter((_, i) => i >= bodyStart && !inTable.has(i));
  return { cover, toc, sections: readSections(textLines), tables };
}

/** A title printed in the first cell of an otherwise empty tab line ("项目支出预算明细表⇥⇥"). */
function firstOnly(l: TextLine): string | undefined {
  const f = filled(l);
  return f.length === 1 && f[0]?.col === 0 ? f[0].text : undefined;
}

/** The next line is a caption or a grid line (another title-like line means this one is a heading). */
function followedByGrid(lines: readonly TextLine[], i: number): boolean {
  const next = lines[i + 1];
  return next !== undefined && (isCaptionLine(next) || filled(next).length >= 2);
}

function readBlock(
  lines: readonly TextLine[],
  start: number,
  limit: number,
  matches: readonly TemplateMatch[],
  positioned = false,
): { block: TableBlock; end: number } {
  const title = lines[start]!;
  const printedTitle = collapseSpaces(lineText(title));
  let i = start + 1;
  const captions: string[] = [];
  const captionLines: TextLine[] = [];
  while (i < limit && captionLines.length < 4 && isCaptionLine(lines[i]!)) {
    captionLines.push(lines[i]!);
    for (const c of filled(lines[i]!)) captions.push(...splitCaptions(c.text));
    i++;
  }
  const body: TextLine[] = [];
  let note: string | undefined;
  let noteLine: TextLine | undefined;
  let end = i;
  // text laid out by position: the table's left edge, so that a lone label in a right-hand column
  // ("九、卫生健康支出" of the expenditure half) is not taken for a heading
  let left = Number.POSITIVE_INFINITY;
  const rowStarts: number[] = [];
  for (; i < limit; i++) {
    const l = lines[i]!;
    const single = singleText(l);
    const x = l.cells.find((c) => c.text !== '')?.x ?? 0;
    // a lone label in a right-hand column, or a short row label printed where the rows above
    // print theirs ("二、事业收入" under "一、财政拨款收入"), is a row, not a heading
    const inTable =
      positioned &&
      (x > left + indentLimit(l) ||
        (single !== undefined &&
          single.length <= 16 &&
          !/说明|情况/.test(single) &&
          rowStarts.some((r) => Math.abs(r - x) <= 1.5 * (l.size ?? 1))));
    // headings are lines of their own (no tab fields); a lone label inside a grid is not one
    if (
      single !== undefined &&
      l.cells.length === 1 &&
      !inTable &&
      endsTable(single, body.length > 0 || note !== undefined)
    )
      break;
    if (positioned && !NOTE.test(single ?? '')) {
      for (const c of filled(l)) left = Math.min(left, c.x);
      if (filled(l).length >= 2) rowStarts.push(x);
    }
    if (single !== undefined && NOTE.test(single)) {
      note = note ? `${note}\n${single}` : single;
      noteLine ??= l;
      end = i + 1;
      continue;
    }
    if (note !== undefined) {
      // a numbered continuation of the note ("2. 本套报表…"); anything else ends the table
      if (single !== undefined && /^\d+\s*[.、．]/.test(single)) {
        note = `${note}\n${single}`;
        end = i + 1;
        continue;
      }
      break;
    }
    body.push(l);
    end = i + 1;
  }
  const illegible = body.some((l) => /\[illegible\]|\[无法辨认\]/i.test(l.raw));
  return {
    block: {
      title,
      printedTitle,
      matches,
      captions,
      captionLines,
      body: illegible ? [] : body,
      ...(note !== undefined ? { note } : {}),
      ...(noteLine ? { noteLine } : {}),
      illegible,
    },
    end,
  };
}

/** How far right of a table's left edge a line must start not to be a heading: 8 characters, or 8 font sizes. */
function indentLimit(l: TextLine): number {
  return 8 * (l.size ?? 1);
}

/** Split "部门：X 公开01表 金额单位：万元" into its captions. */
function splitCaptions(text: string): string[] {
  return text
    .split(/\s+(?=(?:单位名称|金额单位|填报单位|编制单位|单位|部门|公开\d+表))/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function endsTable(text: string, hasContent: boolean): boolean {
  if (PART.test(text) || ATTACHMENT.test(text)) return true;
  if (!hasContent) return false;
  const sec = SECTION.exec(text);
  return sec !== null && isHeading(sec[2] ?? '');
}

function isHeading(title: string): boolean {
  const t = title.trim();
  if (t === '') return false;
  if (/^[^。]{1,24}[：:]/.test(t)) return true;
  return t.length <= 32 && !/[。；;]$/.test(t);
}

// ---------------------------------------------------------------- 目录

function findToc(lines: readonly TextLine[]): { start: number; end: number } | undefined {
  let start = lines.findIndex((l, i) => i < 80 && matchKey(lineText(l)) === '目录');
  let first: string | undefined;
  if (start >= 0) {
    start++;
  } else {
    // no 目录 heading: the first run of three numbered entries ("1⇥收支总表")
    start = lines.findIndex(
      (_, i) => i < 120 && [0, 1, 2].every((k) => lines[i + k] !== undefined && numberedEntry(lines[i + k]!)),
    );
    if (start < 0) return undefined;
    if (start > 0 && tocHeading(lines[start - 1]!)) start--;
  }
  const seen: string[] = [];
  let end = start;
  for (let i = start; i < lines.length; i++) {
    const l = lines[i]!;
    const entry = tocKey(l);
    if (entry === undefined) break;
    if (seen.length >= 2 && (seen.includes(entry) || entry === first)) break;
    if (first === undefined) first = entry;
    seen.push(entry);
    end = i + 1;
  }
  return end > start ? { start, end } : undefined;
}

function numberedEntry(l: TextLine): boolean {
  const f = filled(l);
  return f.length === 2 && /^\d+$/.test(f[0]?.text ?? '') && (f[1]?.text.length ?? 0) >= 2;
}

function tocHeading(l: TextLine): boolean {
  const t = lineText(l);
  return SECTION.test(t) && t.length <= 20;
}

/** The comparison key of a 目录 line, or undefined when the line cannot be a 目录 entry. */
function tocKey(l: TextLine): string | undefined {
  const f = filled(l);
  if (f.length === 0 || f.length > 2) return undefined;
  if (f.length === 2 && !/^\d+$/.test(f[0]?.text ?? '')) return undefined;
  const text = f[f.length - 1]!.text;
  if (text.length > 60 || /[。；]$/.test(text)) return undefined;
  const part = PART.exec(text);
  if (part) return `第${part[1]}部分`;
  return titleKey(text.replace(/^-\s*/, '').replace(/^[（(][一二三四五六七八九十]+[)）]\s*/, ''));
}

function readToc(lines: readonly TextLine[]): TocEntry[] {
  const out: TocEntry[] = [];
  for (const l of lines) {
    const f = filled(l);
    if (f.length === 2) {
      out.push({ number: f[0]!.text, title: f[1]!.text, line: l.line });
      continue;
    }
    const text = (f[0]?.text ?? '').replace(/^-\s*/, '');
    const m =
      /^(第[一二三四五六七八九十]+部分)\s*(.*)$/.exec(text) ??
      /^((?:绩效)?表[一二三四五六七八九十\d]+)\s*[:：]\s*(.*)$/.exec(text) ??
      /^([一二三四五六七八九十]+)、\s*(.*)$/.exec(text) ??
      /^[（(]([一二三四五六七八九十\d]+)[)）]\s*(.*)$/.exec(text);
    if (m) out.push({ number: m[1]!, title: m[2] ?? '', line: l.line });
    else out.push({ title: text, line: l.line });
  }
  return out;
}

// ---------------------------------------------------------------- cover

function readCover(cover: readonly TextLine[], all: readonly TextLine[], tables: readonly TableBlock[]): CoverFacts {
  const facts: {
    title?: string;
    unitCode?: string;
    unitName?: string;
    year?: number;
    kind?: PackageKind;
    amountUnit?: '万元' | '元';
  } = {};
  const at: Record<string, number> = {};
  const coverText = cover.map((l) => asciiDigits(stripMarkup(lineText(l)))).join('\n');
  for (const l of cover) {
    const t = asciiDigits(lineText(l));
    const code = /单位编码\s*[:：]\s*([0-9A-Za-z]+)/.exec(t);
    if (code && facts.unitCode === undefined) {
      facts.unitCode = code[1]!;
      at.unitCode = l.line;
    }
    const name = /单位名称\s*[:：]\s*(\S.*)$/.exec(t);
    if (name && facts.unitName === undefined) {
      facts.unitName = collapseSpaces(name[1]!);
      at.unitName = l.line;
    }
    const year = /(\d{4})\s*年/.exec(t);
    if (year && facts.year === undefined) {
      const y = Number(year[1]);
      if (y >= 1990 && y <= 2100) {
        facts.year = y;
        at.year = l.line;
      }
    }
    if (facts.title === undefined && /(预算|决算)/.test(t) && t.length <= 40 && /\d{4}/.test(t)) {
      facts.title = collapseSpaces(stripMarkup(t));
      at.title = l.line;
    }
  }
  // the cover title decides ("上海市普陀区2025年区级部门预算"); a 财政局's duties on the cover mention 决算 too
  const kindText = facts.title ?? coverText;
  const kindMatch = /决算/.test(kindText) ? '决算' : /预算/.test(kindText) ? '预算' : undefined;
  if (kindMatch) facts.kind = kindMatch;
  // captions of the tables: "单位: 004001_株洲市…", "单位名称：…", "部门：…", "金额单位：万元"
  for (const t of tables) {
    for (const c of t.captions) {
      const caption = asciiDigits(c);
      const m =
        /^(?:单位|单位名称|部门|填报单位|编制部门|编制单位|预算单位)\s*[:：]\s*(?:([0-9]{3,})\s*[_＿\s]\s*)?(\S.*?)\s*(?:单位\s*[:：].*)?$/.exec(
          caption,
        );
      if (m && !/^(?:万元|元)$/.test(m[2] ?? '')) {
        if (facts.unitCode === undefined && m[1]) {
          facts.unitCode = m[1];
          at.unitCode = t.captionLines[0]?.line ?? t.title.line;
        }
        if (facts.unitName === undefined && m[2]) {
          facts.unitName = collapseSpaces(m[2]);
          at.unitName = t.captionLines[0]?.line ?? t.title.line;
        }
      }
      const unit = /(?:金额)?单位\s*[:：]\s*(万元|元)\s*$/.exec(caption);
      if (unit && facts.amountUnit === undefined) {
        facts.amountUnit = unit[1] as '万元' | '元';
        at.amountUnit = t.captionLines[0]?.line ?? t.title.line;
      }
    }
  }
  if (facts.unitName === undefined) {
    // "第二部分 中共上海市普陀区委社会工作部 2024 年度部门决算表"
    for (const l of all) {
      const t = collapseSpaces(lineText(l)).replace(/^第[一二三四五六七八九十]+部分\s*/, '');
      const m = /^(\S{4,30}?)\s*\d{4}\s*年度?\s*(?:部门|单位)(?:预算|决算)(?:表)?$/.exec(t);
      if (m && ORGANISATION.test(m[1]!)) {
        facts.unitName = m[1]!;
        at.unitName = l.line;
        break;
      }
    }
  }
  if (facts.unitName === undefined) {
    // a cover that prints the body's name on a line of its own ("中共上海市普陀区委社会工作部")
    for (const l of cover) {
      const t = collapseSpaces(lineText(l));
      if (t.length >= 4 && t.length <= 30 && !/[A-Za-z0-9：:]/.test(t) && ORGANISATION.test(t)) {
        facts.unitName = t;
        at.unitName = l.line;
        break;
      }
    }
  }
  if (facts.year === undefined) {
    // a year printed in a table title ("2020 年一般公共预算支出情况表")
    for (const t of tables) {
      const y = /^(\d{4})\s*年/.exec(asciiDigits(t.printedTitle));
      if (y) {
        facts.year = Number(y[1]);
        at.year = t.title.line;
        break;
      }
    }
  }
  if (facts.kind === undefined) {
    const head = all
      .slice(0, 40)
      .map((l) => lineText(l))
      .join('');
    if (/决算/.test(head)) facts.kind = '决算';
    else if (/预算/.test(head)) facts.kind = '预算';
  }
  return { ...facts, lines: at };
}

// ---------------------------------------------------------------- 说明 sections

interface OpenSection {
  number: string;
  title: string;
  paragraphs: string[];
  page: number;
  line: number;
}

/**
 * Numbered sections (一、… and their (一)… subsections) of the explanatory part. When the document
 * has parts (第一部分 …), only the parts whose title says 说明 are read; lines broken in the
 * middle of a sentence are joined.
 */
export function readSections(lines: readonly TextLine[]): TextSection[] {
  const parts: Array<{ title: string; lines: TextLine[] }> = [];
  let current: { title: string; lines: TextLine[] } = { title: '', lines: [] };
  parts.push(current);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const text = singleText(l);
    const part = text !== undefined ? PART.exec(text) : null;
    if (part) {
      let title = part[2] ?? '';
      const next = lines[i + 1];
      const nextText = next ? singleText(next) : undefined;
      if (
        title === '' &&
        nextText !== undefined &&
        next !== undefined &&
        next.line - l.line <= 3 &&
        !SECTION.test(nextText) &&
        !PART.test(nextText) &&
        nextText.length <= 40
      ) {
        title = nextText;
        i++;
      }
      current = { title, lines: [] };
      parts.push(current);
      continue;
    }
    current.lines.push(l);
  }
  const explanatory = parts.filter((p) => /说明/.test(p.title) && !/名词解释/.test(p.title));
  const chosen = parts.length > 1 && explanatory.length > 0 ? explanatory : parts;
  const out: TextSection[] = [];
  for (const p of chosen) out.push(...sectionsOf(p.lines));
  return out;
}

function sectionsOf(lines: readonly TextLine[]): TextSection[] {
  const out: TextSection[] = [];
  let top: string | undefined;
  let open: OpenSection | undefined;
  let pending = '';
  const flushParagraph = () => {
    if (open && pending.trim() !== '') open.paragraphs.push(pending.trim());
    pending = '';
  };
  const close = () => {
    flushParagraph();
    if (open)
      out.push({
        number: open.number,
        title: open.title,
        text: open.paragraphs.join('\n'),
        page: open.page,
        line: open.line,
      });
    open = undefined;
  };
  for (const l of lines) {
    const f = filled(l);
    if (f.length !== 1) continue;
    const text = collapseSpaces(f[0]!.text.replace(/^[-*]\s+/, ''));
    const sec = SECTION.exec(text);
    const sub = SUBSECTION.exec(text);
    if (sec && isHeading(sec[2] ?? '')) {
      close();
      top = sec[1]!;
      open = startSection(top, sec[2] ?? '', l);
      continue;
    }
    if (sub && top !== undefined && isHeading(sub[2] ?? '') && /[：:]|^[^。]{1,32}$/.test(sub[2] ?? '')) {
      close();
      open = startSection(`${top}(${sub[1]})`, sub[2] ?? '', l);
      continue;
    }
    if (!open) continue;
    if (pending === '') pending = text;
    else if (brokenMidSentence(pending, text)) pending += text;
    else {
      flushParagraph();
      pending = text;
    }
  }
  close();
  return out;
}

function startSection(number: string, heading: string, l: TextLine): OpenSection {
  const m = /^([^。：:]{1,24})[：:]\s*(.*)$/.exec(heading);
  const title = (m ? m[1]! : heading).trim();
  const rest = m ? (m[2] ?? '').trim() : '';
  return { number, title, paragraphs: rest ? [rest] : [], page: l.page, line: l.line };
}

/** Does `prev` stop in the middle of a sentence that `next` continues? */
function brokenMidSentence(prev: string, next: string): boolean {
  if (/[。！？；：!?;:”’」』）)\uFFFD]$/.test(prev)) return false;
  if (SECTION.test(next) || SUBSECTION.test(next) || /^\d+[、.．]/.test(next) || /^[（(]\d+[)）]/.test(next))
    return false;
  return true;
}
