/** The files of a test output set: recognisably different content per tag. */
export function setFiles(b: string, t: string) {
  return ['.xlsx', '.html', '.json', '.cells.csv', '.说明.txt'].map((ext, i) => ({
    name: `${b}${ext}`,
    content: `${t}:${ext}:`.repeat(2000 + i * 500),
  }));
}
