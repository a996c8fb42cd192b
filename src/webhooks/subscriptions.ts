// Webhook subscriptions: one integration's URL (or handler in the test process), the event types
// it wants and the API version its payloads are rendered for. Notion creates them in its portal
// only (https://developers.notion.com/reference/webhooks); here the control API, fixtures, the
// CLI and startLocalNotion do. Creating one queues the verification request Notion sends.
import { createHash } from 'node:crypto';
import type { AppContext } from '../context.js';
import { uuidV4Of } from '../ids.js';
import { DEFAULT_WEBHOOK_API_VERSION, isEventType, WEBHOOK_API_VERSIONS, type WebhookApiVersion } from './catalogue.js';
import { webhookDb, type SubscriptionOrigin, type WebhookSubscriptionRow, type SubscriptionStatus } from './tables.js';

export class WebhookInputError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'WebhookInputError';
  }
}

export interface SubscriptionSpec {
  /** The integration whose events these are; the default one when absent. */
  integration_id?: string;
  /** http(s) URL, or `function:<name>` for a handler given to startLocalNotion. */
  url: string;
  /** Event types to receive; every type when absent. */
  event_types?: string[];
  api_version?: string;
  /** The signing secret; made up from the subscription's id when absent. */
  verification_token?: string;
  /** `auto` (the default): verified at once; `manual`: active once confirmed with its token. */
  verify?: 'auto' | 'manual';
}

function checkSpec(spec: SubscriptionSpec): void {
  if (!/^(https?:\/\/[^\s]+|function:[^\s]+)$/.test(spec.url)) {
    throw new WebhookInputError(400, `url should be an http:// or https:// URL, instead was ${JSON.stringify(spec.url)}.`);
  }
  if (spec.url.startsWith('http')) {
    try {
      new URL(spec.url);
    } catch {
      throw new WebhookInputError(400, `url should be an http:// or https:// URL, instead was ${JSON.stringify(spec.url)}.`);
    }
  }
  checkEventTypes(spec.event_types);
  if (spec.api_version !== undefined && !(WEBHOOK_API_VERSIONS as readonly string[]).includes(spec.api_version)) {
    throw new WebhookInputError(400, `api_version should be one of ${WEBHOOK_API_VERSIONS.join(', ')}, instead was ${JSON.stringify(spec.api_version)}.`);
  }
}

function checkEventTypes(types: string[] | undefined): void {
  const unknown = (types ?? []).filter((t) => !isEventType(t));
  if (unknown.length > 0)
    throw new WebhookInputError(400, `event_types: ${unknown.map((t) => JSON.stringify(t)).join(', ')} is not an event type Notion sends.`);
}

/** A secret that follows from the id, so that seeded runs sign alike. */
const tokenFor = (id: string): string => `secret_${createHash('sha256').update(`verification:${id}`).digest('base64url').slice(0, 43)}`;

/** A delivery id that follows from what it delivers: the same on every run of a seeded test. */
export function deliveryId(...parts: (string | number)[]): string {
  return uuidV4Of(createHash('sha256').update(parts.join(':')).digest().subarray(0, 16));
}

