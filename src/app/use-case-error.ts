/**
 * Errors of the use cases of accounts, workflow, comments and public queries: a stable code, a kind
 * that shells map (HTTP status, exit code) and a Chinese message.
 */
export type UseCaseErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'locked'
  | 'rate_limited'
  | 'refused';

export class UseCaseError extends Error {
  constructor(
    readonly kind: UseCaseErrorKind,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'UseCaseError';
  }
}
