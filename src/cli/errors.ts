/**
 * Exit codes, the same for every command (documented in README):
 *   0  done, nothing wrong
 *   1  the data has errors: validation errors, error findings, a document with no readable table
 *   2  the tool could not do what was asked: a file missing, unreadable, over a limit, in the wrong
 *      encoding or type; the output could not be written (disk full, locked, would replace an input);
 *      a wrong option
 */
import { basename } from 'node:path';
import { FileReadError, LimitError } from '../io/limits.ts';
import { OutputError } from '../io/output-set.ts';

export const EXIT_OK = 0;
export const EXIT_DATA = 1;
export const EXIT_IO = 2;

/** A wrong option or argument (exit code 2). */
export class UsageError extends Error {}

/** The input could not be read at all (missing, wrong type or encoding) — exit code 2. */
export class InputError extends Error {}

export function exitCodeFor(e: unknown): number {
  if (
    e instanceof OutputError ||
    e instanceof LimitError ||
    e instanceof FileReadError ||
    e instanceof UsageError ||
    e instanceof InputError
  )
    return EXIT_IO;
  const code = (e as NodeJS.ErrnoException)?.code;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return EXIT_IO;
  const name = (e as Error)?.name;
  // the readers' own errors describe the document's content
  if (name === 'TextReadError' || name === 'XlsxReadError') return EXIT_DATA;
  return EXIT_IO;
}

/** The message of an error, never a stack or a host path beyond what the error chose to name. */
export function errorMessage(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  const path = (e as NodeJS.ErrnoException)?.path;
  if (code === 'ENOENT') return `找不到文件或目录${path ? ` ${basename(path)}` : ''}`;
  if (code === 'EACCES' || code === 'EPERM') return '没有读取或写入权限';
  if (code === 'EISDIR') return '需要文件，给出的是目录';
  return e instanceof Error ? e.message : String(e);
}