async function integrationExists(ctx: AppContext, id: string): Promise<boolean> {
  return (await ctx.store.db.selectFrom('integrations').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

export async function createSubscription(
  ctx: AppContext,
  spec: SubscriptionSpec,
  origin: SubscriptionOrigin,
  defaultIntegration: string,
): Promise<WebhookSubscriptionRow> {
  checkSpec(spec);
  const integrationId = spec.integration_id ?? defaultIntegration;
  if (!(await integrationExists(ctx, integrationId))) throw new WebhookInputError(404, `No integration has the id ${integrationId}.`);
  const id = ctx.ids.uuid();
  const now = ctx.clock.now();
  return ctx.store.transaction(async (tx) => {
    const w = webhookDb(tx);
    const last = await w
      .selectFrom('webhook_outbox')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .executeTakeFirst();
    const row: WebhookSubscriptionRow = {
      id,
      integration_id: integrationId,
      url: spec.url,
      event_types: spec.event_types ? JSON.stringify([...new Set(spec.event_types)]) : null,
      api_version: spec.api_version ?? DEFAULT_WEBHOOK_API_VERSION,
      verification_token: spec.verification_token ?? tokenFor(id),
      status: spec.verify === 'manual' ? 'pending_verification' : 'active',
      origin,
      since_seq: Number(last?.seq ?? 0),
      created_time: now.toISOString(),
      lease_owner: null,
      lease_until: null,
    };
    await w.insertInto('webhook_subscriptions').values(row).execute();
    // The verification request goes first: Notion sends it when the subscription is made.
    await w
      .insertInto('webhook_deliveries')
      .values({
        id: deliveryId(id, 'verification'),
        subscription_id: id,
        kind: 'verification',
        type: 'verification',
        entity_id: id,
        entity_type: 'subscription',
        aggregate_key: null,
        authors: '[]',
        data: '{}',
        timestamp: now.toISOString(),
        seq: 0,
        recorded_ms: Date.now(),
        due_ms: now.getTime(),
        attempts: 0,
        status: 'pending',
        last_status_code: null,
        delivered_ms: null,
      })
      .execute();
    return row;
  });
}

/**
 * The subscription of this integration to this URL, made when there is none: a server started
 * again with the same flags (or several instances started with them) share one subscription.
 */
export async function ensureSubscription(
  ctx: AppContext,
  spec: SubscriptionSpec,
  origin: SubscriptionOrigin,
  defaultIntegration: string,
): Promise<WebhookSubscriptionRow> {
  const integrationId = spec.integration_id ?? defaultIntegration;
  const found = await webhookDb(ctx.store.db)
    .selectFrom('webhook_subscriptions')
    .selectAll()
    .where('integration_id', '=', integrationId)
    .where('url', '=', spec.url)
    .executeTakeFirst();
  if (!found) return createSubscription(ctx, spec, origin, defaultIntegration);
  const event_types = spec.event_types ? JSON.stringify([...new Set(spec.event_types)]) : null;
  if (found.event_types !== event_types) return changeSubscription(ctx, found.id, { event_types: spec.event_types ?? null });
  return found;
}

export async function listSubscriptions(ctx: AppContext): Promise<WebhookSubscriptionRow[]> {
  return webhookDb(ctx.store.db).selectFrom('webhook_subscriptions').selectAll().orderBy('created_time').orderBy('id').execute();
}

export async function getSubscription(ctx: AppContext, id: string): Promise<WebhookSubscriptionRow> {
  const row = await webhookDb(ctx.store.db).selectFrom('webhook_subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new WebhookInputError(404, `No webhook subscription has the id ${id}.`);
  return row;
}

export interface SubscriptionChange {
  url?: string;
  event_types?: string[] | null;
  status?: Extract<SubscriptionStatus, 'active' | 'paused'>;
}

export async function changeSubscription(ctx: AppContext, id: string, change: SubscriptionChange): Promise<WebhookSubscriptionRow> {
  const row = await getSubscription(ctx, id);
  const patch: Partial<WebhookSubscriptionRow> = {};
  if (change.url !== undefined && change.url !== row.url) {
    // As in Notion's portal: the URL can change until the subscription is verified, not after.
    if (row.status !== 'pending_verification')
      throw new WebhookInputError(409, 'The URL of a verified subscription cannot change: delete it and create another.');
    checkSpec({ url: change.url });
    patch.url = change.url;
  }
  if (change.event_types !== undefined) {
    checkEventTypes(change.event_types ?? undefined);
    patch.event_types = change.event_types ? JSON.stringify([...new Set(change.event_types)]) : null;
  }
  if (change.status !== undefined && change.status !== row.status) {
    if (row.status === 'pending_verification')
      throw new WebhookInputError(409, 'The subscription is not verified yet: verify it with its verification_token first.');
    patch.status = change.status;
  }
  if (Object.keys(patch).length > 0) await webhookDb(ctx.store.db).updateTable('webhook_subscriptions').set(patch).where('id', '=', id).execute();
  return { ...row, ...patch };
}

/** Confirm a subscription with the token its verification request carried, as the portal's Verify button does. */
export async function verifySubscription(ctx: AppContext, id: string, token: string): Promise<WebhookSubscriptionRow> {
  const row = await getSubscription(ctx, id);
  if (row.status !== 'pending_verification') return row;
  if (token !== row.verification_token) throw new WebhookInputError(400, 'verification_token is not the one sent to the subscription URL.');
  await webhookDb(ctx.store.db).updateTable('webhook_subscriptions').set({ status: 'active' }).where('id', '=', id).execute();
  return { ...row, status: 'active' };
}

export async function deleteSubscription(ctx: AppContext, id: string): Promise<WebhookSubscriptionRow> {
  const row = await getSubscription(ctx, id);
  await ctx.store.transaction(async (tx) => {
    const w = webhookDb(tx);
    await w.deleteFrom('webhook_attempts').where('subscription_id', '=', id).execute();
    await w.deleteFrom('webhook_deliveries').where('subscription_id', '=', id).execute();
    await w.deleteFrom('webhook_subscriptions').where('id', '=', id).execute();
  });
  return row;
}

/** Forget queued events and their log (a reset or a restored snapshot); subscriptions stay. */
export async function clearQueue(ctx: AppContext): Promise<void> {
  await ctx.store.transaction(async (tx) => {
    const w = webhookDb(tx);
    await w.deleteFrom('webhook_outbox').execute();
    await w.deleteFrom('webhook_attempts').execute();
    await w.deleteFrom('webhook_deliveries').execute();
  });
}

/** Subscriptions a fixture made: a new fixture replaces them. */
export async function deleteFixtureSubscriptions(ctx: AppContext): Promise<void> {
  for (const row of await listSubscriptions(ctx)) if (row.origin === 'fixture') await deleteSubscription(ctx, row.id);
}

export type { WebhookApiVersion };
