// The `webhooks:` block of a fixture: subscriptions made once the fixture's content is in place,
// so that seeding itself sends nothing; a new fixture replaces the previous one's.
import type { AppContext } from '../context.js';
import { createSubscription, deleteFixtureSubscriptions, WebhookInputError, type SubscriptionSpec } from './subscriptions.js';

export interface FixtureWebhook extends Omit<SubscriptionSpec, 'integration_id'> {
  /** Key of a fixture integration; the default integration when absent. */
  integration?: string;
}

export { deleteFixtureSubscriptions };

export async function subscribeFixtureWebhooks(
  ctx: AppContext,
  webhooks: readonly FixtureWebhook[],
  integrations: Record<string, { id: string }>,
  defaultIntegration: string,
  fail: (path: string, message: string) => Error,
): Promise<void> {
  for (const [i, { integration, ...spec }] of webhooks.entries()) {
    const id = integration === undefined ? defaultIntegration : integrations[integration]?.id;
    if (!id) throw fail(`webhooks[${i}].integration`, `no integration of the fixture has the key ${JSON.stringify(integration)}`);
    try {
      await createSubscription(ctx, { ...spec, integration_id: id }, 'fixture', defaultIntegration);
    } catch (error) {
      if (error instanceof WebhookInputError) throw fail(`webhooks[${i}]`, error.message);
      throw error;
    }
  }
}
