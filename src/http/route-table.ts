// The /v1 routes most requests take, matched by a router built once per process.
//
// Fastify builds every route of an app anew: its context, a copy of every hook bound to it, the
// router's node and generated matchers, and a callback through the plugin loader. Each start of
// the emulator builds an app, and its ~30 resource routes were two thirds of building it
// (bench/RESULTS.md, "Fifteenth round"). Here an app registers them as one route under its
// prefix; each request under it is matched against the table (find-my-way, fastify's own router,
// with the app's options), the first time any app of the process mounts that list of routes,
// and reaches the handler this app registered for it. An unknown URL is handed to the app's
// not-found handler, as fastify's routing would (docs/decisions.md, "Routes built once").
import FindMyWay from 'find-my-way';
import type { FastifyContextConfig, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route that hands its requests to a route table. */
    table?: RouteTable;
  }
  interface FastifyRequest {
    /** The table's route this request matched: undefined until asked, null for none. */
    tableRoute: TableRoute | null | undefined;
  }
}

type Handler = (request: FastifyRequest, reply: FastifyReply) => unknown;

interface TableRoute {
  readonly config: FastifyContextConfig;
  readonly handler: Handler;
}

interface Declared extends TableRoute {
  readonly methods: FindMyWay.HTTPMethod[];
  readonly url: string;
}

/** What route files register their handlers on: the shorthand methods of a fastify app. */
export interface Routes {
  get(url: string, handler: Handler): void;
  get(url: string, options: { config: FastifyContextConfig }, handler: Handler): void;
  post(url: string, handler: Handler): void;
  post(url: string, options: { config: FastifyContextConfig }, handler: Handler): void;
  patch(url: string, handler: Handler): void;
  patch(url: string, options: { config: FastifyContextConfig }, handler: Handler): void;
  delete(url: string, handler: Handler): void;
  delete(url: string, options: { config: FastifyContextConfig }, handler: Handler): void;
}

/** The router options of the app (app.ts), which the table must match paths by. */
export const ROUTER_OPTIONS = { ignoreTrailingSlash: true, caseSensitive: false, maxParamLength: 16_384 } as const;

/** Routers by the list of routes they match (in practice one per process: the code's routes). */
const routers = new Map<string, FindMyWay.Instance<FindMyWay.HTTPVersion.V1>>();

function routerFor(prefix: string, declared: readonly Declared[]): FindMyWay.Instance<FindMyWay.HTTPVersion.V1> {
  const signature = prefix + '\n' + declared.map((route) => `${route.methods.join(',')} ${route.url}`).join('\n');
  let router = routers.get(signature);
  if (router === undefined) {
    router = FindMyWay(ROUTER_OPTIONS);
    // The route's place in the list is its store (find-my-way keeps no falsy store, hence an
    // object): an app finds its own handler by it.
    for (const [index, route] of declared.entries()) router.on(route.methods, prefix + route.url, () => undefined, { index });
    routers.set(signature, router);
  }
  return router;
}

export class RouteTable implements Routes {
  private readonly declared: Declared[] = [];
  private router: FindMyWay.Instance<FindMyWay.HTTPVersion.V1> | undefined;

  private add(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, a: Handler | { config: FastifyContextConfig }, b?: Handler): void {
    const [config, handler] = typeof a === 'function' ? [{}, a] : [a.config, b!];
    // A GET route answers HEAD as well (app.ts).
    this.declared.push({ methods: method === 'GET' ? ['GET', 'HEAD'] : [method], url, config, handler });
  }

  get(url: string, a: Handler | { config: FastifyContextConfig }, b?: Handler): void {
    this.add('GET', url, a, b);
  }
  post(url: string, a: Handler | { config: FastifyContextConfig }, b?: Handler): void {
    this.add('POST', url, a, b);
  }
  patch(url: string, a: Handler | { config: FastifyContextConfig }, b?: Handler): void {
    this.add('PATCH', url, a, b);
  }
  delete(url: string, a: Handler | { config: FastifyContextConfig }, b?: Handler): void {
    this.add('DELETE', url, a, b);
  }

  /** The route a request under the mount matches, or null. */
  match(request: FastifyRequest): TableRoute | null {
    // A URL the router cannot decode never reaches here: fastify's own router refused it first.
    const found = this.router?.find(request.method as FindMyWay.HTTPMethod, request.url);
    if (!found) return null;
    request.params = found.params;
    return this.declared[(found.store as { index: number }).index]!;
  }

  /**
   * Register the table's routes in `scope` as one route under its prefix. Routes of the scope
   * registered on their own (other plugins) are still fastify's, and win over this one.
   */
  mount(scope: FastifyInstance): void {
    this.router = routerFor(scope.prefix, this.declared);
    // Requests of the scope start with no table route looked up.
    scope.decorateRequest('tableRoute', undefined);
    const methods = [...new Set(this.declared.flatMap((route) => route.methods))];
    scope.route({
      method: methods,
      url: '/*',
      config: { table: this },
      handler: (request, reply) => {
        const route = tableRouteOf(request);
        return route ? route.handler(request, reply) : reply.callNotFound();
      },
    });
  }
}

/** The table route a request matched (null for none), or undefined if it reached no table. */
function tableRouteOf(request: FastifyRequest): TableRoute | null | undefined {
  const table = request.routeOptions.config.table;
  if (table === undefined) return undefined;
  if (request.tableRoute === undefined) request.tableRoute = table.match(request);
  return request.tableRoute;
}

/** The configuration of the route a request reached, fastify's or a table's. */
export function routeConfigOf(request: FastifyRequest): FastifyContextConfig {
  return tableRouteOf(request)?.config ?? request.routeOptions.config;
}

/** Whether a request reached no route: Notion's invalid request URL. */
export function isUnknownRoute(request: FastifyRequest): boolean {
  return request.is404 || tableRouteOf(request) === null;
}
