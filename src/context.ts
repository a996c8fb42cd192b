// The composition root: everything a request needs, built once. The CLI, the programmatic API and
// every test build their server from a context, so there are no singletons.
import pino, { type Logger } from 'pino';
import { systemClock, type Clock } from './clock.js';
import { storeOptions, type Config } from './config.js';
import { randomIds, type IdGenerator } from './ids.js';
import { buildValueIndexIfMissing } from './properties/value-index.js';
import { Store } from './store/store.js';

export interface AppContext {
  config: Config;
  log: Logger;
  store: Store;
  clock: Clock;
  ids: IdGenerator;
}

export interface ContextOptions {
  clock?: Clock;
  ids?: IdGenerator;
  log?: Logger;
}

export async function createContext(config: Config, options: ContextOptions = {}): Promise<AppContext> {
  const log = options.log ?? pino({ level: config.logLevel, name: 'localnotion' });
  const store = await Store.open(storeOptions(config, (error) => log.warn({ err: error }, 'an idle database connection failed')));
  // A store written before the value index existed gets it now, once.
  if (await store.transaction((tx) => buildValueIndexIfMissing(tx))) log.info('built the value index of existing pages');
  return { config, log, store, clock: options.clock ?? systemClock, ids: options.ids ?? randomIds };
}
