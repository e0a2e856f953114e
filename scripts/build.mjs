#!/usr/bin/env node
/**
 * Compiles every TypeScript file under src/ to JavaScript under build/ (same tree: build/io/… sits
 * where src/io/… does relative to data/), so that the CLI and the server start without a
 * TypeScript loader. Files are transpiled one by one (no bundling: dynamic imports stay lazy);
 * relative `.ts` imports are rewritten to `.js`, packages stay external. Type checking is
 * `npm run typecheck`'s job, not this one's.
 *
 *   node scripts/build.mjs          (run by `npm install` through `prepare`, and by npm start/test)
 */
import { copyFileSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const out = join(root, 'build');
const tmp = join(root, `build.tmp-${process.pid}`);

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}
const isSource = (path) => /\.(ts|mts)$/.test(path) && !/\.d\.ts$/.test(path);

const rewriteImports = {
  name: 'rewrite-relative-ts-imports',
  setup(b) {
    // every relative import stays an import of the sibling compiled file
    b.onResolve({ filter: /^\.\.?\// }, (args) => ({
      path: args.path.replace(/\.ts$/, '.js').replace(/\.mts$/, '.mjs'),
      external: true,
    }));
  },
};

const started = Date.now();
const all = files(src);
const entryPoints = all.filter(isSource);
rmSync(tmp, { recursive: true, force: true });
await build({
  entryPoints,
  outdir: tmp,
  outbase: src,
  bundle: true, // needed for onResolve; every import is external, so each file is compiled alone
  packages: 'external',
  plugins: [rewriteImports],
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
});
// other files under src/ (templates, styles, SQL) are read next to the code that uses them
const assets = all.filter((f) => !isSource(f));
for (const f of assets) {
  const to = join(tmp, relative(src, f));
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(f, to);
}
writeFileSync(join(tmp, 'package.json'), '{ "type": "module" }\n');
writeFileSync(join(tmp, 'BUILT'), `${new Date().toISOString()}\n`);
// replace build/ in one step, so a half-written build is never run
rmSync(out, { recursive: true, force: true });
renameSync(tmp, out);
console.error(`mingzhang: compiled ${entryPoints.length} files (and copied ${assets.length} others) from ${relative(root, src)}/ to ${relative(root, out)}/ in ${Date.now() - started} ms`);
