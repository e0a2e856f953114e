import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // CLI and LibreOffice tests start real processes; a 2-core CI machine needs headroom
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
