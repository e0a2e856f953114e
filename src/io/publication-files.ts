/**
 * The template sets and 说明 narratives bundled in data/, in the form the publication check
 * (src/core/source/publication.ts) and the workbook's code sheets use.
 */
import type { NarrativeSpec } from '../core/narrative/schema.ts';
import type { NarrativeSlots, PublicationContext, SetInfo } from '../core/source/publication.ts';
import { listNarratives } from './narrative-files.ts';
import { listTemplateSets, loadTemplateSet } from './template-files.ts';

/** Slot families of a narrative: budgetItems blocks fill "<family>/<code>". */
export function narrativeFamilies(n: NarrativeSpec): string[] {
  const out: string[] = [];
  for (const section of n.sections) {
    for (const b of [...section.blocks, ...(section.subsections ?? []).flatMap((x) => x.blocks)]) {
      if (b.kind === 'budgetItems' && !out.includes(b.reason)) out.push(b.reason);
    }
  }
  return out;
}

let cached: PublicationContext | undefined;

export function bundledPublicationContext(): PublicationContext {
  if (cached) return cached;
  const sets = new Map<string, SetInfo>();
  for (const id of listTemplateSets()) {
    const t = loadTemplateSet(id);
    const perf = t.tables.filter((x) => 'form' in x && x.form === 'project-performance') as Array<{
      projects?: 'special' | 'all';
    }>;
    const indicatorProjects = perf.some((x) => x.projects === 'all') ? 'all' : perf.length > 0 ? 'special' : 'none';
    sets.set(id, { id, name: t.name, kind: t.kind, years: t.years, indicatorProjects });
  }
  const narratives = listNarratives();
  const bySet = new Map<string, NarrativeSlots>();
  for (const n of narratives) {
    const slots = Object.fromEntries(Object.entries(n.reasons).map(([k, r]) => [k, r.label]));
    for (const id of n.templateSets) {
      if (!bySet.has(id)) bySet.set(id, { slots, families: narrativeFamilies(n) });
    }
  }
  cached = { sets, narrativeOf: (id) => bySet.get(id) };
  return cached;
}
