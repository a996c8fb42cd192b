// The people of every workspace, as the consent page offers them: who is approving decides the
// workspace the integration is installed in.
import type { Db } from '../store/store.js';
import type { PersonChoice } from './present.js';

export async function peopleOf(db: Db): Promise<PersonChoice[]> {
  const rows = await db
    .selectFrom('users')
    .innerJoin('workspaces', 'workspaces.id', 'users.workspace_id')
    .select(['users.id', 'users.name', 'users.email', 'workspaces.name as workspaceName'])
    .where('users.type', '=', 'person')
    .orderBy('workspaces.created_time')
    .orderBy('workspaces.id')
    .orderBy('users.created_time')
    .orderBy('users.id')
    .execute();
  return rows;
}

/** The owner of the first workspace: who approves when no one is named. */
export async function workspaceOwner(db: Db): Promise<string> {
  return (await peopleOf(db))[0]!.id;
}
