// /v1/blocks routes, https://developers.notion.com/reference/block
import { Type } from '@sinclair/typebox';
import type { Routes } from '../route-table.js';
import type { AppContext } from '../../context.js';
import { presentBlock } from '../../present/block.js';
import { presentList } from '../../present/list.js';
import { hasArchived, type ApiVersion } from '../../api-version.js';
import { AppendChildrenRequest, BLOCK_UPDATE_PAYLOADS, type BlockRequest } from '../../schemas/blocks.js';
import { Keyed, Strict, Uuid } from '../../schemas/common.js';
import { appendChildren, deleteBlock, listChildren, retrieveBlock, updateBlock, type UpdateBlockBody } from '../../services/blocks.js';
import { sendObject, viewOf } from '../reply.js';
import { bodyOf, pageSizeOf, pathParams, queryParams } from '../input.js';

const BlockIdParams = Strict({ block_id: Uuid });
const ChildrenQuery = Strict({
  // Block-children cursors are block ids.
  start_cursor: Type.Optional(Uuid),
  page_size: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
});

const AppendPosition = Keyed(
  [
    Strict({ type: Type.Literal('end') }),
    Strict({ type: Type.Literal('start') }),
    Strict({ type: Type.Optional(Type.Literal('after_block')), after_block: Strict({ id: Uuid }) }),
  ],
  ['end', 'start', 'after_block'],
);

// `after` is gone in 2026-03-11; `position` takes its place (docs/decisions.md, "Versions").
const appendBody = {
  legacy: Strict({ children: AppendChildrenRequest, after: Type.Optional(Uuid), position: Type.Optional(AppendPosition) }),
  current: Strict({ children: AppendChildrenRequest, position: Type.Optional(AppendPosition) }),
};

const trashFields = { in_trash: Type.Optional(Type.Boolean()) };
const updatePayloads = Object.fromEntries(Object.entries(BLOCK_UPDATE_PAYLOADS).map(([k, v]) => [k, Type.Optional(v)]));
const updateBody = {
  legacy: Strict({ type: Type.Optional(Type.String()), ...trashFields, archived: Type.Optional(Type.Boolean()), ...updatePayloads }),
  current: Strict({ type: Type.Optional(Type.String()), ...trashFields, ...updatePayloads }),
};
const byVersion = <T>(pair: { legacy: T; current: T }, v: ApiVersion): T => (hasArchived(v) ? pair.legacy : pair.current);

export function blockRoutes(app: Routes, ctx: AppContext): void {
  app.get('/blocks/:block_id', async (request, reply) => {
    const { block_id } = pathParams(request, BlockIdParams);
    const block = await retrieveBlock(ctx, request.actor, block_id);
    return sendObject(reply, presentBlock(block, viewOf(ctx, request)));
  });

  app.patch('/blocks/:block_id', async (request, reply) => {
    const { block_id } = pathParams(request, BlockIdParams);
    const body = bodyOf(request, byVersion(updateBody, request.apiVersion)) as UpdateBlockBody;
    const block = await updateBlock(ctx, request.actor, block_id, body);
    return sendObject(reply, presentBlock(block, viewOf(ctx, request)));
  });

  app.delete('/blocks/:block_id', async (request, reply) => {
    const { block_id } = pathParams(request, BlockIdParams);
    const block = await deleteBlock(ctx, request.actor, block_id);
    return sendObject(reply, presentBlock(block, viewOf(ctx, request)));
  });

  app.get('/blocks/:block_id/children', async (request, reply) => {
    const { block_id } = pathParams(request, BlockIdParams);
    const query = queryParams(request, ChildrenQuery);
    const page = await listChildren(ctx, request.actor, block_id, query.start_cursor, pageSizeOf(query.page_size));
    const view = viewOf(ctx, request);
    return sendObject(
      reply,
      presentList(
        'block',
        page.blocks.map((b) => presentBlock(b, view)),
        page.nextCursor,
      ),
    );
  });

  app.patch('/blocks/:block_id/children', async (request, reply) => {
    const { block_id } = pathParams(request, BlockIdParams);
    const body = bodyOf(request, byVersion(appendBody, request.apiVersion)) as {
      children: BlockRequest[];
      after?: string;
      position?: { type: string; after_block?: { id: string } };
    };
    const created = await appendChildren(ctx, request.actor, block_id, body);
    const view = viewOf(ctx, request);
    return sendObject(
      reply,
      presentList(
        'block',
        created.map((b) => presentBlock(b, view)),
        null,
      ),
    );
  });
}
