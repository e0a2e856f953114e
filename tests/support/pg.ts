/**
 * PostgreSQL for the tests: a throwaway database per test file (`mz_test_<random>`) on the local
 * server (127.0.0.1:5432, user postgres, trust auth), dropped afterwards. When no server answers,
 * PostgreSQL suites skip — except under MINGZHANG_REQUIRE_ALL=1 (CI), where they run and fail.
 *
 * `storeTargets()` gives the dialects a suite runs on: SQLite always, PostgreSQL when available
 * or required. `withTarget` creates and removes the database around a describe block.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { REQUIRE_ALL } from './soffice.ts';

export { REQUIRE_ALL };

export const PG_ADMIN_URL = process.env.MINGZHANG_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

let available: Promise<boolean> | undefined;

/** Whether the local PostgreSQL server answers (checked once per test file). */
export function pgAvailable(): Promise<boolean> {
  available ??= (async () => {
    const c = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
    try {
      await c.connect();
      await c.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await c.end().catch(() => {});
    }
  })();
  return available;
}

function urlFor(database: string): string {
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Create an empty database with a random name; `drop()` removes it (closing leftover sessions). */
export async function createTestDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `mz_test_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  return {
    name,
    url: urlFor(name),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  };
}

export type DialectName = 'sqlite' | 'postgres';

/**
 * The dialects a store suite runs on. PostgreSQL is left out only when no server answers and
 * MINGZHANG_REQUIRE_ALL is unset — and then a skipped test says so in the report (never silent).
 */
export async function storeTargets(): Promise<DialectName[]> {
  if ((await pgAvailable()) || REQUIRE_ALL) return ['sqlite', 'postgres'];
  describe.skip(`on postgres (no PostgreSQL server answers at ${new URL(PG_ADMIN_URL).host})`, () => {
    it('runs when a server is available (required under MINGZHANG_REQUIRE_ALL=1)', () => {});
  });
  return ['sqlite'];
}

export interface Target {
  readonly dialect: DialectName;
  /** the database to open: a fresh SQLite file or a fresh PostgreSQL database */
  readonly url: string;
  /** another fresh database of the same dialect (removed with the first) */
  fresh(): Promise<string>;
}

/** Inside a describe block: a fresh database of `dialect` for the block, removed afterwards. */
export function withTarget(dialect: DialectName): Target {
  const cleanups: (() => Promise<void>)[] = [];
  let url = '';
  const fresh = async () => {
    if (dialect === 'sqlite') {
      const dir = mkdtempSync(join(tmpdir(), 'mz-store-'));
      cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
      return join(dir, 'test.sqlite');
    }
    const db = await createTestDatabase();
    cleanups.push(db.drop);
    return db.url;
  };
  beforeAll(async () => {
    url = await fresh();
  });
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });
  return {
    dialect,
    get url() {
      return url;
    },
    fresh,
  };
}
