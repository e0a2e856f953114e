/**
 * mingzhang import on a folder and on a ZIP: a result line per file, failures located, exit code
 * 1 when a file fails; a second run creates no revision for identical bytes; db export/import.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { crc32, deflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticDistrict } from '../../src/app/synthetic.ts';
import { openStore } from '../../src/store/store.ts';

const run = promisify(execFile);

async function mingzhang(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, ['bin/mingzhang.js', ...args], { env: { ...process.env, CI: '1' } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

/** A minimal ZIP (deflate) of the given members. */
function zip(members: { name: string; bytes: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const m of members) {
    const name = Buffer.from(m.name, 'utf8');
    const data = deflateRawSync(m.bytes);
    const crc = crc32(m.bytes);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(m.bytes.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(m.bytes.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += 30 + name.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

describe('mingzhang import and db export/import', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mz-cli-import-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const files = syntheticDistrict({ departments: 1, minUnits: 1, maxUnits: 1, years: [2024] });
  const db = join(dir, 'db', 'store.sqlite');

  it('imports a folder with a result per file and locates the failure', async () => {
    const folder = join(dir, 'in');
    mkdirSync(join(folder, 'sub'), { recursive: true });
    writeFileSync(join(folder, files[0]!.fileName), files[0]!.bytes());
    writeFileSync(join(folder, 'sub', files[1]!.fileName), files[1]!.bytes());
    writeFileSync(join(folder, 'broken.json'), '{"schemaVersion": 1, "kind": "预算"');
    const r = await mingzhang(['import', folder, '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`✓ ${files[0]!.fileName}：已导入 ${files[0]!.unitCode} 2024 年预算，第 1 次修订`);
    expect(r.stdout).toContain(`✓ sub/${files[1]!.fileName}`);
    expect(r.stdout).toMatch(/✗ broken\.json：源数据有错误，未导入\n\s+.*broken\.json.*JSON 语法错误/);
    expect(r.stderr).toContain('导入 3/3');
    expect(r.stderr).toContain('新建修订 2 个，未变化 0 个，有错误 1 个');
  });

  it('a ZIP of the same bytes creates no new revision; a changed member does', async () => {
    const changed = structuredClone(files[1]!.raw);
    (changed.reasons as Record<string, string>).三公增减原因 = '修改';
    const archive = join(dir, 'batch.zip');
    writeFileSync(
      archive,
      zip([
        { name: `a/${files[0]!.fileName}`, bytes: files[0]!.bytes() },
        { name: `a/${files[1]!.fileName}`, bytes: Buffer.from(JSON.stringify(changed)) },
        { name: '__MACOSX/._x.json', bytes: Buffer.from('junk') },
      ]),
    );
    const r = await mingzhang(['import', archive, '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`= a/${files[0]!.fileName}：与当前修订（第 1 次）完全相同，未新建修订`);
    expect(r.stdout).toContain(
      // a changed 说明 reason of the unit: a new revision (the department's consolidation keeps its own reasons)
      `✓ a/${files[1]!.fileName}：已导入 ${files[1]!.unitCode} 2024 年预算，第 2 次修订`,
    );
    const store = await openStore(db);
    try {
      const revisions = await store.db
        .selectFrom('source_revisions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      // 2 + 1 unit revisions, 2 consolidations (the changed reason does not change the department's)
      expect(Number(revisions.n)).toBe(5);
    } finally {
      await store.close();
    }
  });

  it('refuses a ZIP member that would leave the archive', async () => {
    const archive = join(dir, 'evil.zip');
    writeFileSync(archive, zip([{ name: '../evil.json', bytes: files[0]!.bytes() }]));
    const r = await mingzhang(['import', archive, '--db', join(dir, 'other.sqlite')]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('指向压缩包之外');
  });

  it('db export then db import into a new database gives the same backup', async () => {
    const a = join(dir, 'a.jsonl');
    const b = join(dir, 'b.jsonl');
    expect((await mingzhang(['db', 'export', a, '--db', db])).code).toBe(0);
    const restored = join(dir, 'restored.sqlite');
    const imp = await mingzhang(['db', 'import', a, '--db', restored]);
    expect(imp.code).toBe(0);
    expect(imp.stdout).toMatch(/已恢复 \d+ 张表/);
    expect((await mingzhang(['db', 'export', b, '--db', restored])).code).toBe(0);
    expect(readFileSync(b, 'utf8')).toBe(readFileSync(a, 'utf8'));
    const again = await mingzhang(['db', 'import', a, '--db', restored]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('不是空的');
  });
});
