/**
 * The faces of the print documents (Debian fonts-noto-cjk): a serif face for text and tables, its
 * bold for header cells and total rows, and the heavy sans face for titles. Collections (.ttc) are
 * selected by PostScript name.
 */
import type { FontRole } from './plan.ts';

const NOTO = '/usr/share/fonts/opentype/noto';

export const FONTS: Readonly<Record<FontRole, { readonly file: string; readonly postscriptName: string }>> = {
  serif: { file: `${NOTO}/NotoSerifCJK-Regular.ttc`, postscriptName: 'NotoSerifCJKsc-Regular' },
  serifBold: { file: `${NOTO}/NotoSerifCJK-Bold.ttc`, postscriptName: 'NotoSerifCJKsc-Bold' },
  sans: { file: `${NOTO}/NotoSansCJK-Bold.ttc`, postscriptName: 'NotoSansCJKsc-Bold' },
};
