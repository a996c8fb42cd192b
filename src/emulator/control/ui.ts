// /ui/session: the credentials the web UI acts with; /ui/login and /ui/logout: its cookie. The UI
// edits the workspace as its owner, a person, through a personal token of its own that writes as
// that person, not as a bot (docs/decisions.md, "Web UI: workspace"): its edits carry the person
// as last_edited_by, as edits in Notion's app do, and fire webhooks.
import type { FastifyInstance } from 'fastify';
import { workspaceOwner } from '../../auth/people.js';
import { createIntegration } from '../../services/workspace.js';
import type { Emulator } from '../emulator.js';
import { uiCookieHeader } from '../ui-access.js';
import { ok } from './input.js';

const UI_TOKEN_NAME = 'localnotion web UI';

export function uiRoutes(app: FastifyInstance, emulator: Emulator): void {
  const ctx = emulator.ctx;
  app.post('/ui/session', async (_request, reply) => {
    const session = await ctx.store.transaction(async (tx) => {
      const ownerId = await workspaceOwner(tx);
      const owner = await tx.selectFrom('users').select(['id', 'name', 'workspace_id']).where('id', '=', ownerId).executeTakeFirstOrThrow();
      const existing = await tx
        .selectFrom('integrations')
        .select('token')
        .where('kind', '=', 'personal')
        .where('owner_user_id', '=', ownerId)
        .where('bot_id', '=', ownerId)
        .where('name', '=', UI_TOKEN_NAME)
        .executeTakeFirst();
      const token =
        existing?.token ??
        (
          await createIntegration(
            ctx,
            { workspaceId: owner.workspace_id, name: UI_TOKEN_NAME, kind: 'personal', ownerUserId: ownerId, actsAsUserId: ownerId },
            tx,
          )
        ).token;
      return { token, user: { id: owner.id, name: owner.name } };
    });
    return ok(reply, { object: 'ui_session', ...session });
  });

  // The guard has checked the admin token by now: this trades it for the UI's cookie, which a
  // browser sends when a person opens /ui/ (src/emulator/ui-access.ts).
  app.post('/ui/login', async (request, reply) => {
    if (emulator.adminToken !== undefined) reply.header('set-cookie', uiCookieHeader(request, emulator.adminToken));
    return ok(reply, { object: 'ui_login', admin_token_required: emulator.adminToken !== undefined });
  });

  app.post('/ui/logout', async (request, reply) => {
    reply.header('set-cookie', uiCookieHeader(request, undefined));
    return ok(reply, { object: 'ui_logout' });
  });
}
