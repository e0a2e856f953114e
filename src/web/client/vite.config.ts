/**
 * Builds src/web/client into dist/web (gitignored): hashed file names and a manifest the server
 * reads to link the script (src/web/index.ts clientScript). `npm run build:web`.
 */
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  logLevel: 'warn',
  build: {
    outDir: resolve(import.meta.dirname, '../../../dist/web'),
    emptyOutDir: true,
    manifest: true,
    target: 'es2020',
    rollupOptions: { input: resolve(import.meta.dirname, 'main.ts') },
  },
});
