/**
 * The closed vocabularies of data/: template sets, rule catalogs, narratives and scoring configs
 * are known by id, and an id is only ever looked up among the files that are there. No value from
 * an input becomes part of a path: an id that is not listed is "unknown", whatever it contains
 * ("../../etc/passwd", an absolute path, a NUL), and the messages name data files by their place
 * in data/, never by a host path, and never quote their contents.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_DIR } from './catalog-files.ts';

export type DataKind = 'templates' | 'rules' | 'narratives' | 'scoring';

const listed = new Map<string, readonly string[]>();

/** Ids of one kind: the names of data/<kind>/*.json without the extension, sorted. */
export function dataIds(kind: DataKind, dir = join(DATA_DIR, kind)): readonly string[] {
  const hit = listed.get(dir);
  if (hit) return hit;
  let ids: string[] = [];
  try {
    ids = readdirSync(dir)
      .filter((f) => f.endsWith('.json') && /^[A-Za-z0-9][A-Za-z0-9._-]*\.json$/.test(f))
      .map((f) => f.slice(0, -'.json'.length))
      .sort();
  } catch {
    ids = [];
  }
  listed.set(dir, ids);
  return ids;
}

/** The file of a listed id, else undefined (the id is unknown). */
export function dataFile(kind: DataKind, id: string, dir = join(DATA_DIR, kind)): string | undefined {
  return typeof id === 'string' && dataIds(kind, dir).includes(id) ? join(dir, `${id}.json`) : undefined;
}

/** How a data file is named in messages: "data/templates/x.json", never the host path. */
export function dataLabel(kind: DataKind, id: string): string {
  return `data/${kind}/${id}.json`;
}

/**
 * An unknown id as it may be shown back: a plain id (letters, digits, . _ -, no "..") as typed,
 * anything else — path separators, control characters, overlong — not echoed at all.
 */
export function quoteId(id: unknown): string {
  const s = String(id);
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,59}$/.test(s) && !s.includes('..') ? s : '（含路径或控制字符的值，不予显示）';
}

/** A JSON syntax error without the text it quotes: "第 3 行第 7 列" where V8 gives a position. */
export function jsonSyntaxMessage(e: unknown, text: string): string {
  const msg = e instanceof Error ? e.message : String(e);
  const m = /position (\d+)/.exec(msg);
  if (m) {
    const pos = Number(m[1]);
    const before = text.slice(0, pos);
    const line = before.split('\n').length;
    const col = pos - before.lastIndexOf('\n');
    return `第 ${line} 行第 ${col} 列语法错误`;
  }
  if (/Unexpected end/i.test(msg)) return '文件不完整（JSON 意外结束）';
  return 'JSON 语法错误';
}
