/**
 * The repository interface: every read and write the use cases make, dialect-neutral. One
 * instance wraps either the database or one transaction (Store.transaction).
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Dialect } from './ddl.ts';
import { ConflictError, StoreError } from './errors.ts';
import type { Database, NewRow, Row } from './schema.ts';

export const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

/** Rows per multi-row INSERT: well inside both dialects' bound-parameter limits. */
const CHUNK = 400;

export class Repositories {
  constructor(
    readonly db: Kysely<Database>,
    readonly dialect: Dialect,
  ) {}

  // ── blobs ────────────────────────────────────────────────────────────────────────────────

  /** Store bytes by sha256 (no-op when present); returns the hash. */
  async putBlob(content: Buffer, mediaType: string, at: string): Promise<string> {
    const hash = sha256(content);
    await this.db
      .insertInto('blobs')
      .values({ sha256: hash, size: content.length, media_type: mediaType, content, created_at: at })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .execute();
    return hash;
  }

  async getBlob(hash: string): Promise<Row<'blobs'> | undefined> {
    const row = await this.db.selectFrom('blobs').selectAll().where('sha256', '=', hash).executeTakeFirst();
    return row ? { ...row, content: Buffer.from(row.content) } : undefined;
  }

  // ── regions and organisations ────────────────────────────────────────────────────────────

  async upsertRegion(r: NewRow<'regions'>): Promise<void> {
    await this.db
      .insertInto('regions')
      .values(r)
      .onConflict((oc) => oc.column('code').doUpdateSet({ name: r.name, finance_bureau: r.finance_bureau }))
      .execute();
  }

  async getRegion(code: string) {
    return this.db.selectFrom('regions').selectAll().where('code', '=', code).executeTakeFirst();
  }

  async listRegions() {
    return this.db.selectFrom('regions').selectAll().orderBy('code').execute();
  }

  /** Create or rename an organisation and record how it was in `year`. */
  async upsertOrganisation(org: NewRow<'organisations'>, year: Omit<NewRow<'organisation_years'>, 'org_code'>) {
    await this.db
      .insertInto('organisations')
      .values(org)
      .onConflict((oc) =>
        oc.column('code').doUpdateSet({ name: org.name, region_code: org.region_code ?? null, level: org.level }),
      )
      .execute();
    const y = { ...year, org_code: org.code };
    await this.db
      .insertInto('organisation_years')
      .values(y)
      .onConflict((oc) =>
        oc.columns(['org_code', 'year']).doUpdateSet({
          name: y.name,
          unit_kind: y.unit_kind ?? null,
          parent_code: y.parent_code ?? null,
          successor_code: y.successor_code ?? null,
        }),
      )
      .execute();
  }

  async getOrganisation(code: string) {
    return this.db.selectFrom('organisations').selectAll().where('code', '=', code).executeTakeFirst();
  }

  async organisationYear(code: string, year: number) {
    return this.db
      .selectFrom('organisation_years')
      .selectAll()
      .where('org_code', '=', code)
      .where('year', '=', year)
      .executeTakeFirst();
  }

  /** The units of a department in a year, by code. */
  async unitsOf(departmentCode: string, year: number) {
    return this.db
      .selectFrom('organisation_years')
      .innerJoin('organisations', 'organisations.code', 'organisation_years.org_code')
      .selectAll('organisation_years')
      .where('organisation_years.parent_code', '=', departmentCode)
      .where('organisation_years.year', '=', year)
      .where('organisations.level', '=', 'unit')
      .orderBy('organisation_years.org_code')
      .execute();
  }

  async listOrganisations(filter: { regionCode?: string; level?: 'department' | 'unit' } = {}) {
    let q = this.db.selectFrom('organisations').selectAll();
    if (filter.regionCode) q = q.where('region_code', '=', filter.regionCode);
    if (filter.level) q = q.where('level', '=', filter.level);
    return q.orderBy('code').execute();
  }

  // ── disclosures ──────────────────────────────────────────────────────────────────────────

