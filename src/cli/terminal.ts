/**
 * Terminal output never carries control characters raw: text from input (names, reasons, cell
 * text) could otherwise move the cursor, ring the bell or forge an "[错误]" line. Everything the
 * CLI writes goes through `printable`: C0/C1 controls (except newline and tab), DEL and the bidi
 * overrides are shown as \uXXXX — inside JSON strings that is the same character, elsewhere visible.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find them
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function printable(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

type Write = typeof process.stdout.write;

const raw = new WeakMap<NodeJS.WriteStream, Write>();

/** Route every string written to stdout and stderr through `printable`. */
export function guardTerminal(): void {
  for (const stream of [process.stdout, process.stderr]) {
    if (raw.has(stream)) continue;
    const write = stream.write.bind(stream) as Write;
    raw.set(stream, write);
    stream.write = ((chunk: unknown, ...rest: unknown[]) =>
      (write as (c: unknown, ...r: unknown[]) => boolean)(
        typeof chunk === 'string' ? printable(chunk) : chunk,
        ...rest,
      )) as Write;
  }
}

/** The stream as it was before `guardTerminal` (for the progress bar's own cursor sequences). */
export function rawStream(stream: NodeJS.WriteStream): NodeJS.WriteStream {
  const write = raw.get(stream);
  if (!write) return stream;
  return new Proxy(stream, {
    get(target, prop, receiver) {
      if (prop === 'write') return write;
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}
