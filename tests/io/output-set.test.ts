/**
 * Atomic, locked output (src/io/output-set.ts and `mingzhang generate`): a killed, failing or
 * concurrent run leaves the previous set or the complete new one, never a mix, and no temporaries.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import {
  LOCK_NAME,
  lockOutputDir,
  OutputError,
  type OutputFs,
  realFs,
  recoverOutputDir,
  verifyOutputSet,
  writeOutputSet,
} from '../../src/io/output-set.ts';
import { ROOT } from '../generate/seed-fixture.ts';
import { setFiles } from '../support/output-set-files.ts';

const BIN = join(ROOT, 'bin/mingzhang.js');
const EX = join(ROOT, 'examples/hetang-zfb-2024-budget/source.json');
// the child is bundled to plain JavaScript once, so that each of the many kills does not pay for
// a TypeScript loader's start (esbuild comes with tsx)
const CHILD = join(mkdtempSync(join(tmpdir(), 'mz-child-')), 'child.mjs');
buildSync({
  entryPoints: [join(ROOT, 'tests/support/output-set-child.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile: CHILD,
  logLevel: 'silent',
});
const BASE = '004001-2024-budget';

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((f) => [f, readFileSync(join(dir, f), 'latin1')]),
  );
}

function isSet(dir: string, tag: string): boolean {
  const want = setFiles(BASE, tag);
  return want.every((f) => existsSync(join(dir, f.name)) && readFileSync(join(dir, f.name), 'utf8') === f.content);
}

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, CI: '1', ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('writeOutputSet', () => {
  it('writes every file and a manifest whose sha256s match; a second set replaces the first', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mz-out-'));
    await writeOutputSet(dir, BASE, setFiles(BASE, 'old'));
    expect(isSet(dir, 'old')).toBe(true);
    expect(verifyOutputSet(dir, BASE)).toBe(true);
    await writeOutputSet(dir, BASE, setFiles(BASE, 'new').slice(0, 3));
    for (const f of setFiles(BASE, 'new').slice(0, 3)) expect(readFileSync(join(dir, f.name), 'utf8')).toBe(f.content);
    // files of the previous set that the new one does not have are removed with it
    expect(existsSync(join(dir, `${BASE}.cells.csv`))).toBe(false);
    expect(verifyOutputSet(dir, BASE)).toBe(true);
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('survives SIGKILL at random points of the commit: always the previous set or the new one (24 trials)', async () => {
    let sawOld = 0;
    let sawNew = 0;
    // how long one uninterrupted commit takes here (the machine may be loaded): kill within it
    const probe = mkdtempSync(join(tmpdir(), 'mz-kill-'));
    const t0 = Date.now();
    const whole = spawn(process.execPath, [CHILD, probe, BASE, 'new', '8'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const wholeExited = new Promise((res) => whole.once('exit', res));
    await new Promise<void>((res) => whole.stdout.once('data', () => res()));
    const ready = Date.now();
    await wholeExited;
    const span = Math.max(20, Date.now() - ready);
    expect(isSet(probe, 'new')).toBe(true);
    expect(ready).toBeGreaterThanOrEqual(t0);
    for (let trial = 0; trial < 24; trial++) {
      const dir = mkdtempSync(join(tmpdir(), 'mz-kill-'));
      await writeOutputSet(dir, BASE, setFiles(BASE, 'old'));
      const before = snapshot(dir);
      const child = spawn(process.execPath, [CHILD, dir, BASE, 'new', '8'], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      // listen before waiting: the commit may end before the kill comes
      const exited = new Promise((res) => child.once('exit', res));
      await new Promise<void>((res) => child.stdout.once('data', () => res()));
      // the commit takes 12 paused operations of up to 8 ms each: kill anywhere within its span
      await new Promise((res) => setTimeout(res, Math.random() * span * 1.1));
      child.kill('SIGKILL');
      await exited;
      // before recovery the manifest already tells whether the set is complete
      const complete = verifyOutputSet(dir, BASE);
      const pending = readdirSync(dir).some((f) => f.startsWith('.mz-commit-'));
      expect(complete || pending).toBe(true);
      // what the next run does: take over the dead run's lock, roll forward or clean up
      const release = lockOutputDir(dir);
      await recoverOutputDir(dir);
      release();
      const old = isSet(dir, 'old');
      const neu = isSet(dir, 'new');
      expect(old !== neu).toBe(true);
      if (old) expect(snapshot(dir)).toEqual(before);
      expect(verifyOutputSet(dir, BASE)).toBe(true);
      expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
      if (old) sawOld++;
      else sawNew++;
    }
    // kills landed both before and after the commit point
    expect(sawOld).toBeGreaterThan(0);
    expect(sawNew).toBeGreaterThan(0);
  }, 120_000);

  it('a full disk (mocked ENOSPC on the third file) leaves the previous set and no temporaries', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mz-nospc-'));
    await writeOutputSet(dir, BASE, setFiles(BASE, 'old'));
    const before = snapshot(dir);
    let n = 0;
    const full: OutputFs = {
      async writeFile(path, data) {
        if (++n === 3) {
          await realFs.writeFile(path, String(data).slice(0, 4096));
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        }
        await realFs.writeFile(path, data);
      },
      rename: realFs.rename,
    };
    const err = await writeOutputSet(dir, BASE, setFiles(BASE, 'new'), { fs: full }).catch((e) => e);
    expect(err).toBeInstanceOf(OutputError);
    expect(err.message).toContain('磁盘空间不足');
    expect(err.message).toContain(`${BASE}.json`);
    expect(err.message).not.toMatch(/ENOSPC: no space/);
    expect(snapshot(dir)).toEqual(before);
  });

  it('a rename failing after the commit point is finished by recovery, not left mixed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mz-ren-'));
    await writeOutputSet(dir, BASE, setFiles(BASE, 'old'));
    let n = 0;
    const flaky: OutputFs = {
      writeFile: realFs.writeFile,
      async rename(a, b) {
        if (++n === 3) throw Object.assign(new Error('EIO'), { code: 'EIO' });
        await realFs.rename(a, b);
      },
    };
    await expect(writeOutputSet(dir, BASE, setFiles(BASE, 'new'), { fs: flaky })).rejects.toThrow(OutputError);
    await recoverOutputDir(dir);
    expect(isSet(dir, 'new')).toBe(true);
    expect(verifyOutputSet(dir, BASE)).toBe(true);
  });

  it('refuses a second writer while the lock is held and takes over a dead holder’s lock', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mz-lock-'));
    const release = lockOutputDir(dir);
    expect(readFileSync(join(dir, LOCK_NAME), 'utf8')).toMatch(new RegExp(`^${process.pid}\n`));
    release();
    expect(existsSync(join(dir, LOCK_NAME))).toBe(false);
    // held by another live process
    const holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    writeFileSync(join(dir, LOCK_NAME), `${holder.pid}\nnow\n`);
    try {
      await expect(writeOutputSet(dir, BASE, setFiles(BASE, 'x'))).rejects.toThrow(/正被另一个 mingzhang 进程/);
    } finally {
      holder.kill('SIGKILL');
    }
    await new Promise((res) => holder.once('exit', res));
    // a lock left by a process that no longer exists
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(join(dir, LOCK_NAME), `${dead.stdout}\n2020-01-01T00:00:00Z\n`);
    await writeOutputSet(dir, BASE, setFiles(BASE, 'x'));
    expect(isSet(dir, 'x')).toBe(true);
    expect(existsSync(join(dir, LOCK_NAME))).toBe(false);
  });

  it('never writes over an input file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mz-in-'));
    const input = join(dir, `${BASE}.json`);
    writeFileSync(input, 'precious');
    await expect(writeOutputSet(dir, BASE, setFiles(BASE, 'x'), { inputs: [input] })).rejects.toThrow(/拒绝覆盖/);
    expect(readFileSync(input, 'utf8')).toBe('precious');
    expect(readdirSync(dir)).toEqual([`${BASE}.json`]);
  });
});

describe('mingzhang generate output', () => {
  it('a concurrent run into the same folder is refused with exit code 2 and the set stays whole', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mz-gen-lock-'));
    expect(cli(['generate', EX, '--out', dir, '--format', 'text,json']).code).toBe(0);
    const before = snapshot(dir);
    // hold the lock as a live process would
    const holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    writeFileSync(join(dir, LOCK_NAME), `${holder.pid}\nnow\n`);
    try {
      const r = cli(['generate', EX, '--out', dir, '--format', 'text']);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`正被另一个 mingzhang 进程（PID ${holder.pid}）写入`);
    } finally {
      holder.kill('SIGKILL');
    }
    expect(snapshot(dir)).toEqual({ ...before, [LOCK_NAME]: `${holder.pid}\nnow\n` });
  });

  it('refuses to write the package JSON over a source of the same name (exit 2, source untouched)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mz-gen-in-'));
    const src = join(dir, `${BASE}.json`);
    copyFileSync(EX, src);
    const r = cli(['generate', src, '--out', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('拒绝覆盖');
    expect(readFileSync(src, 'utf8')).toBe(readFileSync(EX, 'utf8'));
    expect(readdirSync(dir)).toEqual([`${BASE}.json`]);
  });

  it('SIGKILL during real generate runs leaves the previous set or the new one (4 trials)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mz-gen-kill-'));
    expect(cli(['generate', EX, '--out', dir, '--format', 'json,cells,text']).code).toBe(0);
    const old = snapshot(dir);
    for (let trial = 0; trial < 4; trial++) {
      const child = spawn(process.execPath, [BIN, 'generate', EX, '--out', dir], {
        stdio: 'ignore',
        env: { ...process.env, CI: '1' },
      });
      // listen before the wait: on a quiet machine the run may finish before the kill comes
      const exited = new Promise((res) => child.once('exit', res));
      await new Promise((res) => setTimeout(res, 1500 + Math.random() * 2500));
      child.kill('SIGKILL');
      await exited;
      const release = lockOutputDir(dir);
      await recoverOutputDir(dir);
      release();
      const now = snapshot(dir);
      const same = JSON.stringify(now) === JSON.stringify(old);
      expect(same || verifyOutputSet(dir, BASE)).toBe(true);
      expect(Object.keys(now).filter((f) => f.startsWith('.mz-'))).toEqual([]);
    }
  }, 300_000);

  it('a real full disk (300 KB tmpfs) leaves the previous set, exit 2, a Chinese message naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mz-tmpfs-'));
    const mnt = join(dir, 'm');
    mkdirSync(mnt);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=300k', 'tmpfs', mnt], { stdio: 'ignore' });
    } catch {
      if (process.env.MINGZHANG_REQUIRE_ALL) throw new Error('cannot mount a tmpfs for the ENOSPC test');
      return; // not root: the mocked ENOSPC test above covers the logic
    }
    try {
      expect(cli(['generate', EX, '--out', mnt, '--format', 'text']).code).toBe(0);
      const before = snapshot(mnt);
      const r = cli(['generate', EX, '--out', mnt]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/磁盘空间不足，无法写入 .* 中的 004001-2024-budget\.\S+；原有文件未改动/);
      expect(snapshot(mnt)).toEqual(before);
    } finally {
      execFileSync('umount', [mnt]);
    }
  });
});
