/**
 * CJK spelling repairs for text extracted from PDFs.
 *
 * Some producers (Chromium, some WPS exports) map ideographs to *radical* code points in their
 * ToUnicode tables: 一 comes out as U+2F00 ⼀, 门 as U+2ED4 ⻔. NFKC folds the Kangxi radicals
 * (U+2F00–2FD5) and the CJK compatibility ideographs back to unified ideographs, but not the CJK
 * Radicals Supplement (U+2E80–2EFF), which has no decomposition: those need the table below
 * (standalone forms only, after Unicode's EquivalentUnifiedIdeograph.txt; component-only forms such
 * as ⺅ 亻 or ⺡ 氵 never stand alone in running text and are left as they are).
 *
 * NFKC is applied to those blocks only: applied to everything it would also turn full-width
 * brackets and punctuation into ASCII, and labels must read as printed.
 */

const SUPPLEMENT: Readonly<Record<number, string>> = {
  11905: '厂',
  11914: '卜',
  11922: '巳',
  11923: '幺',
  11933: '月',
  11935: '母',
  11936: '民',
  11945: '王',
  11946: '疋',
  11948: '示',
  11958: '羊',
  11959: '羊',
  11969: '虎',
  11972: '西',
  11973: '见',
  11974: '角',
  11976: '讠',
  11977: '贝',
  11979: '车',
  11983: '阝',
  11984: '钅',
  11985: '長',
  11987: '长',
  11988: '门',
  11990: '阝',
  11991: '雨',
  11992: '青',
  11993: '韦',
  11994: '页',
  11995: '风',
  11996: '飞',
  11997: '食',
  12000: '饣',
  12002: '马',
  12003: '骨',
  12004: '鬼',
  12005: '鱼',
  12006: '鸟',
  12007: '卤',
  12008: '麦',
  12009: '黄',
  12010: '黾',
  12011: '斉',
  12012: '齐',
  12013: '歯',
  12014: '齿',
  12015: '竜',
  12016: '龙',
  12017: '龜',
  12018: '亀',
  12019: '龟',
};

/**
 * Unified ideographs that Chromium's ToUnicode gives for a glyph the Noto CJK SC face shares with
 * the simplified form (observed: 财政专户 printed from HTML reads back as 财政专戶). Disclosures are in
 * simplified Chinese, so the traditional form is taken for the simplified one.
 */
const SHARED_GLYPH: Readonly<Record<number, string>> = {
  25142: '户',
};

/** Code points NFKC folds onto unified ideographs: Kangxi radicals and CJK compatibility ideographs. */
function foldsByNfkc(code: number): boolean {
  return (
    (code >= 0x2f00 && code <= 0x2fdf) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0x2f800 && code <= 0x2fa1f)
  );
}

/** Does the text hold any character `normaliseCjk` would change? */
export function hasCjkVariants(s: string): boolean {
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (foldsByNfkc(code) || SUPPLEMENT[code] !== undefined || SHARED_GLYPH[code] !== undefined) return true;
  }
  return false;
}

/** Radicals and compatibility ideographs become the ideographs they stand for; everything else is kept. */
export function normaliseCjk(s: string): string {
  if (!hasCjkVariants(s)) return s;
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    const mapped = SUPPLEMENT[code] ?? SHARED_GLYPH[code];
    if (mapped !== undefined) out += mapped;
    else if (foldsByNfkc(code)) {
      // ⼾ (Kangxi radical) folds to 戶, which stands for 户 here
      const folded = ch.normalize('NFKC');
      out += SHARED_GLYPH[folded.codePointAt(0) ?? 0] ?? folded;
    } else out += ch;
  }
  return out;
}
