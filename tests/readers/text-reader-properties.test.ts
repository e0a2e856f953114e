/**
 * No input crashes the text reader: truncated, shuffled, mutated, mis-encoded and random texts
 * each yield a package (that the JSON form accepts) or a TextReadError — Chinese, naming the file,
 * page and line — and never any other exception.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readTextDisclosure, TextReadError } from '../../src/readers/text/index.ts';
import { renderJson } from '../../src/renderers/json.ts';
import { loadableSets, type Seed, seedText } from './seed-parse.ts';

const sets = loadableSets();
const SEEDS: Seed[] = ['000', '001', '002'];
const texts = Object.fromEntries(SEEDS.map((s) => [s, seedText(s)])) as Record<Seed, string>;
const lines = Object.fromEntries(SEEDS.map((s) => [s, texts[s].split('\n')])) as Record<Seed, string[]>;

/** A package, or a located Chinese error; anything else fails the property. */
function readsOrFailsCleanly(text: string): boolean {
  try {
    const r = readTextDisclosure(text, 'input.txt', sets);
    renderJson(r.pkg);
    expect(Array.isArray(r.unmatched) && Array.isArray(r.repairs)).toBe(true);
    return true;
  } catch (e) {
    if (!(e instanceof TextReadError)) throw e;
    expect(e.message).toMatch(/^input\.txt：第 \d+ 页第 \d+ 行：\S/);
    expect(e.message).toMatch(/[\u4e00-\u9fff]/);
    // an internal failure turned into a located error is still a bug
    expect(e.reason).not.toMatch(/^读取时出错/);
    expect(e.line).toBeGreaterThanOrEqual(1);
    expect(e.page).toBeGreaterThanOrEqual(1);
    return true;
  }
}

const seed = fc.constantFrom(...SEEDS);
/** MZ_PROPERTY_RUNS=500 for a deeper local run */
const SCALE = Number(process.env.MZ_PROPERTY_RUNS ?? 25) / 25;
const RUNS = { numRuns: Math.round(25 * SCALE) };
const TIMEOUT = 30_000 * Math.max(1, SCALE);

describe('text reader robustness (property tests)', () => {
  it(
    'truncated documents (any prefix or suffix, cut mid-line)',
    () => {
      fc.assert(
        fc.property(seed, fc.double({ min: 0, max: 1, noNaN: true }), fc.boolean(), (s, at, prefix) => {
          const t = texts[s];
          const cut = Math.floor(t.length * at);
          return readsOrFailsCleanly(prefix ? t.slice(0, cut) : t.slice(cut));
        }),
        RUNS,
      );
    },
    TIMEOUT,
  );

  it(
    'shuffled and dropped lines',
    () => {
      fc.assert(
        fc.property(
          seed.chain((s) => fc.shuffledSubarray(lines[s], { minLength: 0 })),
          (picked) => readsOrFailsCleanly(picked.join('\n')),
        ),
        RUNS,
      );
    },
    TIMEOUT,
  );

  it(
    'mutated cells: fields replaced, tabs removed or doubled, lines duplicated',
    () => {
      const edit = fc.record({
        line: fc.nat(),
        op: fc.constantFrom('replace', 'untab', 'doubletab', 'duplicate', 'insert'),
        text: fc.oneof(
          fc.string(),
          fc.constantFrom(
            '合计',
            '0.00',
            '12.3.4',
            '—',
            '[illegible]',
            '注：',
            '单位：万元',
            '一、',
            '第 3 页',
            '\f',
            '**',
          ),
        ),
      });
      fc.assert(
        fc.property(seed, fc.array(edit, { minLength: 1, maxLength: 30 }), (s, edits) => {
          const ls = [...lines[s]];
          for (const e of edits) {
            const i = e.line % ls.length;
            const l = ls[i] ?? '';
            if (e.op === 'replace') {
              const f = l.split('\t');
              f[e.text.length % f.length] = e.text;
              ls[i] = f.join('\t');
            } else if (e.op === 'untab') ls[i] = l.replace(/\t/g, ' ');
            else if (e.op === 'doubletab') ls[i] = l.replace(/\t/g, '\t\t');
            else if (e.op === 'duplicate') ls.splice(i, 0, l);
            else ls.splice(i, 0, e.text);
          }
          return readsOrFailsCleanly(ls.join('\n'));
        }),
        RUNS,
      );
    },
    TIMEOUT,
  );

  it(
    'mis-encoded documents: UTF-8 read as Latin-1 or UTF-16, bytes corrupted',
    () => {
      fc.assert(
        fc.property(
          seed,
          fc.constantFrom('latin1', 'utf16', 'corrupt'),
          fc.array(fc.nat(), { maxLength: 200 }),
          (s, how, positions) => {
            const bytes = Buffer.from(texts[s], 'utf8');
            let text: string;
            if (how === 'latin1') text = bytes.toString('latin1');
            else if (how === 'utf16') text = new TextDecoder('utf-16le').decode(bytes);
            else {
              for (const p of positions) bytes[p % bytes.length] = 0xff;
              text = new TextDecoder('utf-8').decode(bytes);
            }
            return readsOrFailsCleanly(text);
          },
        ),
        { numRuns: Math.round(15 * SCALE) },
      );
    },
    TIMEOUT,
  );

  it(
    'random text, and random grids made of the documents’ own vocabulary',
    () => {
      const token = fc.oneof(
        fc.string({ maxLength: 8 }),
        fc.constantFrom(
          '合计',
          '总计',
          '004',
          '004001',
          '201',
          '03',
          '01',
          '559.57',
          '0.00',
          '365. 55',
          '单位: 004001_某单位',
          '金额单位：万元',
          '收支总表',
          '支出总表',
          '一般公共预算基本支出表',
          '专项资金支出方向绩效目标表',
          '部门整体支出绩效目标表',
          '项目名称',
          '一级指标',
          '≥',
          '预算情况 (万元)',
          '2024年部门预算公开表',
          '收入决算表',
          '第一部分',
          '一、部门职责',
          '（一）收入预算：',
          '目录',
          '注：如本表格为空',
        ),
      );
      const line = fc.array(token, { maxLength: 12 }).map((cells) => cells.join('\t'));
      fc.assert(
        fc.property(
          fc.oneof(
            fc.string(),
            fc.array(line, { maxLength: 80 }).map((ls) => ls.join('\n')),
          ),
          (text) => readsOrFailsCleanly(text),
        ),
        { numRuns: Math.round(60 * SCALE) },
      );
    },
    TIMEOUT,
  );

  it('reports bad input with a located Chinese error', () => {
    const err = (text: string) => {
      try {
        readTextDisclosure(text, 'bad.txt', sets);
      } catch (e) {
        return e as TextReadError;
      }
      throw new Error('expected an error');
    };
    expect(err('').message).toBe('bad.txt：第 1 页第 1 行：文件为空');
    expect(err('\n\nhello\tworld\n').message).toMatch(/^bad\.txt：第 1 页第 3 行：未找到任何公开表或说明/);
    const garbled = err(`收支总表\n\f单位：x\n${'\uFFFD'.repeat(50)}\n`);
    expect(garbled.message).toMatch(/^bad\.txt：第 2 页第 3 行：含有 50 个无法识别的字符/);
    expect(() => readTextDisclosure(texts['000'], 'x.txt', [])).toThrow(/没有可用的报表模板集/);
  });
});
