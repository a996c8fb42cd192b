import { defineConfig } from 'vitest/config';

// CI reads the counts from a JSON report: LOCALNOTION_TEST_REPORT=<file> adds one.
const report = process.env.LOCALNOTION_TEST_REPORT;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    reporters: report ? ['default', 'json'] : ['default'],
    outputFile: report ? { json: report } : undefined,
  },
});
