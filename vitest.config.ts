import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The real model build and real discord.js client take seconds, not milliseconds.
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // Two cores: run files in parallel on two workers at most.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
