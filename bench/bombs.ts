/**
 * Hostile inputs through the real CLI: each must be refused in < 5 s and < 300 MB (issue 17).
 * Prints wall time and peak RSS (from /usr/bin/time) per input, the exit code and the message,
 * and the ratio to the goal. Also the memory of reading a real 3.6 MB PDF against a small one,
 * which should grow with the PDF, not start at hundreds of MB.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  pdfContentBomb,
  pdfImageBomb,
  pdfWith,
  xlsxBomb,
  xlsxStrayCell,
  zipManyEntries,
} from '../tests/support/bombs.ts';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin/mingzhang.js');
const dir = mkdtempSync(join(tmpdir(), 'mz-bench-bombs-'));

const src = JSON.parse(readFileSync(join(ROOT, 'examples/hetang-zfb-2024-budget/source.json'), 'utf8'));
const longName = { ...src, units: [{ ...src.units[0], name: '单'.repeat(40_000) }, ...src.units.slice(1)] };
const bigAmount = JSON.stringify(src).replace(/"amount":\s*"881100"/, '"amount": 9007199254740993');

const inputs: Array<[string, string, string | Buffer | (() => void)]> = [
  ['parse', 'xlsx-bomb-400MB.xlsx', await xlsxBomb(400)],
  ['parse', 'xlsx-bomb-lying-header.xlsx', await xlsxBomb(400, true)],
  ['validate', 'source-bomb-400MB.xlsx', await xlsxBomb(400)],
  ['parse', 'xlsx-stray-row-1000000.xlsx', xlsxStrayCell(1_000_000)],
  ['parse', 'xlsx-3000-entries.xlsx', zipManyEntries(3_000)],
  ['parse', 'pdf-content-bomb-1GB.pdf', await pdfContentBomb(1024)],
  ['parse', 'pdf-image-100000x100000.pdf', pdfImageBomb(100_000, 100_000)],
  ['parse', 'pdf-2000-pages.pdf', pdfWith({ content: Buffer.from('BT ET', 'latin1'), pages: 2_000 })],
  ['parse', 'text-one-line-50MB.txt', Buffer.alloc(50 * 1024 * 1024, 0x41)],
  ['parse', 'text-200MB.txt', () => truncateSync(join(dir, 'text-200MB.txt'), 200 * 1024 * 1024)],
  ['validate', 'source-200MB.json', () => truncateSync(join(dir, 'source-200MB.json'), 200 * 1024 * 1024)],
  ['validate', 'source-name-40000.json', JSON.stringify(longName)],
  ['validate', 'source-amount-2^53+1.json', bigAmount],
];

function measure(cmd: string, file: string) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, BIN, cmd, file], {
    encoding: 'utf8',
    env: { ...process.env, CI: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const lines = r.stderr.trim().split('\n');
  const [secs = 'NaN', kb = 'NaN'] = (lines.pop() ?? '').split(' ');
  const all = [...lines, ...r.stdout.split('\n')];
  const msg = all.find((l) => l.startsWith('错误') || l.startsWith('[错误]')) ?? '';
  return { code: r.status, secs: Number(secs), mb: Number(kb) / 1024, msg };
}

const start = measure('--version', '');
console.log('\n== hostile inputs (goal: refused in < 5 s and < 300 MB) ==');
console.log(
  `CLI start alone (mingzhang --version, through tsx): ${start.secs.toFixed(2)} s, ${start.mb.toFixed(0)} MB`,
);
let worst = { secs: 0, mb: 0 };
for (const [cmd, name, content] of inputs) {
  const f = join(dir, name);
  if (typeof content === 'function') {
    writeFileSync(f, '');
    content();
  } else writeFileSync(f, content);
  const m = measure(cmd, f);
  worst = { secs: Math.max(worst.secs, m.secs), mb: Math.max(worst.mb, m.mb) };
  console.log(
    `${name.padEnd(30)} ${cmd.padEnd(8)} exit ${m.code}  ${m.secs.toFixed(2)} s (net of start ${(m.secs - start.secs).toFixed(2)} s; ${((m.secs / 5) * 100).toFixed(0)} % of 5 s)  ${m.mb.toFixed(0)} MB (${((m.mb / 300) * 100).toFixed(0)} % of 300 MB)  ${m.msg.slice(0, 90)}`,
  );
}
console.log(`worst: ${worst.secs.toFixed(2)} s, ${worst.mb.toFixed(0)} MB`);

console.log('\n== memory of reading PDFs (grows with the PDF) ==');
for (const name of ['2024_final_shpt_shgzb.pdf', '2024_final_shpt_czj.pdf']) {
  const f = join(dir, name);
  copyFileSync(join(ROOT, 'tests/corpus/shanghai/pdf', name), f);
  const size = readFileSync(f).length / 1024 / 1024;
  const m = measure('parse', f);
  console.log(
    `${name.padEnd(30)} ${size.toFixed(1)} MB file: exit ${m.code}, ${m.secs.toFixed(2)} s, ${m.mb.toFixed(0)} MB peak`,
  );
}
