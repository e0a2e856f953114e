/**
 * A store with the bundled examples imported, generated and published (v1), plus a second
 * year of the two-unit department (its 2024 budget re-dated to 2023 with every amount scaled),
 * so that history, comparison and search have content. Published rows are written through the
 * store's repositories, the way the publish use case does.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { type AppContext, openApp } from '../../../src/app/context.ts';
import { generateRevision } from '../../../src/app/generate.ts';
import { importSource } from '../../../src/app/ingest.ts';

export const EXAMPLES = join(import.meta.dirname, '../../../examples');

export interface Published {
  disclosureId: number;
  revisionId: number;
  packageSha: string;
  versionId: number;
}

export async function publish(
  ctx: AppContext,
  bytes: Buffer,
  fileName: string,
  opts: { approvedOn?: string; publishedAt?: string; version?: number; note?: string } = {},
): Promise<Published> {
  const imported = await importSource(ctx, { fileName, bytes });
  if (imported.status !== 'created' || imported.revisionId === undefined || imported.disclosureId === undefined)
    throw new Error(
      `import failed: ${imported.status} ${imported.message ?? ''} ${JSON.stringify(imported.issues.slice(0, 3))}`,
    );
  const gen = await generateRevision(ctx, imported.revisionId);
  const row = await ctx.store.repos.addPublishedVersion(
    {
      disclosure_id: imported.disclosureId,
      version_no: opts.version ?? 1,
      revision_id: imported.revisionId,
      package_sha: gen.packageSha,
      published_at: opts.publishedAt ?? '2024-02-10T08:00:00.000Z',
      published_by: null,
      correction_note: opts.note ?? null,
    },
    [],
    [],
  );
  if (opts.approvedOn && (opts.version ?? 1) === 1) {
    await sql`INSERT INTO approvals (disclosure_id, approved_on, at) VALUES (${imported.disclosureId}, ${opts.approvedOn}, ${opts.approvedOn})`.execute(
      ctx.store.db,
    );
  }
  return {
    disclosureId: imported.disclosureId,
    revisionId: imported.revisionId,
    packageSha: gen.packageSha,
    versionId: row.id,
  };
}

export function exampleBytes(name: string): Buffer {
  return readFileSync(join(EXAMPLES, name, 'source.json'));
}

/** The two-unit department's budget moved to another year with every fen amount scaled by num/den. */
export function redated(name: string, year: number, num: bigint, den: bigint): Buffer {
  const src = JSON.parse(exampleBytes(name).toString('utf8'));
  const walk = (v: unknown, key?: string): unknown => {
    if (Array.isArray(v)) return v.map((x) => walk(x));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    if (typeof v === 'string' && key && /amount|Amount/.test(key) && /^\d+(\.\d+)?$/.test(v)) {
      const [i, f = ''] = v.split('.');
      const fen = BigInt(i ?? '0') * 100n + BigInt(`${f}00`.slice(0, 2));
      const scaled = (fen * num) / den;
      return `${scaled / 100n}.${String(scaled % 100n).padStart(2, '0')}`;
    }
    return v;
  };
  const out = walk(src) as Record<string, unknown>;
  out.year = year;
  return Buffer.from(JSON.stringify(out));
}

export interface PortalFixture {
  ctx: AppContext;
  budget: Published;
  final: Published;
  twoUnits: Published;
  twoUnitsPrior?: Published;
}

export async function portalFixture(): Promise<PortalFixture> {
  const ctx = await openApp({ db: ':memory:', clock: () => new Date('2024-03-20T08:00:00.000Z') });
  const budget = await publish(ctx, exampleBytes('hetang-zfb-2024-budget'), 'hetang-2024.json', {
    approvedOn: '2024-01-20',
    publishedAt: '2024-02-01T08:00:00.000Z',
  });
  const final = await publish(ctx, exampleBytes('hetang-zfb-2023-final'), 'hetang-2023-final.json', {
    approvedOn: '2024-08-01',
    publishedAt: '2024-09-10T08:00:00.000Z',
  });
  const twoUnits = await publish(ctx, exampleBytes('demo-two-units-2024-budget'), 'two-units-2024.json', {
    approvedOn: '2024-01-20',
    publishedAt: '2024-02-05T08:00:00.000Z',
  });
  return { ctx, budget, final, twoUnits };
}
