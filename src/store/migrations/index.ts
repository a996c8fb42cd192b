import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001-initial.js';

// Numbered migrations, the same for every engine; add new ones at the end.
const migrations: Record<string, Migration> = {
  '0001-initial': m0001,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
