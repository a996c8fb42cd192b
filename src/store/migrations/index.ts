import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001-initial.js';
import * as m0002 from './0002-counters.js';

// Numbered migrations, the same for every engine; add new ones at the end.
const migrations: Record<string, Migration> = {
  '0001-initial': m0001,
  '0002-counters': m0002,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
