import { sql, type Kysely } from 'kysely';
import { migrationDialect } from '../dialect.js';

// Several workspaces, personal access tokens and OAuth for public integrations.
//
// `grants` now names who a block was given to, not only which integration: an integration, a
// person (their private pages, or the pages a restricted member may see) or a workspace (pages
// every member sees). The table is made again without its reference to `integrations`, and every
// top-level page and database that exists is given to its workspace, so that the members of a
// store written before keep seeing what they saw (docs/decisions.md, "Tokens, OAuth and workspaces").
export async function up(db: Kysely<unknown>): Promise<void> {
  const { text } = migrationDialect(db);
  await db.schema
    .createTable('grants_principal')
    .addColumn('integration_id', text, (c) => c.notNull())
    .addColumn('block_id', text, (c) => c.notNull())
    .addPrimaryKeyConstraint('grants_principal_pk', ['integration_id', 'block_id'])
    .execute();
  await sql`insert into grants_principal (integration_id, block_id) select integration_id, block_id from grants`.execute(db);
  await db.schema.dropTable('grants').execute();
  await db.schema.alterTable('grants_principal').renameTo('grants').execute();
  await sql`insert into grants (integration_id, block_id)
    select b.workspace_id, b.id from blocks b
    where b.parent_type = 'workspace' and b.type in ('child_page', 'child_database')`.execute(db);

  // The icon the OAuth token response names (workspace_icon).
  await db.schema.alterTable('workspaces').addColumn('icon', text).execute();

  // Members who see only the pages given to them (and their own private pages).
  await db.schema
    .createTable('restricted_members')
    .addColumn('user_id', text, (c) => c.primaryKey())
    .execute();

  // Public integrations: what a developer registers to be installed through OAuth.
  await db.schema
    .createTable('oauth_clients')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('secret', text, (c) => c.notNull())
    .addColumn('redirect_uris', text, (c) => c.notNull())
    .addColumn('capabilities', text, (c) => c.notNull())
    .addColumn('created_time', text, (c) => c.notNull())
    .execute();

  // Authorization codes, each used once before it expires.
  await db.schema
    .createTable('oauth_codes')
    .addColumn('code', text, (c) => c.primaryKey())
    .addColumn('client_id', text, (c) => c.notNull())
    .addColumn('user_id', text, (c) => c.notNull())
    .addColumn('workspace_id', text, (c) => c.notNull())
    .addColumn('pages', text, (c) => c.notNull())
    .addColumn('redirect_uri', text)
    .addColumn('expires_time', text, (c) => c.notNull())
    .addColumn('used_time', text)
    .execute();

  // An installation of a public integration: the integration row its access token names, and
  // the refresh token that replaces that access token.
  await db.schema
    .createTable('oauth_installations')
    .addColumn('integration_id', text, (c) => c.primaryKey())
    .addColumn('client_id', text, (c) => c.notNull())
    .addColumn('user_id', text, (c) => c.notNull())
    .addColumn('refresh_token', text, (c) => c.notNull().unique())
    .addColumn('issued_time', text, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('oauth_installations_owner').on('oauth_installations').columns(['client_id', 'user_id']).execute();
}
