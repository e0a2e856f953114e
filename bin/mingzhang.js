#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, resolved from this package (works via npx and npm scripts).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
