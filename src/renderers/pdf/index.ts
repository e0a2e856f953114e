/**
 * The print PDF of a package, drawn with pdfkit from the page plan (document.ts). pdfkit is loaded
 * only when a PDF is rendered, so commands that never print do not pay for it.
 *
 * Why pdfkit: it embeds subset CID fonts (the Noto CJK collections by PostScript name), gives
 * exact positions (each cell one text run, which reads back cleanly), and is the fastest of the
 * candidates measured here (bench/print.ts; Chromium embeds every font as unsubset Type 3 and
 * pdfmake lays out tables itself, with no say over where rows break).
 *
 * Deterministic: the package carries no date, so the document dates are the first day of the
 * disclosure's publication year (the budget year; the year after, for a final account), and
 * pdfkit's file id and font subset tags derive from them and from the content.
 */
import type { DisclosurePackage } from '../../core/package/model.ts';
import { planDocument } from './document.ts';
import { FONTS } from './fonts.ts';
import type { FontRole, Measure, Plan } from './plan.ts';

type PDFDoc = PDFKit.PDFDocument;

/**
 * Parsed faces (fontkit font objects, as pdfkit opened them), kept between documents: parsing the
 * 20–27 MB collections is most of the cost of a document. pdfkit takes a font object where it
 * takes a file (PDFFontFactory.open).
 */
const parsedFonts = new Map<FontRole, unknown>();

function registerFonts(doc: PDFDoc): void {
  for (const [role, face] of Object.entries(FONTS) as [FontRole, (typeof FONTS)[FontRole]][]) {
    const parsed = parsedFonts.get(role);
    if (parsed) doc.registerFont(role, parsed as string);
    else doc.registerFont(role, face.file, face.postscriptName);
  }
  // every document opens its faces in the same order, so they get the same ids (F1, F2, …) and
  // subset tags whichever document of the process it is
  for (const role of Object.keys(FONTS) as FontRole[]) {
    doc.font(role);
    if (parsedFonts.has(role)) continue;
    const font = (doc as unknown as { _font?: { font?: unknown } })._font?.font;
    if (font) parsedFonts.set(role, font);
  }
}

/** Advance width of each character at 1 pt, by face: the faces are fixed, so kept for the process. */
const advances = new Map<string, number>();

/** Advance widths from the fonts themselves, per character (cached: the plan measures a lot). */
function measurer(doc: PDFDoc): Measure {
  const cache = advances;
  return (font, text) => {
    let w = 0;
    for (const ch of text) {
      const key = `${font}\u0000${ch}`;
      let cw = cache.get(key);
      if (cw === undefined) {
        doc.font(font).fontSize(1000);
        cw = doc.widthOfString(ch) / 1000;
        cache.set(key, cw);
      }
      w += cw;
    }
    return w;
  };
}

export function documentDate(pkg: DisclosurePackage): Date {
  return new Date(Date.UTC(pkg.kind === '决算' ? pkg.year + 1 : pkg.year, 0, 1));
}

async function newDocument(pkg: DisclosurePackage): Promise<PDFDoc> {
  const { default: PDFDocument } = await import('pdfkit');
  const date = documentDate(pkg);
  const doc = new PDFDocument({
    autoFirstPage: false,
    size: 'A4',
    margin: 0,
    lang: 'zh-CN',
    displayTitle: true,
    pdfVersion: '1.7',
    info: {
      Title: `${pkg.unit.name}${pkg.title}`,
      Author: pkg.unit.name,
      Subject: `${pkg.year}年度部门${pkg.kind}公开`,
      Keywords: `${pkg.year}年 部门${pkg.kind} ${pkg.unit.code} ${pkg.templateSet}`,
      Creator: pkg.origin.kind === 'generated' ? pkg.origin.generator : '明账 Mingzhang',
      Producer: '明账 Mingzhang (PDFKit)',
      CreationDate: date,
      ModDate: date,
    },
  });
  registerFonts(doc);
  return doc;
}

/** The page plan of the package's PDF (measured with the embedded fonts). */
export async function planPdf(pkg: DisclosurePackage): Promise<Plan> {
  const doc = await newDocument(pkg);
  const plan = planDocument(pkg, measurer(doc));
  doc.end();
  return plan;
}

function draw(doc: PDFDoc, plan: Plan): void {
  for (const page of plan.pages) {
    doc.addPage({ size: [page.width, page.height], margin: 0 });
    for (const op of page.ops) {
      switch (op.kind) {
        case 'rect':
          if (op.fill) doc.rect(op.box.x, op.box.y, op.box.w, op.box.h).fill(op.fill);
          if (op.stroke) doc.lineWidth(op.stroke).rect(op.box.x, op.box.y, op.box.w, op.box.h).stroke('#000000');
          break;
        case 'line':
          doc.save().lineWidth(op.width);
          if (op.dash) doc.dash(op.dash, { space: op.dash * 2 });
          doc.moveTo(op.x1, op.y1).lineTo(op.x2, op.y2).stroke('#555555');
          doc.restore();
          break;
        case 'dest':
          doc.addNamedDestination(op.name, 'XYZ', 0, op.y, null);
          break;
        case 'text':
          doc
            .font(op.font)
            .fontSize(op.size)
            .fillColor(op.color ?? '#000000')
            .text(op.text, op.x, op.y, {
              lineBreak: false,
              baseline: 'alphabetic',
              ...(op.goTo ? { goTo: op.goTo } : {}),
            });
          break;
      }
    }
  }
  const addOutline = (parent: PDFKit.PDFOutline, entries: Plan['outline']) => {
    for (const e of entries) {
      const item = parent.addItem(e.title, { pageNumber: e.page - 1, expanded: e.children.length > 0 } as never);
      addOutline(item, e.children);
    }
  };
  addOutline(doc.outline, plan.outline);
}

function collect(doc: PDFDoc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

export async function renderPdf(pkg: DisclosurePackage): Promise<Buffer> {
  const doc = await newDocument(pkg);
  const done = collect(doc);
  draw(doc, planDocument(pkg, measurer(doc)));
  doc.end();
  return done;
}

/** The PDF and the plan it was drawn from (for the layout tests). */
export async function renderPdfWithPlan(pkg: DisclosurePackage): Promise<{ pdf: Buffer; plan: Plan }> {
  const doc = await newDocument(pkg);
  const done = collect(doc);
  const plan = planDocument(pkg, measurer(doc));
  draw(doc, plan);
  doc.end();
  return { pdf: await done, plan };
}
