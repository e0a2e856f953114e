import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // the CLI tests spawn bin/mingzhang.js, which runs the compiled build/: build it first
    globalSetup: ['tests/support/build-cli.ts'],
    // CLI and LibreOffice tests start real processes; a 2-core CI machine needs headroom
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
