/**
 * The database schema as Kysely types, one interface per table, plus COLUMNS: the same tables and
 * columns as a runtime value. The compiler forces COLUMNS to list exactly the columns of each
 * interface, and tests/store/schema.test.ts compares COLUMNS with the database that the
 * migrations build, on both dialects — so a schema change without a migration fails a test.
 *
 * Conventions (both dialects):
 *  - money columns end in `_fen`: SQLite INTEGER / PostgreSQL bigint, always read back as bigint;
 *  - every other integer (ids, counts, years, versions) is a JS number;
 *  - timestamps are ISO-8601 UTC text (`2026-01-31T08:00:00.000Z`), flags are integers 0/1;
 *  - blobs are Buffers (SQLite BLOB / PostgreSQL bytea).
 */
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type Id = Generated<number>;
type Fen = bigint;

export interface SchemaMigrationsTable {
  name: string;
  applied_at: string;
}

/** 本级财政: a region and its finance bureau. */
export interface RegionsTable {
  code: string;
  name: string;
  finance_bureau: string;
}

/** A department or a unit, by code; what changes per year lives in organisation_years. */
export interface OrganisationsTable {
  code: string;
  region_code: string | null;
  level: 'department' | 'unit';
  name: string;
}

/** An organisation as it was in one year: units appear, merge (successor_code) and disappear. */
export interface OrganisationYearsTable {
  org_code: string;
  year: number;
  name: string;
  /** 行政 / 事业 / 参公 (units only) */
  unit_kind: string | null;
  /** the department a unit belongs to that year */
  parent_code: string | null;
  /** set when the unit was merged into another the following year */
  successor_code: string | null;
}

/** One disclosure: an organisation × year × 预算/决算, with its template set and workflow state. */
export interface DisclosuresTable {
  id: Id;
  org_code: string;
  year: number;
  kind: '预算' | '决算';
  template_set: string;
  /** the workflow state name (the server's workflow data defines them); starts at 编制中 */
  workflow_state: string;
  /** optimistic-concurrency counter: every change of the disclosure increments it */
  version: number;
  current_revision_id: number | null;
  /** 1 when the source is derived from the department's units (部门汇总) */
  consolidated: number;
  created_at: string;
}

/** Every import or edit of a disclosure's source data; never updated. */
export interface SourceRevisionsTable {
  id: Id;
  disclosure_id: number;
  /** 1, 2, 3 … within the disclosure */
  number: number;
  origin: 'import' | 'edit' | 'consolidated' | 'parsed';
  /** the raw source document (the source JSON Schema's form) */
  source_json: string;
  source_sha: string;
  /** the original file's bytes, when the revision came from a file */
  blob_sha: string | null;
  file_name: string | null;
  created_by: number | null;
  created_at: string;
  /** validation issues (errors and warnings) as JSON */
  issues_json: string;
  /** for consolidated revisions: the unit revisions they were built from, as JSON [ids] */
  derived_from: string | null;
}

/** The line items of a revision, for queries across units (roll-ups, search). */
export interface SourceLinesTable {
  revision_id: number;
  line_no: number;
  unit_code: string;
  func: string;
  econ: string;
  category: string;
  fund: string;
  project: string | null;
  amount_fen: Fen;
}

/** Σ of a revision's line items by 功能分类 类 (func_class = first three digits), for roll-ups. */
export interface SourceClassTotalsTable {
  revision_id: number;
  func_class: string;
  amount_fen: Fen;
}

/** Σ of the current revisions' class totals per region × year × kind × 功能分类 类 (kept in step on every revision). */
export interface RegionClassTotalsTable {
  region_code: string;
  year: number;
  kind: string;
  func_class: string;
  amount_fen: Fen;
}

export interface BlobsTable {
  sha256: string;
  size: number;
  media_type: string;
  content: Buffer;
  created_at: string;
}

/** Generated packages, content-addressed by the sha256 of their canonical JSON. */
export interface PackagesTable {
  sha256: string;
  content: string;
  created_at: string;
}

/** Which package a revision generated. */
export interface GenerationsTable {
  revision_id: number;
  package_sha: string;
  generated_at: string;
}

/** Rendered files of a package, cached by package hash and format. */
export interface RenderedFilesTable {
  package_sha: string;
  format: string;
  blob_sha: string;
}

