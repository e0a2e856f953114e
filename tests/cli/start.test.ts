/**
 * How the CLI starts: from the compiled build/ (built by the global setup, as `npm ci`/`npm start`
 * build it), loading only the packages the command needs; from the TypeScript sources, with a
 * notice, when build/ is missing.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../generate/seed-fixture.ts';

const BIN = join(ROOT, 'bin/mingzhang.js');
const EX = join(ROOT, 'examples/hetang-zfb-2024-budget/source.json');

/** Runs the CLI with Node's ESM loader tracing on; returns the packages it imported. */
function traced(bin: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, CI: '1', NODE_DEBUG: 'esm' },
  });
  const packages = new Set([...r.stderr.matchAll(/node_modules\/((?:@[^/'"\s]+\/)?[^/'"\s]+)/g)].map((m) => m[1]));
  return { code: r.status, out: r.stdout, err: r.stderr, packages };
}

describe('CLI start', () => {
  it('runs the compiled JavaScript, not the TypeScript sources', () => {
    const r = traced(BIN, '--version');
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe('0.1.0');
    expect(r.err).toContain('build/cli/main.js');
    expect(r.err).not.toContain('src/cli/main.ts');
    expect(r.packages.has('tsx')).toBe(false);
    expect(r.err).not.toContain('尚未编译');
  });

  it('loads no heavy library for --help', () => {
    const r = traced(BIN, '--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('generate');
    expect([...r.packages]).toEqual(['commander']);
  });

  it('loads ExcelJS for a workbook but not for JSON output, and pdfjs for neither', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mz-start-'));
    const json = traced(BIN, 'generate', EX, '--out', dir, '--format', 'json');
    expect(json.code).toBe(0);
    expect(json.packages.has('zod')).toBe(true);
    expect(json.packages.has('exceljs')).toBe(false);
    expect(json.packages.has('pdfjs-dist')).toBe(false);
    const xlsx = traced(BIN, 'generate', EX, '--out', dir, '--format', 'xlsx');
    expect(xlsx.code).toBe(0);
    expect(xlsx.packages.has('exceljs')).toBe(true);
    expect(xlsx.packages.has('pdfjs-dist')).toBe(false);
  });

  it('falls back to the TypeScript sources, saying so, when build/ is missing', () => {
    // a checkout without build/: the same sources, data and packages, linked
    const root = mkdtempSync(join(tmpdir(), 'mz-nodist-'));
    mkdirSync(join(root, 'bin'));
    copyFileSync(BIN, join(root, 'bin/mingzhang.js'));
    for (const d of ['src', 'data', 'examples', 'node_modules', 'package.json'])
      symlinkSync(join(ROOT, d), join(root, d));
    const r = spawnSync(process.execPath, [join(root, 'bin/mingzhang.js'), 'validate', EX], {
      encoding: 'utf8',
      env: { ...process.env, CI: '1' },
    });
    expect(r.stderr).toContain('尚未编译（build/ 不存在）');
    expect(r.stderr).toContain('npm run build');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('支出合计 559.57 万元');
    expect(readFileSync(join(root, 'bin/mingzhang.js'), 'utf8')).toBe(readFileSync(BIN, 'utf8'));
  });
});
