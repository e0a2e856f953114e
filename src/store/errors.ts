/** Errors the store raises with a stable code, so shells can map them (HTTP 409, exit codes). */
export class StoreError extends Error {
  constructor(
    readonly code: 'conflict' | 'not_found' | 'immutable' | 'invalid',
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

/** The optimistic version check failed: someone else changed the disclosure first. */
export class ConflictError extends StoreError {
  constructor(
    readonly expected: number,
    readonly actual: number | undefined,
  ) {
    super(
      'conflict',
      `冲突：该公开事项已被他人修改（您编辑的是第 ${expected} 版，当前为第 ${actual ?? '？'} 版），请重新打开后再保存`,
    );
  }
}
