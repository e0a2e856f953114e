/**
 * No value from an input becomes a path: every id-like field (templateSet in source JSON and
 * workbook, parse --template, a package JSON's templateSet, scoring ids, unit codes) is looked up
 * among data/'s own files, and the errors reveal neither host paths nor file contents.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { dataFile } from '../../src/io/data-registry.ts';
import { loadScoringConfig } from '../../src/io/scoring-files.ts';
import { loadTemplateSet, TEMPLATE_DIR } from '../../src/io/template-files.ts';
import { ROOT } from '../generate/seed-fixture.ts';

const BIN = join(ROOT, 'bin/mingzhang.js');
const EX = join(ROOT, 'examples/hetang-zfb-2024-budget');

// a file an attacker would like opened: valid JSON, a secret inside, beside the template folder and in /tmp
const SECRET = 'TOPSECRET-4f1a';
const outside = mkdtempSync(join(tmpdir(), 'mz-secret-'));
writeFileSync(join(outside, 'secret.json'), JSON.stringify({ id: 'secret', token: SECRET }));
const fromTemplates = relative(TEMPLATE_DIR, join(outside, 'secret'));

const PAYLOADS = [
  fromTemplates,
  join(outside, 'secret'),
  `hunan-2024-budget/../${fromTemplates}`,
  '../rules/hunan-2024-budget',
  '../../package',
  '..\\..\\package',
  'hunan-2024-budget\u0000',
  '%2e%2e%2fpackage',
  '/etc/passwd',
  'hunan-2024-budget.json',
  ' hunan-2024-budget',
];

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, CI: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr, all: r.stdout + r.stderr };
}

function expectNothingLeaked(text: string): void {
  expect(text).not.toContain(SECRET);
  expect(text).not.toContain(outside);
  expect(text).not.toContain(ROOT);
  expect(text).not.toMatch(/root:x:0/);
}

describe('ids are looked up, never joined into paths', () => {
  it('loadTemplateSet and loadScoringConfig refuse every payload with "找不到", naming no path', () => {
    for (const p of PAYLOADS) {
      expect(dataFile('templates', p)).toBeUndefined();
      let msg = '';
      try {
        loadTemplateSet(p);
      } catch (e) {
        msg = (e as Error).message;
      }
      expect(msg).toMatch(/^找不到报表模板集“/);
      expectNothingLeaked(msg);
      expect(msg).not.toContain('\u0000');
      expect(() => loadScoringConfig(p)).toThrow(/^找不到评分规则“/);
    }
    expect(loadTemplateSet('hunan-2024-budget').id).toBe('hunan-2024-budget');
  });

  it('source.json templateSet: validate and generate refuse it as a located error (exit 1)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mz-trav-'));
    const src = JSON.parse(readFileSync(join(EX, 'source.json'), 'utf8'));
    for (const p of PAYLOADS.slice(0, 3)) {
      src.templateSet = p;
      const f = join(dir, 'source.json');
      writeFileSync(f, JSON.stringify(src));
      const v = run('validate', f);
      expect(v.code).toBe(1);
      expect(v.out).toContain('[错误] source.json，templateSet：未知的报表模板集');
      expectNothingLeaked(v.all);
      const g = run('generate', f, '--out', join(dir, 'out'));
      expect(g.code).toBe(1);
      expectNothingLeaked(g.all);
    }
  });

  it('workbook templateSet: refused with its location', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mz-trav-'));
    const f = join(dir, 'source.xlsx');
    copyFileSync(join(EX, 'source.xlsx'), f);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(f);
    const ws = wb.getWorksheet('基本信息');
    let hit = false;
    ws?.eachRow((row) => {
      row.eachCell((cell) => {
        if (cell.text === 'hunan-2024-budget') {
          cell.value = fromTemplates;
          hit = true;
        }
      });
    });
    expect(hit).toBe(true);
    await wb.xlsx.writeFile(f);
    const v = run('validate', f);
    expect(v.code).toBe(1);
    expect(v.out).toMatch(/source\.xlsx，工作表“基本信息”.*未知的报表模板集/);
    expectNothingLeaked(v.all);
  });

  it('parse --template and a package JSON’s templateSet go nowhere', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mz-trav-'));
    for (const p of [fromTemplates, join(outside, 'secret'), '../../package']) {
      const r = run('parse', join(dir, 'nothing.txt'), '--template', p);
      expect(r.code).not.toBe(0);
      expectNothingLeaked(r.all);
      writeFileSync(join(dir, 'nothing.txt'), '收支总表\n');
      const r2 = run('parse', join(dir, 'nothing.txt'), '--template', p);
      expect(r2.code).toBe(2);
      expect(r2.err).toContain('找不到报表模板集');
      expectNothingLeaked(r2.all);
    }
    const pkg = { format: 'mingzhang-package', templateSet: fromTemplates };
    writeFileSync(join(dir, 'pkg.json'), JSON.stringify(pkg));
    const c = run('check', join(dir, 'pkg.json'));
    expect(c.code).not.toBe(0);
    expectNothingLeaked(c.all);
  });
});
