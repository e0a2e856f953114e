import type { Command } from 'commander';
import { registerCheck } from './check.ts';
import { registerDb } from './db.ts';
import { registerDemo } from './demo.ts';
import { registerGenerate } from './generate.ts';
import { registerImport } from './import.ts';
import { registerParse } from './parse.ts';
import { registerSchema } from './schema.ts';
import { registerServe } from './serve.ts';
import { registerTemplate } from './template.ts';
import { registerValidate } from './validate.ts';

/** Every subcommand registers itself here; later features add one line each. */
export function registerCommands(program: Command): void {
  registerValidate(program);
  registerGenerate(program);
  registerCheck(program);
  registerParse(program);
  registerTemplate(program);
  registerSchema(program);
  registerDemo(program);
  registerServe(program);
  registerImport(program);
  registerDb(program);
}
