import { defineConfig } from 'vitest/config';

// CI reads the counts from a JSON report: LOCALNOTION_TEST_REPORT=<file> adds one.
const report = process.env.LOCALNOTION_TEST_REPORT;
// With a PostgreSQL URL the API, end-to-end and storage tests run a second time, on PostgreSQL.
const postgresUrl = process.env.LOCALNOTION_TEST_DATABASE_URL;
if (!postgresUrl) {
  process.stdout.write('PostgreSQL run: not configured (set LOCALNOTION_TEST_DATABASE_URL=postgres://... to run the suite on PostgreSQL too)\n');
}

export default defineConfig({
  // The README's examples import the package by name; in this repository that is the source.
  resolve: {
    alias: [
      { find: /^localnotion$/, replacement: new URL('./src/index.ts', import.meta.url).pathname },
      { find: /^localnotion\/intercept$/, replacement: new URL('./src/intercept.ts', import.meta.url).pathname },
    ],
  },
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    reporters: report ? ['default', 'json'] : ['default'],
    outputFile: report ? { json: report } : undefined,
    projects: [
      // test/postgres holds what only PostgreSQL has: several instances on one database.
      // The command-line tests run dist/cli.js: build-dist compiles it first, when src/ changed.
      {
        extends: true as const,
        test: {
          name: 'sqlite',
          include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
          exclude: ['test/postgres/**'],
          globalSetup: ['test/helpers/build-dist.ts'],
        },
      },
      ...(postgresUrl
        ? [
            {
              extends: true as const,
              test: {
                name: 'postgres',
                include: ['test/**/*.test.ts'],
                // The command line's own test starts the server on SQLite files; on PostgreSQL
                // it is tested by test/postgres/*. test/tooling holds no store.
                exclude: ['test/e2e/cli.test.ts', 'test/tooling/**'],
                env: { LOCALNOTION_TEST_STORE: 'postgres' },
                globalSetup: ['test/helpers/build-dist.ts', 'test/helpers/postgres-setup.ts'],
              },
            },
          ]
        : []),
    ],
  },
});
