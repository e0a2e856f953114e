/**
 * Child process for the output-set kill tests: writes one set into a folder through a file
 * system that pauses before every operation, so that a SIGKILL from the parent lands anywhere in
 * the commit. argv: folder, base, tag (the new set's content marker), pause in ms.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { type OutputFs, realFs, writeOutputSet } from '../../src/io/output-set.ts';
import { setFiles } from './output-set-files.ts';

const [folder = '', base = '', tag = '', pause = '5'] = process.argv.slice(2);
const slow: OutputFs = {
  async writeFile(path, data) {
    await sleep(Math.random() * Number(pause));
    await realFs.writeFile(path, data);
  },
  async rename(from, to) {
    await sleep(Math.random() * Number(pause));
    await realFs.rename(from, to);
  },
};
process.stdout.write('ready\n');
await writeOutputSet(folder, base, setFiles(base, tag), { fs: slow });
process.stdout.write('done\n');
