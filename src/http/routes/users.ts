// /v1/users routes, https://developers.notion.com/reference/user
import type { Routes } from '../route-table.js';
import type { AppContext } from '../../context.js';
import { presentList } from '../../present/list.js';
import { presentUser } from '../../present/user.js';
import { PaginationQuery, Strict, Uuid } from '../../schemas/common.js';
import { listUsers, me, retrieveUser } from '../../services/users.js';
import { sendObject, viewOf } from '../reply.js';
import { pageSizeOf, pathParams, queryParams } from '../input.js';

const UserIdParams = Strict({ user_id: Uuid });

export function userRoutes(app: Routes, ctx: AppContext): void {
  app.get('/users/me', async (request, reply) => {
    const { user, bot } = await me(ctx, request.actor);
    return sendObject(reply, presentUser(user, viewOf(ctx, request), bot));
  });

  app.get('/users', async (request, reply) => {
    const query = queryParams(request, PaginationQuery);
    const page = await listUsers(ctx, request.actor, query.start_cursor, pageSizeOf(query.page_size));
    return sendObject(
      reply,
      presentList(
        'user',
        page.users.map((u) => presentUser(u, viewOf(ctx, request))),
        page.nextCursor,
      ),
    );
  });

  app.get('/users/:user_id', async (request, reply) => {
    const { user_id } = pathParams(request, UserIdParams);
    const { user, bot } = await retrieveUser(ctx, request.actor, user_id);
    return sendObject(reply, presentUser(user, viewOf(ctx, request), bot));
  });
}
