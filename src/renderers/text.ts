/**
 * The 说明 as plain text, structured by section (a DOCX renderer can follow the same structure).
 */
import type { DisclosurePackage } from '../core/package/model.ts';

export function renderNarrativeText(pkg: DisclosurePackage): string {
  const head = `${pkg.unit.name}\n${pkg.title.replace(/公开表$/, '')}公开说明\n`;
  if (!pkg.sections?.length) return `${head}\n（本公开包没有说明。）\n`;
  const body = pkg.sections.map((s) => `${heading(s.number, s.title)}\n${s.text}`).join('\n\n');
  return `${head}\n${body}\n`;
}

/** "一" + "收入…" → "一、收入…"; numbers that already end in 、 or a bracket print as they are. */
function heading(number: string, title: string): string {
  if (/^[一二三四五六七八九十]+$/.test(number)) return `${number}、${title}`;
  if (/[、）)]$/.test(number)) return `${number}${title}`;
  // a part without a numeral (“概况”) prints its title alone
  return title;
}
