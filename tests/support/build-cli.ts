/**
 * vitest global setup: compile src/ to build/ before the tests, so that the tests that spawn
 * bin/mingzhang.js run the compiled CLI of the sources under test (the tests that import modules
 * run the TypeScript sources themselves).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export default function setup(): void {
  execFileSync(process.execPath, [join(import.meta.dirname, '../../scripts/build.mjs')], { stdio: 'inherit' });
}
