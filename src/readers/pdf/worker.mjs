/**
 * pdfjs runs here, in a worker thread (see extract.ts): plain JavaScript so that no TypeScript
 * loader transforms pdfjs on its way in (through tsx that alone cost ~350 MB and 2 s per process),
 * with its own heap limit, and terminated when it runs too long. It posts the pages' text items
 * in page coordinates, or { error: { kind, message } }.
 */
import { parentPort, workerData } from 'node:worker_threads';

const { data, cMapUrl, standardFontDataUrl, maxPages, rulings } = workerData;

/** pdfjs operator codes rulings.ts reads (table borders are drawn paths) */
function opCodes(OPS) {
  const names = [
    'save',
    'restore',
    'transform',
    'constructPath',
    'stroke',
    'closeStroke',
    'fill',
    'eoFill',
    'fillStroke',
    'eoFillStroke',
    'closeFillStroke',
    'closeEOFillStroke',
    'paintFormXObjectBegin',
    'paintFormXObjectEnd',
  ];
  return Object.fromEntries(names.map((n) => [n, OPS[n]]));
}

/** The operators rulings.ts needs (state, transforms, paths), in order; the rest stays here. */
async function pathOps(page, codes, view) {
  const keep = new Set([
    codes.save,
    codes.restore,
    codes.transform,
    codes.constructPath,
    codes.paintFormXObjectBegin,
    codes.paintFormXObjectEnd,
  ]);
  const ol = await page.getOperatorList();
  const fnArray = [];
  const argsArray = [];
  for (let i = 0; i < ol.fnArray.length; i++) {
    if (!keep.has(ol.fnArray[i])) continue;
    fnArray.push(ol.fnArray[i]);
    argsArray.push(ol.argsArray[i]);
  }
  return { fnArray, argsArray, view: Array.from(view) };
}

/**
 * pdfjs's legacy build (the one that runs on Node 20) carries core-js, which replaces V8's
 * Array.prototype.push (and others) with JavaScript loops for the whole thread; that was the
 * largest single item in the profile of reading a PDF. Put the native methods back after loading.
 */
const nativeArrayMethods = Object.entries(Object.getOwnPropertyDescriptors(Array.prototype)).filter(
  ([, d]) => typeof d.value === 'function',
);

function restoreNativeArrayMethods() {
  for (const [name, d] of nativeArrayMethods) {
    if (Array.prototype[name] !== d.value) Object.defineProperty(Array.prototype, name, d);
  }
}

async function run() {
  const lib = await import('pdfjs-dist/legacy/build/pdf.mjs');
  restoreNativeArrayMethods();
  const task = lib.getDocument({
    data,
    verbosity: 0,
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    cMapUrl,
    cMapPacked: true,
    standardFontDataUrl,
  });
  let doc;
  try {
    doc = await task.promise;
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return { error: { kind: /password/i.test(why) ? 'password' : 'invalid', message: why } };
  }
  try {
    if (doc.numPages > maxPages) return { error: { kind: 'pages', message: String(doc.numPages) } };
    const codes = opCodes(lib.OPS);
    const pages = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const viewport = page.getViewport({ scale: 1 });
      const content = await page.getTextContent();
      const items = [];
      for (const it of content.items) {
        if (!('str' in it) || it.str.trim() === '') continue;
        const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = lib.Util.transform(viewport.transform, it.transform);
        // left to right only: the text direction must be (close to) the x axis
        if (a <= 0 || Math.abs(b) > Math.abs(a) * 0.1) continue;
        const size = Math.hypot(c, d);
        // the item's advance is given in text space; scale it as the transform scales x
        const scale = Math.hypot(a, b) / Math.max(Math.hypot(it.transform[0] ?? 0, it.transform[1] ?? 0), 1e-9);
        items.push({ text: it.str, x: e, y: f, width: it.width * scale, size: size > 0 ? size : Math.abs(d) });
      }
      const ops = rulings ? await pathOps(page, codes, viewport.transform) : undefined;
      pages.push({ number: n, width: viewport.width, height: viewport.height, items, ...(ops ? { ops } : {}) });
      page.cleanup();
    }
    return { pages, opCodes: codes };
  } finally {
    await doc.destroy();
  }
}

run().then(
  (result) => parentPort.postMessage(result),
  (e) => parentPort.postMessage({ error: { kind: 'invalid', message: e instanceof Error ? e.message : String(e) } }),
);
