import { defineConfig } from 'vitest/config';

// CI reads the counts from a JSON report: LOCALNOTION_TEST_REPORT=<file> adds one.
const report = process.env.LOCALNOTION_TEST_REPORT;

export default defineConfig({
  // The README's examples import the package by name; in this repository that is the source.
  resolve: { alias: { localnotion: new URL('./src/index.ts', import.meta.url).pathname } },
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    reporters: report ? ['default', 'json'] : ['default'],
    outputFile: report ? { json: report } : undefined,
  },
});
