/** The one error the text reader raises: Chinese, located by file, page and line. */
export class TextReadError extends Error {
  constructor(
    readonly file: string,
    readonly page: number,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}：第 ${page} 页第 ${line} 行：${reason}`);
    this.name = 'TextReadError';
  }
}

/** Where the reader is, so that an unexpected failure can still be reported with a location. */
export class ReadCursor {
  page = 1;
  line = 1;

  at(loc: { page: number; line: number } | undefined): void {
    if (!loc) return;
    this.page = loc.page;
    this.line = loc.line;
  }
}
