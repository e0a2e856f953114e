/**
 * Messages of the libraries we use (ExcelJS / JSZip, Node's file system, JSON.parse, commander)
 * mapped to Chinese messages that name the file. The table is tested entry by entry
 * (tests/io/library-errors.test.ts); an error no entry matches keeps its text after a Chinese
 * lead-in, so nothing is hidden.
 */
import { basename } from 'node:path';

interface Entry {
  /** what the library says (message or error code) */
  readonly match: RegExp;
  readonly message: (file: string, m: RegExpExecArray) => string;
}

const FILE_ERRORS: readonly Entry[] = [
  {
    match: /ENOENT|File not found|no such file/i,
    message: (f) => `找不到文件“${f}”，请检查路径和文件名`,
  },
  { match: /EACCES|EPERM|permission denied/i, message: (f) => `无权读取文件“${f}”` },
  { match: /EISDIR|illegal operation on a directory/i, message: (f) => `“${f}”是一个文件夹，不是文件` },
  {
    match:
      /Corrupted zip|end of central directory|is this a zip file|invalid signature|Invalid or unsupported zip|zip.*(?:truncated|corrupt)/i,
    message: (f) =>
      `文件“${f}”不是有效的 XLSX 工作簿（文件已损坏，或不是 Excel 文件；请在 Excel/WPS 中另存为 .xlsx 后重试）`,
  },
  {
    match: /Cannot read properties of undefined \(reading 'sheets'\)|Unsupported file|Can't read the data of/i,
    message: (f) => `文件“${f}”不是 Excel 工作簿，或其中缺少工作表`,
  },
];

/** A library error reading `file`, in Chinese. */
export function fileErrorMessage(e: unknown, file: string): string {
  const text = errorText(e);
  const name = basename(file);
  for (const entry of FILE_ERRORS) {
    const m = entry.match.exec(text);
    if (m) return entry.message(name, m);
  }
  return `读取文件“${name}”时出错：${text}`;
}

function errorText(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as NodeJS.ErrnoException).code;
    return code ? `${code} ${e.message}` : e.message;
  }
  return String(e);
}

/** commander's English (its `error: …` lines) in Chinese. */
const COMMANDER: ReadonlyArray<readonly [RegExp, (m: RegExpExecArray) => string]> = [
  [/required option '([^']+)' not specified/, (m) => `缺少必需的选项 ${m[1]}`],
  [/missing required argument '([^']+)'/, (m) => `缺少参数“${m[1]}”`],
  [/option '([^']+)' argument missing/, (m) => `选项 ${m[1]} 需要一个值`],
  [
    /unknown option '([^']+)'(?:\s*\(Did you mean ([^)?]+)\?\))?/,
    (m) => `未知的选项 ${m[1]}${m[2] ? `（是否应为 ${m[2]}？）` : ''}`,
  ],
  [
    /unknown command '([^']+)'(?:\s*\(Did you mean ([^)?]+)\?\))?/,
    (m) => `未知的命令 ${m[1]}${m[2] ? `（是否应为 ${m[2]}？）` : ''}`,
  ],
  [
    /too many arguments(?: for '([^']+)')?\. Expected (\d+) arguments? but got (\d+)\./,
    (m) => `参数过多：${m[1] ? `命令 ${m[1]} ` : ''}需要 ${m[2]} 个参数，实际给了 ${m[3]} 个`,
  ],
  [
    /option '([^']+)' argument '([^']*)' is invalid\.?\s*(.*)/,
    (m) => `选项 ${m[1]} 的值“${m[2]}”无效${m[3] ? `：${m[3]}` : ''}`,
  ],
];

export function commanderMessage(text: string): string {
  const body = text.replace(/^error:\s*/, '').trim();
  for (const [re, f] of COMMANDER) {
    const m = re.exec(body);
    if (m) return `错误：${f(m)}\n`;
  }
  return `错误：${body}\n`;
}
