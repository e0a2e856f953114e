/**
 * LibreOffice for the tests that open generated workbooks with it: its path, and whether a test
 * may skip when it is missing (never when MINGZHANG_REQUIRE_ALL is set, as CI does).
 */
import { execFileSync } from 'node:child_process';

export function findSoffice(): string | null {
  try {
    const path = execFileSync('which', ['soffice'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return path === '' ? null : path;
  } catch {
    return null;
  }
}

export const SOFFICE = findSoffice();
export const REQUIRE_ALL =
  (process.env.MINGZHANG_REQUIRE_ALL ?? '') !== '' && process.env.MINGZHANG_REQUIRE_ALL !== '0';
