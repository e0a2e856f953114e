// Runs every benchmark in turn; each prints its own figures. `--1m` adds 1,000,000 line items to
// the scale benchmark (several minutes and gigabytes more).
await import('./start.ts');
await import('./generate.ts');
await import('./check.ts');
await import('./parse.ts');
await import('./print.ts');
await import('./scale.ts');
