/** Kysely types of the tables of migration 0500 (sessions, tokens, workflow extras), next to the store's Database. */
import type { Generated, Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import type { AppContext } from './context.ts';

export type ServerTables = {
  sessions: {
    id_sha: string;
    user_id: number;
    csrf_token: string;
    created_at: string;
    last_seen_at: string;
    expires_at: string;
    ip: string | null;
  };
  api_tokens: {
    id: Generated<number>;
    token_sha: string;
    role_code: string;
    label: string;
    org_code: string | null;
    created_by: number | null;
    created_at: string;
    expires_at: string | null;
    revoked_at: string | null;
  };
  login_throttle: { key: string; failures: number; window_start: string; locked_until: string | null };
  warning_acks: {
    id: Generated<number>;
    disclosure_id: number;
    finding_key: string;
    reason: string;
    user_id: number | null;
    at: string;
  };
  secrecy_reviews: {
    id: Generated<number>;
    disclosure_id: number;
    revision_id: number;
    user_id: number | null;
    note: string | null;
    at: string;
  };
  approvals: {
    disclosure_id: number;
    approved_on: string;
    document_no: string | null;
    user_id: number | null;
    at: string;
  };
  deadlines: {
    id: Generated<number>;
    region_code: string | null;
    year: number;
    kind: string;
    stage: string;
    due_on: string;
    set_by: number | null;
    at: string;
  };
};

export type ServerDb = Kysely<Database & ServerTables>;

export function sdb(ctx: AppContext): ServerDb {
  return ctx.store.db.withTables<ServerTables>();
}
