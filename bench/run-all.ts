// Runs every benchmark in turn; each prints its own figures.
await import('./generate.ts');
await import('./check.ts');
await import('./parse.ts');
await import('./print.ts');