  async findDisclosure(orgCode: string, year: number, kind: '预算' | '决算') {
    return this.db
      .selectFrom('disclosures')
      .selectAll()
      .where('org_code', '=', orgCode)
      .where('year', '=', year)
      .where('kind', '=', kind)
      .executeTakeFirst();
  }

  async getDisclosure(id: number) {
    return this.db.selectFrom('disclosures').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async mustGetDisclosure(id: number) {
    const d = await this.getDisclosure(id);
    if (!d) throw new StoreError('not_found', `公开事项 ${id} 不存在`);
    return d;
  }

  async listDisclosures(filter: { year?: number; kind?: '预算' | '决算'; orgCode?: string } = {}) {
    let q = this.db.selectFrom('disclosures').selectAll();
    if (filter.year !== undefined) q = q.where('year', '=', filter.year);
    if (filter.kind) q = q.where('kind', '=', filter.kind);
    if (filter.orgCode) q = q.where('org_code', '=', filter.orgCode);
    return q.orderBy('org_code').orderBy('year').execute();
  }

  /** The disclosure of (org, year, kind), created when missing. */
  async ensureDisclosure(
    d: Pick<NewRow<'disclosures'>, 'org_code' | 'year' | 'kind' | 'template_set' | 'consolidated'>,
    at: string,
  ): Promise<Row<'disclosures'>> {
    const found = await this.findDisclosure(d.org_code, d.year, d.kind);
    if (found) return found;
    return this.db
      .insertInto('disclosures')
      .values({ ...d, workflow_state: '编制中', version: 0, created_at: at })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /**
   * Change a disclosure if nobody changed it since `expectedVersion` was read (optimistic
   * check); returns the new version. Throws ConflictError (冲突) otherwise.
   */
  async advanceDisclosure(
    id: number,
    expectedVersion: number,
    patch: Partial<Pick<Row<'disclosures'>, 'current_revision_id' | 'workflow_state' | 'template_set'>>,
  ): Promise<number> {
    const result = await this.db
      .updateTable('disclosures')
      .set({ ...patch, version: expectedVersion + 1 })
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) {
      const now = await this.getDisclosure(id);
      if (!now) throw new StoreError('not_found', `公开事项 ${id} 不存在`);
      throw new ConflictError(expectedVersion, now.version);
    }
    return expectedVersion + 1;
  }

  // ── source revisions and their lines ─────────────────────────────────────────────────────

  async addRevision(r: Omit<NewRow<'source_revisions'>, 'number'>): Promise<Row<'source_revisions'>> {
    const last = await this.db
      .selectFrom('source_revisions')
      .select((eb) => eb.fn.max('number').as('n'))
      .where('disclosure_id', '=', r.disclosure_id)
      .executeTakeFirst();
    const number = Number(last?.n ?? 0) + 1;
    return this.db
      .insertInto('source_revisions')
      .values({ ...r, number })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async getRevision(id: number) {
    return this.db.selectFrom('source_revisions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async mustGetRevision(id: number) {
    const r = await this.getRevision(id);
    if (!r) throw new StoreError('not_found', `源数据修订 ${id} 不存在`);
    return r;
  }

  /** Revisions of a disclosure, oldest first, without their (large) source JSON. */
  async listRevisions(disclosureId: number) {
    return this.db
      .selectFrom('source_revisions')
      .select([
        'id',
        'disclosure_id',
        'number',
        'origin',
        'source_sha',
        'blob_sha',
        'file_name',
        'created_by',
        'created_at',
        'issues_json',
        'derived_from',
      ])
      .where('disclosure_id', '=', disclosureId)
      .orderBy('number')
      .execute();
  }

  async addLines(rows: readonly NewRow<'source_lines'>[]): Promise<void> {
    for (let i = 0; i < rows.length; i += CHUNK) {
      await this.db
        .insertInto('source_lines')
        .values(rows.slice(i, i + CHUNK) as NewRow<'source_lines'>[])
        .execute();
    }
  }

  async addClassTotals(rows: readonly NewRow<'source_class_totals'>[]): Promise<void> {
    for (let i = 0; i < rows.length; i += CHUNK) {
      await this.db
        .insertInto('source_class_totals')
        .values(rows.slice(i, i + CHUNK) as NewRow<'source_class_totals'>[])
        .execute();
    }
  }

  async classTotalsOf(revisionId: number) {
    return this.db
      .selectFrom('source_class_totals')
      .selectAll()
      .where('revision_id', '=', revisionId)
      .orderBy('func_class')
      .execute();
  }

  /** Add signed amounts to a region's running class totals (in func_class order: no lock-order deadlocks). */
  async addToRegionTotals(
    key: { region_code: string; year: number; kind: string },
    deltas: ReadonlyMap<string, bigint>,
  ): Promise<void> {
    for (const func_class of [...deltas.keys()].sort()) {
      const delta = deltas.get(func_class)!;
      if (delta === 0n) continue;
      await this.db
        .insertInto('region_class_totals')
        .values({ ...key, func_class, amount_fen: delta })
        .onConflict((oc) =>
          oc
            .columns(['region_code', 'year', 'kind', 'func_class'])
            .doUpdateSet((eb) => ({ amount_fen: eb('region_class_totals.amount_fen', '+', delta) })),
        )
        .execute();
    }
  }

  async linesOf(revisionId: number) {
    return this.db
      .selectFrom('source_lines')
      .selectAll()
      .where('revision_id', '=', revisionId)
      .orderBy('line_no')
      .execute();
  }

  // ── packages, generations, rendered files ───────────────────────────────────────────────

  async putPackage(hash: string, content: string, at: string): Promise<void> {
    await this.db
      .insertInto('packages')
      .values({ sha256: hash, content, created_at: at })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .execute();
  }

  async getPackage(hash: string) {
    return this.db.selectFrom('packages').selectAll().where('sha256', '=', hash).executeTakeFirst();
  }

  async getGeneration(revisionId: number) {
    return this.db.selectFrom('generations').selectAll().where('revision_id', '=', revisionId).executeTakeFirst();
  }

  async putGeneration(g: NewRow<'generations'>): Promise<void> {
    await this.db
      .insertInto('generations')
      .values(g)
      .onConflict((oc) =>
        oc.column('revision_id').doUpdateSet({ package_sha: g.package_sha, generated_at: g.generated_at }),
      )
      .execute();
  }

  async getRendered(packageSha: string, format: string) {
    return this.db
      .selectFrom('rendered_files')
      .selectAll()
      .where('package_sha', '=', packageSha)
      .where('format', '=', format)
      .executeTakeFirst();
  }

  async putRendered(r: NewRow<'rendered_files'>): Promise<void> {
    await this.db
      .insertInto('rendered_files')
      .values(r)
      .onConflict((oc) => oc.columns(['package_sha', 'format']).doNothing())
      .execute();
  }

  // ── checks ───────────────────────────────────────────────────────────────────────────────

  async addCheckRun(
    run: NewRow<'check_runs'>,
    findings: readonly Omit<NewRow<'findings'>, 'check_run_id'>[],
  ): Promise<number> {
    const { id } = await this.db.insertInto('check_runs').values(run).returning('id').executeTakeFirstOrThrow();
    const rows = findings.map((f) => ({ ...f, check_run_id: id }));
    for (let i = 0; i < rows.length; i += CHUNK) {
      await this.db
        .insertInto('findings')
        .values(rows.slice(i, i + CHUNK))
        .execute();
    }
    return id;
  }

  async latestCheckRun(revisionId: number) {
    return this.db
      .selectFrom('check_runs')
      .selectAll()
      .where('revision_id', '=', revisionId)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  async findingsOf(checkRunId: number) {
    return this.db.selectFrom('findings').selectAll().where('check_run_id', '=', checkRunId).orderBy('seq').execute();
  }

  // ── published versions (immutable in the database) ──────────────────────────────────────

  async addPublishedVersion(
    v: NewRow<'published_versions'>,
    cells: readonly Omit<NewRow<'published_cells'>, 'version_id'>[],
    files: readonly Omit<NewRow<'published_files'>, 'version_id'>[],
  ): Promise<Row<'published_versions'>> {
    const row = await this.db.insertInto('published_versions').values(v).returningAll().executeTakeFirstOrThrow();
    const cellRows = cells.map((c) => ({ ...c, version_id: row.id }));
    for (let i = 0; i < cellRows.length; i += CHUNK) {
      await this.db
        .insertInto('published_cells')
        .values(cellRows.slice(i, i + CHUNK))
        .execute();
    }
    if (files.length > 0) {
      await this.db
        .insertInto('published_files')
        .values(files.map((f) => ({ ...f, version_id: row.id })))
        .execute();
    }
    return row;
  }

  /** Published versions of a disclosure, oldest first. */
  async publishedVersions(disclosureId: number) {
    return this.db
      .selectFrom('published_versions')
      .selectAll()
      .where('disclosure_id', '=', disclosureId)
      .orderBy('version_no')
      .execute();
  }

  async getPublishedVersion(id: number) {
    return this.db.selectFrom('published_versions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async publishedCells(versionId: number, tableId?: string) {
    let q = this.db.selectFrom('published_cells').selectAll().where('version_id', '=', versionId);
    if (tableId) q = q.where('table_id', '=', tableId);
    return q.orderBy('seq').execute();
  }

  async publishedFiles(versionId: number) {
    return this.db.selectFrom('published_files').selectAll().where('version_id', '=', versionId).execute();
  }

  // ── users, roles, memberships ────────────────────────────────────────────────────────────

  async addUser(u: NewRow<'users'>): Promise<Row<'users'>> {
    return this.db.insertInto('users').values(u).returningAll().executeTakeFirstOrThrow();
  }

  async userByLogin(login: string) {
    return this.db.selectFrom('users').selectAll().where('login', '=', login).executeTakeFirst();
  }

  async getUser(id: number) {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async listRoles() {
    return this.db.selectFrom('roles').selectAll().orderBy('code').execute();
  }

  async addMembership(m: NewRow<'memberships'>): Promise<number> {
    const { id } = await this.db.insertInto('memberships').values(m).returning('id').executeTakeFirstOrThrow();
    return id;
  }

  async membershipsOf(userId: number) {
    return this.db.selectFrom('memberships').selectAll().where('user_id', '=', userId).orderBy('id').execute();
  }

  // ── workflow events, comments, audit log ────────────────────────────────────────────────

  async addWorkflowEvent(e: NewRow<'workflow_events'>): Promise<number> {
    const { id } = await this.db.insertInto('workflow_events').values(e).returning('id').executeTakeFirstOrThrow();
    return id;
  }

  async workflowEvents(disclosureId: number) {
    return this.db
      .selectFrom('workflow_events')
      .selectAll()
      .where('disclosure_id', '=', disclosureId)
      .orderBy('id')
      .execute();
  }

  async addComment(c: NewRow<'comments'>): Promise<Row<'comments'>> {
    return this.db.insertInto('comments').values(c).returningAll().executeTakeFirstOrThrow();
  }

  async commentsOf(disclosureId: number) {
    return this.db.selectFrom('comments').selectAll().where('disclosure_id', '=', disclosureId).orderBy('id').execute();
  }

  async resolveComment(id: number, by: number, at: string): Promise<boolean> {
    const r = await this.db
      .updateTable('comments')
      .set({ resolved_at: at, resolved_by: by })
      .where('id', '=', id)
      .where('resolved_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async audit(entry: {
    at: string;
    actorId?: number | null;
    action: string;
    subjectType: string;
    subjectId: string | number;
    detail?: unknown;
  }): Promise<void> {
    await this.db
      .insertInto('audit_log')
      .values({
        at: entry.at,
        actor_id: entry.actorId ?? null,
        action: entry.action,
        subject_type: entry.subjectType,
        subject_id: String(entry.subjectId),
        detail_json: JSON.stringify(entry.detail ?? {}),
      })
      .execute();
  }

  async auditLog(filter: { subjectType?: string; subjectId?: string | number } = {}) {
    let q = this.db.selectFrom('audit_log').selectAll();
    if (filter.subjectType) q = q.where('subject_type', '=', filter.subjectType);
    if (filter.subjectId !== undefined) q = q.where('subject_id', '=', String(filter.subjectId));
    return q.orderBy('id').execute();
  }
}
