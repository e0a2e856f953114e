/**
 * Text facts: every amount, percentage and comparison stated in the 说明, with the words that say
 * what it is, its sentence and its location, so the checker (and a person) can hold the text
 * against the tables. Pure: works on the package's sections, generated or read from a document.
 */
import type { TextSection } from '../package/model.ts';
import { enclosingSentence } from '../rules/text.ts';

export interface TextFact {
  readonly section: string;
  readonly sentence: string;
  /** the number as written, stray spaces removed */
  readonly value: string;
  readonly unit: '万元' | '元' | '%';
  /** the words before the number back to the previous punctuation: what the number is */
  readonly label: string;
  /** 增加/减少/增长/下降/持平/大于/小于/等于 when the label states a comparison */
  readonly comparison?: string;
  readonly page?: number;
  readonly line?: number;
}

const NUMBER = /(\d[\d ,]*(?:\.[\d ]*\d)?)\s*(万元|元|%)/g;
const COMPARISON = /(增加|减少|增长|下降|持平|大于|小于|等于|无变化)/;

export function extractTextFacts(sections: readonly TextSection[]): TextFact[] {
  const out: TextFact[] = [];
  for (const s of sections) {
    for (const m of s.text.matchAll(NUMBER)) {
      const at = m.index ?? 0;
      const before = s.text.slice(Math.max(0, at - 40), at);
      const label = (before.split(/[，,；;。：:、\n（）()]/).pop() ?? '').trim();
      const comparison = COMPARISON.exec(label)?.[1];
      out.push({
        section: `${s.number} ${s.title}`.trim(),
        sentence: enclosingSentence(s.text, at, m[0].length),
        value: (m[1] as string).replace(/[\s,]/g, ''),
        unit: m[2] as TextFact['unit'],
        label,
        ...(comparison ? { comparison } : {}),
        ...(s.page !== undefined ? { page: s.page } : {}),
        ...(s.line !== undefined ? { line: s.line } : {}),
      });
    }
  }
  return out;
}
