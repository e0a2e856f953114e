/**
 * Writing a set of output files (one generation) into a folder so that a reader never sees a
 * mixed set, two runs never interleave, and an input is never overwritten.
 *
 *   lock (.mingzhang.lock, one per folder; a live holder refuses the run, a dead one is taken over)
 *   → recover (finish a commit a killed run had decided; remove temporaries of killed runs)
 *   → write every file under a temporary name (.mz-tmp-…), fsync
 *   → write the journal (.mz-commit-<base>.json: temporaries → final names, files to drop), fsync
 *   → rename each temporary into place, the manifest (<base>.manifest.json, every file's sha256) last
 *   → remove the journal, unlock.
 *
 * Before the journal exists the previous set is untouched and a failure (exception, ENOSPC,
 * SIGINT/SIGTERM) only removes temporaries. Once it exists the commit is decided: a signal lets
 * the renames finish, and after SIGKILL the next run (or `recoverOutputDir`) rolls it forward.
 * So the folder always holds the previous set or the complete new one, as its manifest tells.
 *
 * File operations go through `OutputFs` so that tests can make a write fail (ENOSPC).
 */
import { createHash, randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';

export interface OutputFile {
  /** a bare file name inside the folder (no separators) */
  readonly name: string;
  readonly content: Buffer | string;
}

export interface OutputFs {
  writeFile(path: string, data: Buffer | string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
}

export const realFs: OutputFs = {
  async writeFile(path, data) {
    const handle = await open(path, 'wx', 0o644);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  rename: (from, to) => rename(from, to),
};

/** The tool could not write (exit code 2); the message is Chinese and names no host path beyond the folder given. */
export class OutputError extends Error {}

export const LOCK_NAME = '.mingzhang.lock';
const TMP_PREFIX = '.mz-tmp-';
const JOURNAL_PREFIX = '.mz-commit-';
export const MANIFEST_SUFFIX = '.manifest.json';

export interface Manifest {
  readonly format: 'mingzhang-manifest';
  readonly version: 1;
  readonly base: string;
  readonly files: ReadonlyArray<{ readonly name: string; readonly sha256: string; readonly bytes: number }>;
}

interface Journal {
  readonly renames: ReadonlyArray<readonly [string, string]>;
  readonly drop: readonly string[];
}

export interface WriteSetOptions {
  /** files read by this run: none of them may be replaced by an output */
  readonly inputs?: readonly string[];
  readonly fs?: OutputFs;
  /** called after each file is in place (progress) */
  readonly onFile?: (name: string) => void;
}

function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

function checkName(name: string): void {
  if (name === '' || name.includes('/') || name.includes('\\') || name.includes('\0') || name.startsWith('.'))
    throw new OutputError(`输出文件名“${name}”无效`);
}

function describe(e: unknown, folder: string, file?: string): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  const where = file ? `${folder} 中的 ${file}` : folder;
  if (code === 'ENOSPC') return `磁盘空间不足，无法写入 ${where}；原有文件未改动`;
  if (code === 'EDQUOT') return `磁盘配额已满，无法写入 ${where}；原有文件未改动`;
  if (code === 'EACCES' || code === 'EPERM') return `没有写入权限：${where}`;
  if (code === 'EROFS') return `文件系统只读，无法写入 ${where}`;
  if (code === 'ENOTDIR' || code === 'EEXIST') return `输出位置 ${folder} 不是目录`;
  return `无法写入 ${where}（${code ?? (e instanceof Error ? e.message : String(e))}）`;
}

function sameFile(a: nodeFs.Stats, b: nodeFs.Stats): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}

/** Refuse when an output name resolves to one of the inputs (same path or same inode). */
function guardInputs(folder: string, names: readonly string[], inputs: readonly string[]): void {
  const inputStats = inputs.flatMap((p) => {
    try {
      return [{ path: p, stat: nodeFs.statSync(p) }];
    } catch {
      return [];
    }
  });
  for (const name of names) {
    const target = join(folder, name);
    let stat: nodeFs.Stats | undefined;
    try {
      stat = nodeFs.statSync(target);
    } catch {
      stat = undefined;
    }
    for (const input of inputStats) {
      if ((stat && sameFile(stat, input.stat)) || resolve(target) === resolve(input.path))
        throw new OutputError(`输出文件 ${name} 就是输入文件 ${basename(input.path)}，拒绝覆盖；请换一个输出目录`);
    }
  }
}

function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Take the folder's lock or throw OutputError naming the holder. Returns the release function. */
export function lockOutputDir(folder: string): () => void {
  const path = join(folder, LOCK_NAME);
  const me = `${process.pid}\n${new Date().toISOString()}\n`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = nodeFs.openSync(path, 'wx', 0o644);
      nodeFs.writeSync(fd, me);
      nodeFs.closeSync(fd);
      return () => {
        try {
          if (nodeFs.readFileSync(path, 'utf8') === me) nodeFs.unlinkSync(path);
        } catch {
          // already gone
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new OutputError(describe(e, folder));
    }
    let holder = Number.NaN;
    try {
      holder = Number.parseInt(nodeFs.readFileSync(path, 'utf8').split('\n')[0] ?? '', 10);
    } catch {
      continue; // released meanwhile
    }
    if (pidAlive(holder) && holder !== process.pid)
      throw new OutputError(
        `输出目录 ${folder} 正被另一个 mingzhang 进程（PID ${holder}）写入；请等它结束后重试（若确认没有其他进程，可删除其中的 ${LOCK_NAME}）`,
      );
    // a dead holder: move its lock aside (only one taker wins the rename) and retry
    const aside = `${path}.stale-${randomBytes(4).toString('hex')}`;
    try {
      nodeFs.renameSync(path, aside);
      nodeFs.unlinkSync(aside);
    } catch {
      // another process took it over first
    }
  }
  throw new OutputError(`无法取得输出目录 ${folder} 的锁`);
}

/**
 * Finish what a killed run left: a journal is rolled forward (its temporaries renamed into place),
 * and every other temporary is removed. Call with the lock held.
 */
export async function recoverOutputDir(folder: string, fs: OutputFs = realFs): Promise<void> {
  let entries: string[];
  try {
    entries = nodeFs.readdirSync(folder);
  } catch {
    return;
  }
  for (const j of entries.filter((e) => e.startsWith(JOURNAL_PREFIX) && e.endsWith('.json'))) {
    const jpath = join(folder, j);
    let journal: Journal | undefined;
    try {
      journal = JSON.parse(nodeFs.readFileSync(jpath, 'utf8')) as Journal;
    } catch {
      journal = undefined; // a journal is written under a temporary name first, so this is not ours
    }
    if (journal) await applyJournal(folder, journal, fs);
    nodeFs.rmSync(jpath, { force: true });
  }
  for (const t of nodeFs.readdirSync(folder).filter((e) => e.startsWith(TMP_PREFIX)))
    nodeFs.rmSync(join(folder, t), { force: true });
}

async function applyJournal(folder: string, journal: Journal, fs: OutputFs): Promise<void> {
  for (const name of journal.drop) nodeFs.rmSync(join(folder, name), { force: true });
  for (const [tmp, final] of journal.renames) {
    checkName(final);
    if (!tmp.startsWith(TMP_PREFIX) || tmp.includes('/')) continue;
    if (nodeFs.existsSync(join(folder, tmp))) await fs.rename(join(folder, tmp), join(folder, final));
  }
}

export function manifestName(base: string): string {
  return `${base}${MANIFEST_SUFFIX}`;
}

/** The manifest of a set, if present and well-formed. */
export function readManifest(folder: string, base: string): Manifest | undefined {
  try {
    const m = JSON.parse(nodeFs.readFileSync(join(folder, manifestName(base)), 'utf8')) as Manifest;
    return m.format === 'mingzhang-manifest' && Array.isArray(m.files) ? m : undefined;
  } catch {
    return undefined;
  }
}

/** Does the folder hold exactly the set its manifest describes (every file present with its sha256)? */
export function verifyOutputSet(folder: string, base: string): boolean {
  const m = readManifest(folder, base);
  if (!m) return false;
  return m.files.every((f) => {
    try {
      return sha256(nodeFs.readFileSync(join(folder, f.name))) === f.sha256;
    } catch {
      return false;
    }
  });
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Write one generation's files (named `<base>…`) into `folder` as one set. Throws OutputError
 * (Chinese, exit code 2); the previous set is then exactly as it was.
 */
export async function writeOutputSet(
  folder: string,
  base: string,
  files: readonly OutputFile[],
  opts: WriteSetOptions = {},
): Promise<Manifest> {
  const fs = opts.fs ?? realFs;
  checkName(base);
  for (const f of files) checkName(f.name);
  const manifest: Manifest = {
    format: 'mingzhang-manifest',
    version: 1,
    base,
    files: files.map((f) => ({ name: f.name, sha256: sha256(f.content), bytes: Buffer.byteLength(f.content) })),
  };
  const all: OutputFile[] = [...files, { name: manifestName(base), content: `${JSON.stringify(manifest, null, 2)}\n` }];
  if (new Set(all.map((f) => f.name)).size !== all.length) throw new OutputError('输出文件名重复');
  try {
    nodeFs.mkdirSync(folder, { recursive: true });
  } catch (e) {
    throw new OutputError(describe(e, folder));
  }
  guardInputs(
    folder,
    all.map((f) => f.name),
    opts.inputs ?? [],
  );
  const unlock = lockOutputDir(folder);
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const temps: string[] = [];
  let decided = false;
  let interrupted: NodeJS.Signals | undefined;
  const onSignal = (sig: NodeJS.Signals) => {
    interrupted = sig;
    if (!decided) {
      cleanup();
      unlock();
      process.exit(sig === 'SIGINT' ? 130 : 143);
    }
  };
  const cleanup = () => {
    for (const t of temps) nodeFs.rmSync(join(folder, t), { force: true });
    nodeFs.rmSync(join(folder, journalName(base, tag)), { force: true });
  };
  for (const s of SIGNALS) process.on(s, onSignal);
  try {
    await recoverOutputDir(folder, fs);
    const previous = readManifest(folder, base);
    const renames: Array<[string, string]> = [];
    for (const [i, f] of all.entries()) {
      const tmp = `${TMP_PREFIX}${tag}-${i}`;
      temps.push(tmp);
      try {
        await fs.writeFile(join(folder, tmp), f.content);
      } catch (e) {
        throw new OutputError(describe(e, folder, f.name));
      }
      renames.push([tmp, f.name]);
    }
    const keep = new Set(all.map((f) => f.name));
    const drop = (previous?.files ?? []).map((f) => f.name).filter((n) => !keep.has(n) && safeName(n));
    const journal: Journal = { renames, drop };
    const jtmp = `${TMP_PREFIX}${tag}-journal`;
    temps.push(jtmp);
    try {
      await fs.writeFile(join(folder, jtmp), JSON.stringify(journal));
      await fs.rename(join(folder, jtmp), join(folder, journalName(base, tag)));
    } catch (e) {
      throw new OutputError(describe(e, folder));
    }
    decided = true;
    fsyncDir(folder);
    await applyJournal(folder, journal, fs);
    fsyncDir(folder);
    nodeFs.rmSync(join(folder, journalName(base, tag)), { force: true });
    for (const f of files) opts.onFile?.(f.name);
    return manifest;
  } catch (e) {
    if (!decided) cleanup();
    if (e instanceof OutputError) throw e;
    throw new OutputError(describe(e, folder));
  } finally {
    for (const s of SIGNALS) process.off(s, onSignal);
    unlock();
    if (interrupted) process.exit(interrupted === 'SIGINT' ? 130 : 143);
  }
}

function safeName(n: string): boolean {
  try {
    checkName(n);
    return true;
  } catch {
    return false;
  }
}

function journalName(base: string, tag: string): string {
  return `${JOURNAL_PREFIX}${base}-${tag}.json`;
}

function fsyncDir(folder: string): void {
  try {
    const fd = nodeFs.openSync(folder, 'r');
    try {
      nodeFs.fsyncSync(fd);
    } finally {
      nodeFs.closeSync(fd);
    }
  } catch {
    // not supported on every platform; the renames are still ordered
  }
}

/** One file written atomically (temporary name in the same folder, then rename); never over an input. */
export async function writeFileAtomic(
  path: string,
  content: Buffer | string,
  inputs: readonly string[] = [],
): Promise<void> {
  const folder = resolve(path, '..');
  guardInputs(folder, [basename(path)], inputs);
  const tmp = join(folder, `${TMP_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await realFs.writeFile(tmp, content);
    await rename(tmp, path);
  } catch (e) {
    nodeFs.rmSync(tmp, { force: true });
    throw new OutputError(describe(e, folder, basename(path)));
  }
}
