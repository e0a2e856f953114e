/**
 * Is a 说明 well formed? The check is the checker's rule catalog `text-grammar`
 * (data/rules/text-grammar.json): doubled or broken punctuation, empty brackets, a sentence
 * reduced to its subject, internal notes. `generate --final` refuses text with such findings and
 * `check` reports them in published documents — one definition, used by both.
 */
import type { Finding } from '../findings/model.ts';
import type { DisclosurePackage } from '../package/model.ts';
import { checkPackage } from '../rules/engine.ts';
import type { RuleCatalog } from '../rules/schema.ts';

export const GRAMMAR_CATALOG = 'text-grammar';

/** Findings of the grammar rules on the package's 说明 (none when it has no 说明). */
export function grammarFindings(pkg: DisclosurePackage, catalogs: readonly RuleCatalog[]): Finding[] {
  const grammar = catalogs.filter((c) => c.id === GRAMMAR_CATALOG);
  if (grammar.length === 0) throw new Error(`缺少说明规范性规则（${GRAMMAR_CATALOG}）`);
  return checkPackage({ ...pkg, tables: [] }, grammar);
}
