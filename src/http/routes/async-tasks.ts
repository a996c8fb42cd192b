// GET /v1/async_tasks/{task_id} (https://developers.notion.com/reference/retrieve-async-task), and
// the 202 every operation accepted with `allow_async` answers with. Served under every version.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Routes } from '../route-table.js';
import { presentAsyncTask } from '../../async-tasks/present.js';
import { tasksOf, type TaskRequest } from '../../async-tasks/runner.js';
import type { AppContext } from '../../context.js';
import { requireCapability } from '../../services/access.js';
import { sendObject } from '../reply.js';

const originOf = (request: FastifyRequest): string => `${request.protocol}://${request.host}`;

/**
 * Accept the request as a task of `operation` (Notion's route pattern, defined with the runner by
 * its route) and answer 202 with it. What the task runs is stored: the parsed `body` and `params`,
 * the version and betas, and `filter_properties`.
 */
export async function acceptAsync(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  operation: string,
  task: Pick<TaskRequest, 'params' | 'body' | 'filter'>,
) {
  const stored: TaskRequest = { method: request.method, path: request.url.split('?')[0]!, version: request.apiVersion, betas: request.betas, ...task };
  const row = await tasksOf(ctx).start(request.actor, operation, stored);
  reply.status(202);
  return sendObject(reply, presentAsyncTask(row, originOf(request)));
}

export function asyncTaskRoutes(app: Routes, ctx: AppContext): void {
  app.get('/async_tasks/:task_id', async (request, reply) => {
    // Task ids are `task_` and 32 hex digits, not uuids: anything else is a task that does not exist.
    const { task_id } = request.params as { task_id: string };
    requireCapability(request.actor, 'read_content');
    const row = await tasksOf(ctx).find(request.actor, task_id);
    return sendObject(reply, presentAsyncTask(row, originOf(request)));
  });
}
