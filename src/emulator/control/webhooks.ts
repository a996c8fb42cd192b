// /webhooks: subscriptions (what Notion's portal holds), their verification, the delivery log,
// redelivery, and flush, which answers once every due event is delivered.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Strict } from '../../schemas/common.js';
import { EVENT_TYPES } from '../../webhooks/catalogue.js';
import { getDelivery, listDeliveries, redeliver } from '../../webhooks/log.js';
import { presentSubscription } from '../../webhooks/present.js';
import {
  changeSubscription,
  createSubscription,
  deleteSubscription,
  getSubscription,
  listSubscriptions,
  verifySubscription,
  WebhookInputError,
} from '../../webhooks/subscriptions.js';
import { ControlError, type Emulator } from '../emulator.js';
import { badRequest, checked, idParam, jsonBody, ok } from './input.js';

const EventTypes = Type.Array(Type.String({ minLength: 1 }), { maxItems: EVENT_TYPES.length });

const NewSubscriptionBody = Strict({
  integration_id: Type.Optional(Type.String({ format: 'uuid' })),
  url: Type.String({ minLength: 1, maxLength: 2000 }),
  event_types: Type.Optional(EventTypes),
  api_version: Type.Optional(Type.String()),
  verification_token: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  verify: Type.Optional(Type.Union([Type.Literal('auto'), Type.Literal('manual')])),
});

const ChangeSubscriptionBody = Strict({
  url: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
  event_types: Type.Optional(Type.Union([EventTypes, Type.Null()])),
  status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('paused')])),
});

const VerifyBody = Strict({ verification_token: Type.String({ minLength: 1 }) });

const STATUSES = ['pending', 'delivered', 'failed'] as const;

/** The service's refusals as control API errors. */
async function guarded<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof WebhookInputError) {
      throw new ControlError(
        error.status,
        error.status === 404 ? 'object_not_found' : error.status === 409 ? 'conflict_error' : 'validation_error',
        error.message,
      );
    }
    throw error;
  }
}

function deliveryFilter(request: FastifyRequest) {
  const query = request.query as Record<string, unknown>;
  const status = query.status;
  if (status !== undefined && !(STATUSES as readonly unknown[]).includes(status)) throw badRequest(`status should be one of ${STATUSES.join(', ')}.`);
  const limit = query.limit === undefined ? 100 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw badRequest('limit should be a whole number from 1 to 1000.');
  const type = typeof query.type === 'string' ? query.type : undefined;
  return { status: status as (typeof STATUSES)[number] | undefined, limit, type };
}

export function webhookRoutes(app: FastifyInstance, emulator: Emulator): void {
  const ctx = emulator.ctx;
  const worker = emulator.webhooks;
  const list = (results: unknown[]) => ({ object: 'list', results });

  app.get('/webhooks', async (_request, reply) => ok(reply, list((await listSubscriptions(ctx)).map(presentSubscription))));

  app.post('/webhooks', async (request, reply) => {
    const body = checked(NewSubscriptionBody, await jsonBody(request));
    const row = await guarded(() => createSubscription(ctx, body, 'control', emulator.info.integrationId));
    worker.nudge();
    return ok(reply, presentSubscription(row));
  });

  // Before /webhooks/:id, so that these names are not read as ids.
  app.post('/webhooks/flush', async (_request, reply) => {
    await worker.flush();
    return ok(reply, { object: 'webhook_flush', pending: 0 });
  });

  app.get('/webhooks/deliveries', async (request, reply) => ok(reply, list(await listDeliveries(ctx, deliveryFilter(request)))));

  app.get('/webhooks/deliveries/:id', async (request, reply) => ok(reply, await guarded(() => getDelivery(ctx, idParam(request, 'id')))));

  app.post('/webhooks/deliveries/:id/redeliver', async (request, reply) => {
    const delivery = await guarded(() => redeliver(ctx, idParam(request, 'id')));
    worker.nudge();
    return ok(reply, delivery);
  });

  app.get('/webhooks/:id', async (request, reply) => ok(reply, presentSubscription(await guarded(() => getSubscription(ctx, idParam(request, 'id'))))));

  app.patch('/webhooks/:id', async (request, reply) => {
    const id = idParam(request, 'id');
    const body = checked(ChangeSubscriptionBody, await jsonBody(request));
    const row = await guarded(() => changeSubscription(ctx, id, body));
    worker.nudge();
    return ok(reply, presentSubscription(row));
  });

  app.post('/webhooks/:id/verify', async (request, reply) => {
    const id = idParam(request, 'id');
    const body = checked(VerifyBody, await jsonBody(request));
    return ok(reply, presentSubscription(await guarded(() => verifySubscription(ctx, id, body.verification_token))));
  });

  app.get('/webhooks/:id/deliveries', async (request, reply) => {
    const id = idParam(request, 'id');
    await guarded(() => getSubscription(ctx, id));
    return ok(reply, list(await listDeliveries(ctx, { ...deliveryFilter(request), subscription_id: id })));
  });

  app.delete('/webhooks/:id', async (request, reply) => ok(reply, presentSubscription(await guarded(() => deleteSubscription(ctx, idParam(request, 'id'))))));
}
