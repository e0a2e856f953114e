/**
 * The initial schema (see src/store/schema.ts for what each table means).
 */
import { type Kysely, sql } from 'kysely';
import { blobType, type Dialect, FEN, makeImmutable, notNull, withId } from '../ddl.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations work on the schema as it was
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const s = db.schema;
  await s
    .createTable('regions')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', notNull)
    .addColumn('finance_bureau', 'text', notNull)
    .execute();
  await s
    .createTable('organisations')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('region_code', 'text', (c) => c.references('regions.code'))
    .addColumn('level', 'text', (c) => c.notNull().check(sqlIn('level', ['department', 'unit'])))
    .addColumn('name', 'text', notNull)
    .execute();
  await s
    .createTable('organisation_years')
    .addColumn('org_code', 'text', (c) => c.notNull().references('organisations.code'))
    .addColumn('year', 'integer', notNull)
    .addColumn('name', 'text', notNull)
    .addColumn('unit_kind', 'text')
    .addColumn('parent_code', 'text', (c) => c.references('organisations.code'))
    .addColumn('successor_code', 'text', (c) => c.references('organisations.code'))
    .addPrimaryKeyConstraint('organisation_years_pk', ['org_code', 'year'])
    .execute();
  await s.createIndex('organisation_years_parent').on('organisation_years').columns(['parent_code', 'year']).execute();

  await s
    .createTable('blobs')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('size', 'integer', notNull)
    .addColumn('media_type', 'text', notNull)
    .addColumn('content', blobType(dialect), notNull)
    .addColumn('created_at', 'text', notNull)
    .execute();

  await s
    .createTable('users')
    .$call((t) => withId(t, dialect))
    .addColumn('login', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', notNull)
    .addColumn('password_hash', 'text')
    .addColumn('created_at', 'text', notNull)
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await s
    .createTable('roles')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', notNull)
    .execute();
  await db
    .insertInto('roles')
    .values([
      { code: 'unit_preparer', name: '单位填报人' },
      { code: 'department_reviewer', name: '部门审核人' },
      { code: 'finance_reviewer', name: '财政审核人' },
      { code: 'finance_admin', name: '财政管理员' },
    ])
    .execute();
  await s
    .createTable('memberships')
    .$call((t) => withId(t, dialect))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('role_code', 'text', (c) => c.notNull().references('roles.code'))
    .addColumn('org_code', 'text', (c) => c.references('organisations.code'))
    .addColumn('region_code', 'text', (c) => c.references('regions.code'))
    .addUniqueConstraint('memberships_unique', ['user_id', 'role_code', 'org_code', 'region_code'])
    .execute();

  await s
    .createTable('disclosures')
    .$call((t) => withId(t, dialect))
    .addColumn('org_code', 'text', (c) => c.notNull().references('organisations.code'))
    .addColumn('year', 'integer', notNull)
    .addColumn('kind', 'text', (c) => c.notNull().check(sqlIn('kind', ['预算', '决算'])))
    .addColumn('template_set', 'text', notNull)
    .addColumn('workflow_state', 'text', (c) => c.notNull().defaultTo('编制中'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('current_revision_id', 'integer')
    .addColumn('consolidated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', notNull)
    .addUniqueConstraint('disclosures_unique', ['org_code', 'year', 'kind'])
    .execute();
  await s
    .createTable('source_revisions')
    .$call((t) => withId(t, dialect))
    .addColumn('disclosure_id', 'integer', (c) => c.notNull().references('disclosures.id'))
    .addColumn('number', 'integer', notNull)
    .addColumn('origin', 'text', (c) =>
      c.notNull().check(sqlIn('origin', ['import', 'edit', 'consolidated', 'parsed'])),
    )
    .addColumn('source_json', 'text', notNull)
    .addColumn('source_sha', 'text', notNull)
    .addColumn('blob_sha', 'text', (c) => c.references('blobs.sha256'))
    .addColumn('file_name', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', notNull)
    .addColumn('issues_json', 'text', notNull)
    .addColumn('derived_from', 'text')
    .addUniqueConstraint('source_revisions_number', ['disclosure_id', 'number'])
    .execute();
  await s
    .createTable('source_lines')
    .addColumn('revision_id', 'integer', (c) => c.notNull().references('source_revisions.id'))
    .addColumn('line_no', 'integer', notNull)
    .addColumn('unit_code', 'text', notNull)
    .addColumn('func', 'text', notNull)
    .addColumn('econ', 'text', notNull)
    .addColumn('category', 'text', notNull)
    .addColumn('fund', 'text', notNull)
    .addColumn('project', 'text')
    .addColumn('amount_fen', FEN, notNull)
    .addPrimaryKeyConstraint('source_lines_pk', ['revision_id', 'line_no'])
    .execute();

  await s
    .createTable('packages')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('content', 'text', notNull)
    .addColumn('created_at', 'text', notNull)
    .execute();
  await s
    .createTable('generations')
    .addColumn('revision_id', 'integer', (c) => c.primaryKey().references('source_revisions.id'))
    .addColumn('package_sha', 'text', (c) => c.notNull().references('packages.sha256'))
    .addColumn('generated_at', 'text', notNull)
    .execute();
  await s
    .createTable('rendered_files')
    .addColumn('package_sha', 'text', (c) => c.notNull().references('packages.sha256'))
    .addColumn('format', 'text', notNull)
    .addColumn('blob_sha', 'text', (c) => c.notNull().references('blobs.sha256'))
    .addPrimaryKeyConstraint('rendered_files_pk', ['package_sha', 'format'])
    .execute();

  await s
    .createTable('check_runs')
    .$call((t) => withId(t, dialect))
    .addColumn('revision_id', 'integer', (c) => c.notNull().references('source_revisions.id'))
    .addColumn('package_sha', 'text', (c) => c.notNull().references('packages.sha256'))
    .addColumn('created_at', 'text', notNull)
    .addColumn('rule_count', 'integer', notNull)
    .addColumn('error_count', 'integer', notNull)
    .addColumn('warning_count', 'integer', notNull)
    .addColumn('hint_count', 'integer', notNull)
    .execute();
  await s.createIndex('check_runs_revision').on('check_runs').column('revision_id').execute();
  await s
    .createTable('findings')
    .$call((t) => withId(t, dialect))
    .addColumn('check_run_id', 'integer', (c) => c.notNull().references('check_runs.id'))
    .addColumn('seq', 'integer', notNull)
    .addColumn('rule_id', 'text', notNull)
    .addColumn('severity', 'text', (c) => c.notNull().check(sqlIn('severity', ['错误', '警告', '提示'])))
    .addColumn('category', 'text', notNull)
    .addColumn('title', 'text', notNull)
    .addColumn('message', 'text', notNull)
    .addColumn('table_id', 'text')
    .addColumn('row_key', 'text')
    .addColumn('column_key', 'text')
    .addColumn('detail_json', 'text', notNull)
    .execute();
  await s.createIndex('findings_run').on('findings').column('check_run_id').execute();

  await s
    .createTable('workflow_events')
    .$call((t) => withId(t, dialect))
    .addColumn('disclosure_id', 'integer', (c) => c.notNull().references('disclosures.id'))
    .addColumn('from_state', 'text', notNull)
    .addColumn('to_state', 'text', notNull)
    .addColumn('action', 'text', notNull)
    .addColumn('actor_id', 'integer', (c) => c.references('users.id'))
    .addColumn('comment', 'text')
    .addColumn('at', 'text', notNull)
    .execute();
  await s.createIndex('workflow_events_disclosure').on('workflow_events').column('disclosure_id').execute();
  await s
    .createTable('comments')
    .$call((t) => withId(t, dialect))
    .addColumn('disclosure_id', 'integer', (c) => c.notNull().references('disclosures.id'))
    .addColumn('revision_id', 'integer', (c) => c.references('source_revisions.id'))
    .addColumn('table_id', 'text')
    .addColumn('row_key', 'text')
    .addColumn('column_key', 'text')
    .addColumn('finding_id', 'integer', (c) => c.references('findings.id'))
    .addColumn('author_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('body', 'text', notNull)
    .addColumn('created_at', 'text', notNull)
    .addColumn('resolved_at', 'text')
    .addColumn('resolved_by', 'integer', (c) => c.references('users.id'))
    .execute();
  await s.createIndex('comments_disclosure').on('comments').column('disclosure_id').execute();
  await s
    .createTable('audit_log')
    .$call((t) => withId(t, dialect))
    .addColumn('at', 'text', notNull)
    .addColumn('actor_id', 'integer', (c) => c.references('users.id'))
    .addColumn('action', 'text', notNull)
    .addColumn('subject_type', 'text', notNull)
    .addColumn('subject_id', 'text', notNull)
    .addColumn('detail_json', 'text', notNull)
    .execute();

  await s
    .createTable('published_versions')
    .$call((t) => withId(t, dialect))
    .addColumn('disclosure_id', 'integer', (c) => c.notNull().references('disclosures.id'))
    .addColumn('version_no', 'integer', notNull)
    .addColumn('revision_id', 'integer', (c) => c.notNull().references('source_revisions.id'))
    .addColumn('package_sha', 'text', (c) => c.notNull().references('packages.sha256'))
    .addColumn('published_at', 'text', notNull)
    .addColumn('published_by', 'integer', (c) => c.references('users.id'))
    .addColumn('correction_note', 'text')
    .addUniqueConstraint('published_versions_no', ['disclosure_id', 'version_no'])
    .execute();
  await s
    .createTable('published_cells')
    .addColumn('version_id', 'integer', (c) => c.notNull().references('published_versions.id'))
    .addColumn('seq', 'integer', notNull)
    .addColumn('table_id', 'text', notNull)
    .addColumn('table_title', 'text', notNull)
    .addColumn('row_key', 'text', notNull)
    .addColumn('column_key', 'text', notNull)
    .addColumn('value_fen', FEN)
    .addColumn('text', 'text', notNull)
    .addPrimaryKeyConstraint('published_cells_pk', ['version_id', 'seq'])
    .execute();
  await s
    .createTable('published_files')
    .addColumn('version_id', 'integer', (c) => c.notNull().references('published_versions.id'))
    .addColumn('format', 'text', notNull)
    .addColumn('blob_sha', 'text', (c) => c.notNull().references('blobs.sha256'))
    .addPrimaryKeyConstraint('published_files_pk', ['version_id', 'format'])
    .execute();

  await makeImmutable(db, dialect, 'published_versions', '已公开的版本');
  await makeImmutable(db, dialect, 'published_cells', '已公开版本的内容');
  await makeImmutable(db, dialect, 'published_files', '已公开版本的文件');
  await makeImmutable(db, dialect, 'audit_log', '审计日志');
}

function sqlIn(column: string, values: readonly string[]) {
  return sql.raw(`${column} IN (${values.map((v) => `'${v}'`).join(', ')})`);
}
