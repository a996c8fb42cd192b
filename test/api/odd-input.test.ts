// Inputs at the edges of JSON and of JavaScript objects: property names that are also names of
// Object.prototype's members, number literals beyond a double, bodies too large without a length.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { expectError } from '../helpers/builders.js';
import { startListeningServer } from '../helpers/listening.js';
import { sharedTestServer } from '../helpers/server.js';

const server = sharedTestServer();

const json = (raw: string) => ({ rawBody: raw, headers: { 'content-type': 'application/json' } });

describe('property names that are Object.prototype members', () => {
  it('stores and shows __proto__, constructor and toString like any other name', async () => {
    const created = await server.request(
      'POST',
      '/v1/databases',
      json(
        `{"parent":{"page_id":"${server.info.rootPageId}"},"title":[{"text":{"content":"Odd names"}}],` +
          `"initial_data_source":{"properties":{"Name":{"title":{}},"__proto__":{"number":{}},"constructor":{"rich_text":{}},"toString":{"checkbox":{}}}}}`,
      ),
    );
    expect(created.status).toBe(200);
    const dataSourceId = created.body.data_sources[0].id as string;
    const schema = await server.request('GET', `/v1/data_sources/${dataSourceId}`);
    expect(Object.keys(schema.body.properties).sort()).toEqual(['Name', '__proto__', 'constructor', 'toString']);
    expect(Object.hasOwn(schema.body.properties, '__proto__')).toBe(true);
    expect(schema.body.properties['__proto__']).toMatchObject({ name: '__proto__', type: 'number' });

    const page = await server.request(
      'POST',
      '/v1/pages',
      json(
        `{"parent":{"data_source_id":"${dataSourceId}"},"properties":{"Name":{"title":[{"text":{"content":"odd"}}]},` +
          `"__proto__":{"number":42},"constructor":{"rich_text":[{"text":{"content":"c"}}]},"toString":{"checkbox":true}}}`,
      ),
    );
    expect(page.status).toBe(200);
    expect(Object.hasOwn(page.body.properties, '__proto__')).toBe(true);
    expect(page.body.properties['__proto__']).toMatchObject({ type: 'number', number: 42 });
    expect(page.body.properties.constructor).toMatchObject({ type: 'rich_text' });
    expect(page.body.properties.toString).toMatchObject({ type: 'checkbox', checkbox: true });

    const read = await server.request('GET', `/v1/pages/${page.body.id}`);
    expect(read.body.properties['__proto__']).toMatchObject({ number: 42 });
    const found = await server.request('POST', `/v1/data_sources/${dataSourceId}/query`, json('{"filter":{"property":"__proto__","number":{"equals":42}}}'));
    expect(found.body.results.map((r: { id: string }) => r.id)).toEqual([page.body.id]);
    // Nothing reached Object.prototype on the way.
    expect(({} as Record<string, unknown>).number).toBeUndefined();
  });

  it('validates the configuration of a property named constructor like any other', async () => {
    const res = await server.request(
      'POST',
      '/v1/databases',
      json(
        `{"parent":{"page_id":"${server.info.rootPageId}"},"title":[],"initial_data_source":{"properties":{"Name":{"title":{}},"constructor":{"number":{"format":7}}}}}`,
      ),
    );
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_error');
  });
});

describe('number literals beyond a double', () => {
  it('names the value a literal such as 1e309 stands for, not `null`', async () => {
    const res = await server.request('POST', '/v1/search', json('{"page_size":1e309}'));
    expectError(res, 400, 'validation_error', 'body failed validation: body.page_size should be a number or `undefined`, instead was `Infinity`.');
    const negative = await server.request('POST', '/v1/search', json('{"page_size":-1e309}'));
    expect(negative.body.message).toContain('instead was `-Infinity`.');
  });
});

describe('bodies over the limit', () => {
  let listening: RunningServer;
  beforeAll(async () => {
    listening = await startListeningServer({ bodyLimit: 1000 });
  });
  afterAll(() => listening?.close());

  const send = (body: string | ReadableStream<Uint8Array>, headers: Record<string, string> = {}) =>
    fetch(`${listening.baseUrl}/v1/search`, {
      method: 'POST',
      headers: { authorization: `Bearer ${listening.info.token}`, 'notion-version': '2025-09-03', 'content-type': 'application/json', ...headers },
      body,
      duplex: 'half',
    } as RequestInit);

  it('says how large a sized body is', async () => {
    const text = JSON.stringify({ query: 'x'.repeat(2000) });
    const res = await send(text);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toBe(
      `Request body too large: ${Buffer.byteLength(text)} bytes, more than the 1000 bytes allowed.`,
    );
  });

  it('answers a chunked body without a made-up size', async () => {
    const text = JSON.stringify({ query: 'x'.repeat(2000) });
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < text.length; i += 500) controller.enqueue(new TextEncoder().encode(text.slice(i, i + 500)));
        controller.close();
      },
    });
    const res = await send(stream);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; message: string };
    expect(body).toMatchObject({ code: 'validation_error', message: 'Request body too large: more than the 1000 bytes allowed.' });
  });
});
