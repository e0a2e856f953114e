/**
 * Child process of tests/store/kill.test.ts: imports the files of a folder in name order into a
 * database; on the file named by argv[4] it does all the writes of that file's transaction, says
 * PAUSED on stdout and waits before COMMIT — where the test kills it with SIGKILL.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApp } from '../../../src/app/context.ts';
import { importSource } from '../../../src/app/ingest.ts';

const [url, dir, pauseOn] = process.argv.slice(2) as [string, string, string];
const ctx = await openApp({ db: url, env: {} });
const inner = ctx.store.transaction.bind(ctx.store);
let current = '';
ctx.store = {
  ...ctx.store,
  transaction: (fn) =>
    inner(async (repos) => {
      const result = await fn(repos);
      if (current === pauseOn) {
        process.stdout.write('PAUSED\n');
        await new Promise((r) => setTimeout(r, 60_000));
      }
      return result;
    }),
};
for (const name of readdirSync(dir).sort()) {
  current = name;
  const r = await importSource(ctx, { fileName: name, bytes: readFileSync(join(dir, name)) });
  process.stdout.write(`DONE ${name} ${r.status}\n`);
}
process.stdout.write('FINISHED\n');