export interface CheckRunsTable {
  id: Id;
  revision_id: number;
  package_sha: string;
  created_at: string;
  rule_count: number;
  error_count: number;
  warning_count: number;
  hint_count: number;
}

export interface FindingsTable {
  id: Id;
  check_run_id: number;
  seq: number;
  rule_id: string;
  severity: '错误' | '警告' | '提示';
  category: string;
  title: string;
  message: string;
  table_id: string | null;
  row_key: string | null;
  column_key: string | null;
  /** the whole finding (lhs, rhs, bound, section …) as JSON */
  detail_json: string;
}

export interface UsersTable {
  id: Id;
  login: string;
  display_name: string;
  password_hash: string | null;
  created_at: string;
  disabled: ColumnType<number, number | undefined, number>;
}

export interface RolesTable {
  code: string;
  name: string;
}

/** A user's role scoped to an organisation (unit, department) or a region. */
export interface MembershipsTable {
  id: Id;
  user_id: number;
  role_code: string;
  org_code: string | null;
  region_code: string | null;
}

export interface WorkflowEventsTable {
  id: Id;
  disclosure_id: number;
  from_state: string;
  to_state: string;
  action: string;
  actor_id: number | null;
  comment: string | null;
  at: string;
}

/** A reviewer's comment on a table, a row, a cell (table+row+column) or a finding. */
export interface CommentsTable {
  id: Id;
  disclosure_id: number;
  revision_id: number | null;
  table_id: string | null;
  row_key: string | null;
  column_key: string | null;
  finding_id: number | null;
  author_id: number;
  body: string;
  created_at: string;
  resolved_at: string | null;
  resolved_by: number | null;
}

/** Append-only: the database refuses UPDATE and DELETE. */
export interface AuditLogTable {
  id: Id;
  at: string;
  actor_id: number | null;
  action: string;
  subject_type: string;
  subject_id: string;
  detail_json: string;
}

/** Immutable (database triggers). 已更正 = a later version_no of the same disclosure exists. */
export interface PublishedVersionsTable {
  id: Id;
  disclosure_id: number;
  version_no: number;
  revision_id: number;
  package_sha: string;
  published_at: string;
  published_by: number | null;
  /** 更正说明, required for version_no > 1 */
  correction_note: string | null;
}

/** Immutable: every cell of a published package. */
export interface PublishedCellsTable {
  version_id: number;
  seq: number;
  table_id: string;
  table_title: string;
  row_key: string;
  column_key: string;
  value_fen: Fen | null;
  text: string;
}

/** Immutable: the rendered files of a published version. */
export interface PublishedFilesTable {
  version_id: number;
  format: string;
  blob_sha: string;
}

export interface Database {
  schema_migrations: SchemaMigrationsTable;
  regions: RegionsTable;
  organisations: OrganisationsTable;
  organisation_years: OrganisationYearsTable;
  disclosures: DisclosuresTable;
  source_revisions: SourceRevisionsTable;
  source_lines: SourceLinesTable;
  source_class_totals: SourceClassTotalsTable;
  region_class_totals: RegionClassTotalsTable;
  blobs: BlobsTable;
  packages: PackagesTable;
  generations: GenerationsTable;
  rendered_files: RenderedFilesTable;
  check_runs: CheckRunsTable;
  findings: FindingsTable;
  users: UsersTable;
  roles: RolesTable;
  memberships: MembershipsTable;
  workflow_events: WorkflowEventsTable;
  comments: CommentsTable;
  audit_log: AuditLogTable;
  published_versions: PublishedVersionsTable;
  published_cells: PublishedCellsTable;
  published_files: PublishedFilesTable;
}

export type Row<T extends keyof Database> = Selectable<Database[T]>;
export type NewRow<T extends keyof Database> = Insertable<Database[T]>;

/** Storage class of a column, as the schema test compares it with the database. */
export type ColumnKind = 'int' | 'fen' | 'text' | 'blob';
type Kinds<T> = { [C in keyof Required<T>]-?: ColumnKind };

