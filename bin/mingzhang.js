#!/usr/bin/env node
// Runs the compiled CLI (build/, built by `node scripts/build.mjs`: `npm ci` runs it as `prepare`,
// `npm start` and `npm run test:all` run it first). When build/ is missing or older than a file
// under src/, it says so and runs the TypeScript sources through tsx instead, slower but current.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'build', 'BUILT');
const compiled = join(root, 'build', 'cli', 'main.js');

/** The newest modification time under src/, or 0 when src/ is absent (an installed package). */
function newestSource(dir) {
  let newest = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const path = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function compiledIsCurrent() {
  if (!existsSync(compiled) || !existsSync(built)) return 'missing';
  return newestSource(join(root, 'src')) > statSync(built).mtimeMs ? 'stale' : 'current';
}

const state = compiledIsCurrent();
if (state === 'current') {
  await import(pathToFileURL(compiled).href);
} else {
  process.stderr.write(
    `mingzhang：${state === 'missing' ? '尚未编译（build/ 不存在）' : 'build/ 比 src/ 中的源文件旧'}，` +
      '本次经 tsx 直接运行 TypeScript 源代码（启动较慢）；运行 npm run build 编译后即可快速启动。\n',
  );
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'src', 'cli', 'main.ts')).href);
}
