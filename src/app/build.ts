/**
 * Source data → complete package (tables and 说明): the one way every shell and use case builds a
 * package (CLI generate/demo/check, generateRevision, the server).
 */

import type { Catalogs } from '../core/catalogs/catalogs.ts';
import { withNarrative } from '../core/narrative/attach.ts';
import type { NarrativeResult } from '../core/narrative/engine.ts';
import type { DisclosurePackage } from '../core/package/model.ts';
import type { SourceData } from '../core/source/model.ts';
import { generatePackage } from '../core/templates/engine.ts';
import { narrativeFor } from '../io/narrative-files.ts';
import { loadAllScoringConfigs } from '../io/scoring-files.ts';
import { loadTemplateSet } from '../io/template-files.ts';

// data files do not change while a process runs: read them once (a server builds thousands of packages)
let scoring: ReturnType<typeof loadAllScoringConfigs> | undefined;
const narratives = new Map<string, ReturnType<typeof narrativeFor>>();

/** The 说明 spec of a template set, read once per process. */
export function narrativeSpecFor(templateSet: string): ReturnType<typeof narrativeFor> {
  if (!narratives.has(templateSet)) narratives.set(templateSet, narrativeFor(templateSet));
  return narratives.get(templateSet);
}

export function buildPackage(
  data: SourceData,
  catalogs: Catalogs,
): { pkg: DisclosurePackage; narrative?: NarrativeResult } {
  scoring ??= loadAllScoringConfigs();
  const tables = generatePackage(data, catalogs, loadTemplateSet(data.templateSet), { scoring });
  return withNarrative(tables, data, narrativeSpecFor(data.templateSet));
}

export function missingReasonLines(narrative: NarrativeResult | undefined): string[] {
  return (narrative?.missingReasons ?? []).map(
    (m) => `说明“${m.section}”须填写“${m.label}”（reasons.${m.slot}；${m.why}）`,
  );
}
