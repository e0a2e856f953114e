/**
 * The set of catalogs a document is read against, with the 部门 → 政府 economic mapping.
 */
import { type Catalog, type CatalogEntry, type CatalogKind, extendCatalog, lookup, normaliseName } from './catalog.ts';

export type MappingUnitKind = '行政' | '事业';

export interface EconomicMapping {
  /** key `${deptCode}|${unitKind}` → gov code */
  readonly byKey: ReadonlyMap<string, { readonly govCode: string; readonly confidence: string }>;
}

export interface FundSource extends CatalogEntry {
  /** 资金性质: 一般公共预算, 政府性基金, 国有资本经营, 社会保险基金, 财政专户, 单位资金 */
  readonly fundNature: string;
  /** counts as 财政拨款 */
  readonly fiscal: boolean;
}

export interface Catalogs {
  readonly func: Catalog;
  readonly deptEcon: Catalog;
  readonly govEcon: Catalog;
  readonly funds: readonly FundSource[];
  readonly mapping: EconomicMapping;
}

export function catalogOf(catalogs: Catalogs, kind: Exclude<CatalogKind, '资金来源'>): Catalog {
  if (kind === '功能分类') return catalogs.func;
  if (kind === '部门经济分类') return catalogs.deptEcon;
  return catalogs.govEcon;
}

/** 参公 units map as 行政 (they are managed like 机关). */
export function mappingKind(unitKind: '行政' | '参公' | '事业'): MappingUnitKind {
  return unitKind === '事业' ? '事业' : '行政';
}

/**
 * The 政府预算支出经济分类 code for a 部门 code and unit kind. Falls back to the class-level rule
 * (301→501/50501 …) when the mapping file has no row for the 款.
 */
export function mapToGovEcon(catalogs: Catalogs, deptCode: string, unitKind: MappingUnitKind): string | undefined {
  const hit = catalogs.mapping.byKey.get(`${deptCode}|${unitKind}`);
  if (hit) return hit.govCode;
  return CLASS_FALLBACK[unitKind][deptCode.slice(0, 3)];
}

/** Class-level fallbacks from 财预〔2017〕98号's 对照表 for 款 missing from the mapping file. */
const CLASS_FALLBACK: Record<MappingUnitKind, Record<string, string>> = {
  行政: {
    '301': '50199',
    '302': '50299',
    '303': '50999',
    '307': '51101',
    '309': '50499',
    '310': '50399',
    '311': '50799',
    '312': '50799',
    '313': '51099',
    '399': '59999',
  },
  事业: {
    '301': '50501',
    '302': '50502',
    '303': '50999',
    '307': '51101',
    '309': '50602',
    '310': '50601',
    '311': '50799',
    '312': '50799',
    '313': '51099',
    '399': '59999',
  },
};

/** Find a fund source by code, name or alias (names compared without bracket/space variants). */
export function findFund(catalogs: Catalogs, codeOrName: string): FundSource | undefined {
  const key = codeOrName.trim();
  const byCode = catalogs.funds.find((f) => f.code === key);
  if (byCode) return byCode;
  const n = normaliseName(key);
  return catalogs.funds.find(
    (f) => normaliseName(f.name) === n || (f.aliases ?? []).some((a) => normaliseName(a) === n),
  );
}

/** Add entries (from an imported official catalog, or met in a document) to the right catalog. */
export function withAdditions(
  catalogs: Catalogs,
  additions: ReadonlyArray<{ kind: Exclude<CatalogKind, '资金来源'>; entry: CatalogEntry }>,
): Catalogs {
  if (additions.length === 0) return catalogs;
  const pick = (kind: Exclude<CatalogKind, '资金来源'>) => additions.filter((a) => a.kind === kind).map((a) => a.entry);
  return {
    ...catalogs,
    func: extendCatalog(catalogs.func, pick('功能分类')),
    deptEcon: extendCatalog(catalogs.deptEcon, pick('部门经济分类')),
    govEcon: extendCatalog(catalogs.govEcon, pick('政府经济分类')),
  };
}

/** A document-level entry for a code the catalog lacks, valid for that one year. */
export function documentEntry(code: string, name: string, year: number, origin: string): CatalogEntry {
  return {
    code,
    name,
    parent: code.length === 7 ? code.slice(0, 5) : code.length === 5 ? code.slice(0, 3) : null,
    level: code.length === 7 ? 3 : code.length === 5 ? 2 : 1,
    validFrom: year,
    validTo: year,
    confidence: 'low',
    origin,
  };
}

export { lookup };
