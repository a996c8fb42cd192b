// Queries over public integrations, their authorization codes and their installations.
import { lockKey } from './dialect.js';
import type { OAuthClientRow, OAuthCodeRow, OAuthInstallationRow } from './schema.js';
import type { Db } from './store.js';

export async function getClient(db: Db, id: string): Promise<OAuthClientRow | undefined> {
  return db.selectFrom('oauth_clients').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listClients(db: Db): Promise<OAuthClientRow[]> {
  return db.selectFrom('oauth_clients').selectAll().orderBy('created_time').orderBy('id').execute();
}

export async function insertCode(db: Db, row: OAuthCodeRow): Promise<void> {
  await db.insertInto('oauth_codes').values(row).execute();
}

/** The code, locked until the transaction ends so that two exchanges of it cannot both succeed. */
export async function takeCode(db: Db, code: string): Promise<OAuthCodeRow | undefined> {
  await lockKey(db, `oauth:code:${code}`);
  return db.selectFrom('oauth_codes').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function markCodeUsed(db: Db, code: string, time: string): Promise<void> {
  await db.updateTable('oauth_codes').set({ used_time: time }).where('code', '=', code).execute();
}

export async function installationOf(db: Db, clientId: string, userId: string): Promise<OAuthInstallationRow | undefined> {
  return db.selectFrom('oauth_installations').selectAll().where('client_id', '=', clientId).where('user_id', '=', userId).executeTakeFirst();
}

/** Locked as takeCode is: a refresh token is exchanged once. */
export async function installationByRefreshToken(db: Db, refreshToken: string): Promise<OAuthInstallationRow | undefined> {
  await lockKey(db, `oauth:refresh:${refreshToken}`);
  return db.selectFrom('oauth_installations').selectAll().where('refresh_token', '=', refreshToken).executeTakeFirst();
}

/** The installation whose access token is `token`, with its integration row's id. */
export async function installationByAccessToken(db: Db, token: string): Promise<OAuthInstallationRow | undefined> {
  return db
    .selectFrom('oauth_installations')
    .innerJoin('integrations', 'integrations.id', 'oauth_installations.integration_id')
    .selectAll('oauth_installations')
    .where('integrations.token', '=', token)
    .executeTakeFirst();
}

export async function saveInstallation(db: Db, row: OAuthInstallationRow): Promise<void> {
  await db
    .insertInto('oauth_installations')
    .values(row)
    .onConflict((oc) => oc.column('integration_id').doUpdateSet({ refresh_token: row.refresh_token, issued_time: row.issued_time }))
    .execute();
}

/** Forget an installation: its access and refresh tokens are refused from now on. */
export async function deleteInstallation(db: Db, integrationId: string): Promise<void> {
  await db.deleteFrom('oauth_installations').where('integration_id', '=', integrationId).execute();
  await db.deleteFrom('grants').where('integration_id', '=', integrationId).execute();
  await db.deleteFrom('integrations').where('id', '=', integrationId).execute();
}
