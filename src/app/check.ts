/**
 * Checking from the store: a revision's package against the rule catalogs → a stored check run
 * with its findings.
 */
import type { Finding } from '../core/findings/model.ts';
import { countBySeverity } from '../core/findings/model.ts';
import { applicableCatalogs, checkPackage } from '../core/rules/engine.ts';
import type { RuleCatalog } from '../core/rules/schema.ts';
import { loadRuleCatalogs } from '../io/rule-files.ts';
import { loadAllScoringConfigs } from '../io/scoring-files.ts';
import { StoreError } from '../store/errors.ts';
import { type AppContext, nowIso } from './context.ts';
import { generateRevision } from './generate.ts';
import { revisionSource } from './sources.ts';

export interface CheckResult {
  checkRunId: number;
  revisionId: number;
  packageSha: string;
  rules: number;
  counts: Record<'错误' | '警告' | '提示', number>;
  findings: Finding[];
}

let ruleCache: RuleCatalog[] | undefined;
let scoringCache: ReturnType<typeof loadAllScoringConfigs> | undefined;

export async function checkRevision(ctx: AppContext, revisionId: number): Promise<CheckResult> {
  const generated = await generateRevision(ctx, revisionId);
  const revision = await ctx.store.repos.mustGetRevision(revisionId);
  // codes the source introduced count as known; a document read back is checked against the bundled catalogs
  const catalogs = revision.origin === 'parsed' ? ctx.catalogs : revisionSource(ctx, revision).catalogs;
  ruleCache ??= loadRuleCatalogs();
  scoringCache ??= loadAllScoringConfigs();
  const applicable = applicableCatalogs(generated.pkg, ruleCache);
  if (applicable.length === 0) {
    throw new StoreError('invalid', `没有适用于报表模板集“${generated.pkg.templateSet}”的审核规则`);
  }
  const findings = checkPackage(generated.pkg, ruleCache, { catalogs, scoring: scoringCache });
  const counts = countBySeverity(findings);
  const rules = applicable.reduce((n, c) => n + c.rules.length, 0);
  const checkRunId = await ctx.store.transaction((t) =>
    t.addCheckRun(
      {
        revision_id: revisionId,
        package_sha: generated.packageSha,
        created_at: nowIso(ctx),
        rule_count: rules,
        error_count: counts.错误,
        warning_count: counts.警告,
        hint_count: counts.提示,
      },
      findings.map((f, seq) => ({
        seq,
        rule_id: f.ruleId,
        severity: f.severity,
        category: f.category,
        title: f.title,
        message: f.message,
        table_id: f.location.table ?? null,
        row_key: f.location.row ?? null,
        column_key: f.location.column ?? null,
        detail_json: JSON.stringify(f),
      })),
    ),
  );
  return { checkRunId, revisionId, packageSha: generated.packageSha, rules, counts, findings };
}
