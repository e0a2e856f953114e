import type { Command } from 'commander';
import type { CatalogKind } from '../core/catalogs/catalog.ts';
import type { Catalogs } from '../core/catalogs/catalogs.ts';

const KINDS: ReadonlyArray<Exclude<CatalogKind, '资金来源'>> = ['功能分类', '部门经济分类', '政府经济分类'];

/** `--catalog 功能分类:2025:官方目录.xlsx` (repeatable): extend or override the bundled catalogs. */
export function addCatalogOption(cmd: Command): Command {
  return cmd.option(
    '--catalog <种类:年度:文件>',
    `导入官方科目目录（CSV 或 XLSX，可重复）；种类为 ${KINDS.join('、')}`,
    (value: string, previous: string[] = []) => [...previous, value],
  );
}

export async function catalogsFromOptions(specs: readonly string[] | undefined): Promise<Catalogs> {
  // loaded here, not at the top: defining the option must not load the catalogs (and zod)
  const { applyImports, importCatalogFile, loadBundledCatalogs } = await import('../io/catalog-files.ts');
  const base = loadBundledCatalogs();
  if (!specs || specs.length === 0) return base;
  const imports = [];
  for (const spec of specs) {
    const m = /^([^:]+):(\d{4}):(.+)$/.exec(spec);
    const kind = m?.[1] as Exclude<CatalogKind, '资金来源'> | undefined;
    if (!m || !kind || !KINDS.includes(kind)) {
      throw new Error(`--catalog 的格式应为“种类:年度:文件”，种类为 ${KINDS.join('、')}（收到“${spec}”）`);
    }
    imports.push(await importCatalogFile(m[3] as string, kind, Number(m[2])));
  }
  return applyImports(base, imports);
}
