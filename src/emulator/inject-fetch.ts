// A `fetch` that needs no socket: the request goes straight into the server with fastify's
// inject(). It has the WHATWG signature, so @notionhq/client takes it through its `fetch` option
// (and anything else that takes a fetch function does too).
import type { FastifyInstance } from 'fastify';

export type InjectFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

// Statuses whose responses have no body (the Response constructor refuses one).
const NO_BODY = new Set([101, 204, 205, 304]);

export function injectFetch(app: FastifyInstance): InjectFetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, key) => {
      headers[key] = value;
    });
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    const res = await app.inject({
      method: request.method as 'GET',
      url: `${url.pathname}${url.search}`,
      headers,
      ...(body === undefined ? {} : { payload: body }),
    });
    const responseHeaders = new Headers();
    for (const [key, value] of Object.entries(res.headers)) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) responseHeaders.append(key, String(v));
    }
    return new Response(NO_BODY.has(res.statusCode) ? null : res.rawPayload, { status: res.statusCode, headers: responseHeaders });
  };
}
