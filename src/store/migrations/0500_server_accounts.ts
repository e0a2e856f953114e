/**
 * Server tables (range 0500–0799, owned by src/server): sessions, API tokens, login throttling,
 * warning acknowledgements, 保密审查 confirmations, 批复 records and deadlines.
 */
import type { Kysely } from 'kysely';
import { type Dialect, notNull, withId } from '../ddl.ts';

// biome-ignore lint/suspicious/noExplicitAny: a migration sees the schema as it was then
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const s = db.schema;
  // the cookie holds a random token; the database only its sha256, so a leaked table opens no session
  await s
    .createTable('sessions')
    .addColumn('id_sha', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('csrf_token', 'text', notNull)
    .addColumn('created_at', 'text', notNull)
    .addColumn('last_seen_at', 'text', notNull)
    .addColumn('expires_at', 'text', notNull)
    .addColumn('ip', 'text')
    .execute();
  await s.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await s
    .createTable('api_tokens')
    .$call((t) => withId(t, dialect))
    .addColumn('token_sha', 'text', (c) => c.notNull().unique())
    .addColumn('role_code', 'text', notNull)
    .addColumn('label', 'text', notNull)
    .addColumn('org_code', 'text', (c) => c.references('organisations.code'))
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', notNull)
    .addColumn('expires_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();

  // key: 'login:<name>' (lockout) or 'ip:<address>' (rate limit)
  await s
    .createTable('login_throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', notNull)
    .addColumn('window_start', 'text', notNull)
    .addColumn('locked_until', 'text')
    .execute();

  // each 警告 needs a reason before submitting; keyed by the finding's rule and location so that an
  // acknowledgement carries over to the next revision while the same warning stands
  await s
    .createTable('warning_acks')
    .$call((t) => withId(t, dialect))
    .addColumn('disclosure_id', 'integer', (c) => c.notNull().references('disclosures.id'))
    .addColumn('finding_key', 'text', notNull)
    .addColumn('reason', 'text', notNull)
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('at', 'text', notNull)
    .addUniqueConstraint('warning_acks_unique', ['disclosure_id', 'finding_key'])
    .execute();

  await s
    .createTable('secrecy_reviews')
    .$call((t) => withId(t, dialect))
    .addColumn('disclosure_id', 'integer', (c) => c.notNull().references('disclosures.id'))
    .addColumn('revision_id', 'integer', (c) => c.notNull().references('source_revisions.id'))
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('note', 'text')
    .addColumn('at', 'text', notNull)
    .execute();
  await s.createIndex('secrecy_reviews_disclosure').on('secrecy_reviews').column('disclosure_id').execute();

  // 批复: the date on the approval document starts the 20-day publication clock
  await s
    .createTable('approvals')
    .addColumn('disclosure_id', 'integer', (c) => c.primaryKey().references('disclosures.id'))
    .addColumn('approved_on', 'text', notNull)
    .addColumn('document_no', 'text')
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('at', 'text', notNull)
    .execute();

  await s
    .createTable('deadlines')
    .$call((t) => withId(t, dialect))
    .addColumn('region_code', 'text', (c) => c.references('regions.code'))
    .addColumn('year', 'integer', notNull)
    .addColumn('kind', 'text', notNull)
    .addColumn('stage', 'text', notNull)
    .addColumn('due_on', 'text', notNull)
    .addColumn('set_by', 'integer', (c) => c.references('users.id'))
    .addColumn('at', 'text', notNull)
    .addUniqueConstraint('deadlines_unique', ['region_code', 'year', 'kind', 'stage'])
    .execute();
}
