// Webhooks as startLocalNotion's object offers them: subscribe (a URL or a handler), verify,
// pause, the delivery log, redelivery and flush.
import type { AppContext } from '../context.js';
import { listDeliveries, redeliver, type DeliveryFilter, type getDelivery } from './log.js';
import { presentSubscription } from './present.js';
import { addSubscribers, type WebhookSubscriber } from './subscribers.js';
import { changeSubscription, deleteSubscription, listSubscriptions, verifySubscription, type SubscriptionChange } from './subscriptions.js';
import type { WebhookWorker } from './worker.js';

type Subscription = ReturnType<typeof presentSubscription>;
type Delivery = Awaited<ReturnType<typeof getDelivery>>;

export interface LocalWebhooks {
  subscribe(subscriber: WebhookSubscriber): Promise<Subscription>;
  list(): Promise<Subscription[]>;
  verify(id: string, verificationToken: string): Promise<Subscription>;
  change(id: string, change: SubscriptionChange): Promise<Subscription>;
  remove(id: string): Promise<void>;
  deliveries(filter?: DeliveryFilter): Promise<Delivery[]>;
  redeliver(id: string): Promise<Delivery>;
  flush(): Promise<void>;
}

export function localWebhooks(ctx: AppContext, worker: WebhookWorker, defaultIntegration: () => string): LocalWebhooks {
  return {
    subscribe: async (subscriber) => {
      // Each handler subscribed without a name gets its own subscription.
      const named = subscriber.handler && !subscriber.name ? { ...subscriber, name: `handler-${(await listSubscriptions(ctx)).length + 1}` } : subscriber;
      return presentSubscription((await addSubscribers(ctx, worker, [named], 'option', defaultIntegration()))[0]!);
    },
    list: async () => (await listSubscriptions(ctx)).map(presentSubscription),
    verify: async (id, token) => presentSubscription(await verifySubscription(ctx, id, token)),
    change: async (id, change) => presentSubscription(await changeSubscription(ctx, id, change)),
    remove: async (id) => {
      await deleteSubscription(ctx, id);
    },
    deliveries: (filter) => listDeliveries(ctx, filter),
    redeliver: async (id) => {
      const delivery = await redeliver(ctx, id);
      worker.nudge();
      return delivery;
    },
    flush: () => worker.flush(),
  };
}