/** Every table and column of Database with its storage class; tsc keeps it equal to the interfaces. */
export const COLUMNS: { [T in keyof Database]: Kinds<Database[T]> } = {
  schema_migrations: { name: 'text', applied_at: 'text' },
  regions: { code: 'text', name: 'text', finance_bureau: 'text' },
  organisations: { code: 'text', region_code: 'text', level: 'text', name: 'text' },
  organisation_years: {
    org_code: 'text',
    year: 'int',
    name: 'text',
    unit_kind: 'text',
    parent_code: 'text',
    successor_code: 'text',
  },
  disclosures: {
    id: 'int',
    org_code: 'text',
    year: 'int',
    kind: 'text',
    template_set: 'text',
    workflow_state: 'text',
    version: 'int',
    current_revision_id: 'int',
    consolidated: 'int',
    created_at: 'text',
  },
  source_revisions: {
    id: 'int',
    disclosure_id: 'int',
    number: 'int',
    origin: 'text',
    source_json: 'text',
    source_sha: 'text',
    blob_sha: 'text',
    file_name: 'text',
    created_by: 'int',
    created_at: 'text',
    issues_json: 'text',
    derived_from: 'text',
  },
  source_lines: {
    revision_id: 'int',
    line_no: 'int',
    unit_code: 'text',
    func: 'text',
    econ: 'text',
    category: 'text',
    fund: 'text',
    project: 'text',
    amount_fen: 'fen',
  },
  source_class_totals: { revision_id: 'int', func_class: 'text', amount_fen: 'fen' },
  region_class_totals: { region_code: 'text', year: 'int', kind: 'text', func_class: 'text', amount_fen: 'fen' },
  blobs: { sha256: 'text', size: 'int', media_type: 'text', content: 'blob', created_at: 'text' },
  packages: { sha256: 'text', content: 'text', created_at: 'text' },
  generations: { revision_id: 'int', package_sha: 'text', generated_at: 'text' },
  rendered_files: { package_sha: 'text', format: 'text', blob_sha: 'text' },
  check_runs: {
    id: 'int',
    revision_id: 'int',
    package_sha: 'text',
    created_at: 'text',
    rule_count: 'int',
    error_count: 'int',
    warning_count: 'int',
    hint_count: 'int',
  },
  findings: {
    id: 'int',
    check_run_id: 'int',
    seq: 'int',
    rule_id: 'text',
    severity: 'text',
    category: 'text',
    title: 'text',
    message: 'text',
    table_id: 'text',
    row_key: 'text',
    column_key: 'text',
    detail_json: 'text',
  },
  users: { id: 'int', login: 'text', display_name: 'text', password_hash: 'text', created_at: 'text', disabled: 'int' },
  roles: { code: 'text', name: 'text' },
  memberships: { id: 'int', user_id: 'int', role_code: 'text', org_code: 'text', region_code: 'text' },
  workflow_events: {
    id: 'int',
    disclosure_id: 'int',
    from_state: 'text',
    to_state: 'text',
    action: 'text',
    actor_id: 'int',
    comment: 'text',
    at: 'text',
  },
  comments: {
    id: 'int',
    disclosure_id: 'int',
    revision_id: 'int',
    table_id: 'text',
    row_key: 'text',
    column_key: 'text',
    finding_id: 'int',
    author_id: 'int',
    body: 'text',
    created_at: 'text',
    resolved_at: 'text',
    resolved_by: 'int',
  },
  audit_log: {
    id: 'int',
    at: 'text',
    actor_id: 'int',
    action: 'text',
    subject_type: 'text',
    subject_id: 'text',
    detail_json: 'text',
  },
  published_versions: {
    id: 'int',
    disclosure_id: 'int',
    version_no: 'int',
    revision_id: 'int',
    package_sha: 'text',
    published_at: 'text',
    published_by: 'int',
    correction_note: 'text',
  },
  published_cells: {
    version_id: 'int',
    seq: 'int',
    table_id: 'text',
    table_title: 'text',
    row_key: 'text',
    column_key: 'text',
    value_fen: 'fen',
    text: 'text',
  },
  published_files: { version_id: 'int', format: 'text', blob_sha: 'text' },
};

/** Tables whose rows the database refuses to UPDATE or DELETE. */
export const IMMUTABLE_TABLES = ['published_versions', 'published_cells', 'published_files', 'audit_log'] as const;
