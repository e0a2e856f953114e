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

type Kind = 'int' | 'text';
type Kinds<T> = { [C in keyof Required<T>]-?: Kind };

/** Every server table and column with its storage class; tsc keeps it equal to ServerTables, a test to the migrations. */
export const SERVER_COLUMNS: { [T in keyof ServerTables]: Kinds<ServerTables[T]> } = {
  sessions: {
    id_sha: 'text',
    user_id: 'int',
    csrf_token: 'text',
    created_at: 'text',
    last_seen_at: 'text',
    expires_at: 'text',
    ip: 'text',
  },
  api_tokens: {
    id: 'int',
    token_sha: 'text',
    role_code: 'text',
    label: 'text',
    org_code: 'text',
    created_by: 'int',
    created_at: 'text',
    expires_at: 'text',
    revoked_at: 'text',
  },
  login_throttle: { key: 'text', failures: 'int', window_start: 'text', locked_until: 'text' },
  warning_acks: { id: 'int', disclosure_id: 'int', finding_key: 'text', reason: 'text', user_id: 'int', at: 'text' },
  secrecy_reviews: { id: 'int', disclosure_id: 'int', revision_id: 'int', user_id: 'int', note: 'text', at: 'text' },
  approvals: { disclosure_id: 'int', approved_on: 'text', document_no: 'text', user_id: 'int', at: 'text' },
  deadlines: {
    id: 'int',
    region_code: 'text',
    year: 'int',
    kind: 'text',
    stage: 'text',
    due_on: 'text',
    set_by: 'int',
    at: 'text',
  },
};
