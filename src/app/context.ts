/**
 * The application context: what every use case receives (docs/architecture.md). Shells open it
 * once, pass it to use cases, and close it.
 */
import { join } from 'node:path';
import type { Catalogs } from '../core/catalogs/catalogs.ts';
import { loadBundledCatalogs } from '../io/catalog-files.ts';
import { openStore, type Store } from '../store/store.ts';

export interface AppContext {
  /** repositories + transactions, dialect-neutral */
  store: Store;
  /** injected so tests and demo data are deterministic */
  clock: () => Date;
  /** the bundled catalogs, loaded once */
  catalogs: Catalogs;
}

export interface OpenAppOptions {
  /** a SQLite file, `:memory:` or a postgres:// URL */
  db?: string;
  clock?: () => Date;
  /** defaults to process.env (only MINGZHANG_DATABASE_URL is read) */
  env?: Readonly<Record<string, string | undefined>>;
  /** defaults to process.cwd(), for the default database file */
  cwd?: string;
  catalogs?: Catalogs;
}

/** `--db`, then MINGZHANG_DATABASE_URL, then .mingzhang/mingzhang.sqlite under the working directory. */
export function databaseTarget(opts: Pick<OpenAppOptions, 'db' | 'env' | 'cwd'> = {}): string {
  const env = opts.env ?? process.env;
  if (opts.db && opts.db.trim() !== '') return opts.db;
  const url = env.MINGZHANG_DATABASE_URL;
  if (url && url.trim() !== '') return url;
  return join(opts.cwd ?? process.cwd(), '.mingzhang', 'mingzhang.sqlite');
}

/** Open the database (running its migrations) and build the context. */
export async function openApp(opts: OpenAppOptions = {}): Promise<AppContext> {
  const store = await openStore(databaseTarget(opts));
  return { store, clock: opts.clock ?? (() => new Date()), catalogs: opts.catalogs ?? loadBundledCatalogs() };
}

export async function closeApp(ctx: AppContext): Promise<void> {
  await ctx.store.close();
}

/** The context's clock as ISO text, the store's timestamp format. */
export function nowIso(ctx: AppContext): string {
  return ctx.clock().toISOString();
}
