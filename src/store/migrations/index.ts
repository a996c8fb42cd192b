import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001-initial.js';
import * as m0002 from './0002-counters.js';
import * as m0003 from './0003-page-values.js';
import * as m0004 from './0004-search.js';
import * as m0005 from './0005-instr.js';
import * as m0006 from './0006-comments.js';
import * as m0007 from './0007-mention-text-custom-emojis.js';
import * as m0008 from './0008-files.js';
import * as m0009 from './0009-webhooks.js';
import * as m0010 from './0010-views-templates-tasks.js';
import * as m0011 from './0011-tokens-workspaces.js';
import * as m0013 from './0013-position-sequence.js';
import * as m0014 from './0014-edited-order.js';
import * as m0015 from './0015-webhook-log-retention.js';
import * as m0016 from './0016-task-holds-guests.js';
import * as m0017 from './0017-row-order-indexes.js';
import * as m0018 from './0018-value-order.js';
import * as m0019 from './0019-data-source-index.js';

// Numbered migrations, the same for every engine; add new ones at the end.
const migrations: Record<string, Migration> = {
  '0001-initial': m0001,
  '0002-counters': m0002,
  '0003-page-values': m0003,
  '0004-search': m0004,
  '0005-instr': m0005,
  '0006-comments': m0006,
  '0007-mention-text-custom-emojis': m0007,
  '0008-files': m0008,
  '0009-webhooks': m0009,
  '0010-views-templates-tasks': m0010,
  '0011-tokens-workspaces': m0011,
  '0013-position-sequence': m0013,
  '0014-edited-order': m0014,
  '0015-webhook-log-retention': m0015,
  '0016-task-holds-guests': m0016,
  '0017-row-order-indexes': m0017,
  '0018-value-order': m0018,
  '0019-data-source-index': m0019,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
