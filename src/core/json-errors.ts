/**
 * Where a JSON text breaks, as line and column (1-based), for messages finance staff can act on:
 * V8 reports "Unexpected token … is not valid JSON" or a character position, neither of which
 * says where to look in an editor. A small recursive-descent scan over the JSON grammar finds the
 * first offending character.
 */

export interface JsonErrorPlace {
  readonly line: number;
  readonly column: number;
  /** what was found there, for the message */
  readonly found: string;
}

/** The first place `text` is not JSON, or undefined when it is valid. */
export function jsonErrorPlace(text: string): JsonErrorPlace | undefined {
  let i = 0;
  const fail = (): never => {
    throw i;
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const lit = (word: string) => {
    for (const ch of word) {
      if (text[i] !== ch) fail();
      i++;
    }
  };
  const str = () => {
    i++; // opening quote
    while (i < text.length) {
      const ch = text[i] as string;
      if (ch === '"') {
        i++;
        return;
      }
      if (ch < ' ') fail();
      if (ch === '\\') {
        i++;
        const e = text[i];
        if (e === 'u') {
          for (let k = 0; k < 4; k++) {
            i++;
            if (!/[0-9a-fA-F]/.test(text[i] ?? '')) fail();
          }
          i++;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i++;
        else fail();
      } else i++;
    }
    fail();
  };
  const num = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m) fail();
    i += (m as RegExpExecArray)[0].length;
  };
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        str();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return;
        } else fail();
      }
    }
    if (ch === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return;
        } else fail();
      }
    }
    if (ch === '"') str();
    else if (ch === 't') lit('true');
    else if (ch === 'f') lit('false');
    else if (ch === 'n') lit('null');
    else if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) num();
    else fail();
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
    return undefined;
  } catch (at) {
    if (typeof at !== 'number') throw at;
    const before = text.slice(0, at);
    const line = before.split('\n').length;
    const column = at - (before.lastIndexOf('\n') + 1) + 1;
    const found = at >= text.length ? '文件结尾' : `“${text[at]}”`;
    return { line, column, found };
  }
}

/** "JSON 语法错误：第 4 行第 1 列（“}”）" for a text JSON.parse refused. */
export function jsonSyntaxMessage(text: string): string {
  const p = jsonErrorPlace(text);
  if (!p) return 'JSON 语法错误';
  const hint = p.found === '文件结尾' ? '，文件不完整（缺少右括号或引号？）' : '';
  return `JSON 语法错误：第 ${p.line} 行第 ${p.column} 列（遇到${p.found}）${hint}`;
}
