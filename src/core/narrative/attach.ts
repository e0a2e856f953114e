import type { DisclosurePackage } from '../package/model.ts';
import type { SourceData } from '../source/model.ts';
import { generateNarrative, type NarrativeResult } from './engine.ts';
import type { NarrativeSpec } from './schema.ts';

/** The package with its 说明 written from its own cells and the source data. */
export function withNarrative(
  pkg: DisclosurePackage,
  data: SourceData,
  spec: NarrativeSpec | undefined,
): { pkg: DisclosurePackage; narrative?: NarrativeResult } {
  if (!spec) return { pkg };
  const narrative = generateNarrative(pkg, data, spec);
  return { pkg: { ...pkg, sections: narrative.sections }, narrative };
}
