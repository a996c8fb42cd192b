// Custom emojis (https://developers.notion.com/reference/list-custom-emojis): made through the
// control API and fixtures, listed by GET /v1/custom_emojis with its name filter and cursors, and
// named by id in icons of pages, databases and callouts, which read back their name and url.
import { afterEach, describe, expect, it } from 'vitest';
import type { LocalNotion } from '../../src/emulator/start.js';
import { call, closeEmulators, startEmulator, type Reply } from '../helpers/emulator.js';

afterEach(closeEmulators);

const URL_OF = (name: string) => `https://emoji.example.com/${name}.png`;
const UNKNOWN = '2f5a6c1e-3b4d-4e5f-8a9b-0c1d2e3f4a5b';

async function addEmoji(ln: LocalNotion, name: string, id?: string): Promise<{ id: string; name: string; url: string }> {
  const res = await call(ln, 'POST', '/__localnotion/custom-emojis', { body: { name, url: URL_OF(name), ...(id ? { id } : {}) } });
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ object: 'custom_emoji', id: id ?? expect.any(String), name, url: URL_OF(name) });
  const { object: _object, ...emoji } = res.body;
  return emoji;
}

const list = (ln: LocalNotion, query = ''): Promise<Reply> => call(ln, 'GET', `/v1/custom_emojis${query}`);

function expectError(res: Reply, status: number, code: string, message: string): void {
  expect(res.status).toBe(status);
  expect(res.body).toMatchObject({ object: 'error', status, code, message });
}

describe('GET /v1/custom_emojis', () => {
  it('answers an empty list in the shape Notion does, type second and no object keyed by it', async () => {
    const ln = await startEmulator({ listen: false });
    const res = await list(ln);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['object', 'type', 'results', 'has_more', 'next_cursor', 'request_id']);
    expect(res.body).toMatchObject({ object: 'list', type: 'custom_emoji', results: [], has_more: false, next_cursor: null });
    // In every version.
    for (const version of ['2022-06-28', '2026-03-11']) expect((await call(ln, 'GET', '/v1/custom_emojis', { version })).status).toBe(200);
  });

  it('lists the emojis by name, a page at a time, and finds one by its exact name', async () => {
    const ln = await startEmulator({ listen: false });
    const bufo = await addEmoji(ln, 'bufo');
    const parrot = await addEmoji(ln, 'party-parrot');
    const blob = await addEmoji(ln, 'ablobcat');
    expect((await list(ln)).body.results).toEqual([blob, bufo, parrot]);

    const first = (await list(ln, '?page_size=2')).body;
    expect(first).toMatchObject({ results: [blob, bufo], has_more: true, next_cursor: parrot.id });
    const second = (await list(ln, `?page_size=2&start_cursor=${first.next_cursor}`)).body;
    expect(second).toMatchObject({ results: [parrot], has_more: false, next_cursor: null });

    expect((await list(ln, '?name=bufo')).body.results).toEqual([bufo]);
    // The name is matched exactly: neither a part of it nor another case finds it.
    for (const name of ['buf', 'BUFO', 'party']) expect((await list(ln, `?name=${name}`)).body.results).toEqual([]);
  });

  it('refuses a cursor it did not give and a page size over 100', async () => {
    const ln = await startEmulator({ listen: false });
    await addEmoji(ln, 'bufo');
    expectError(await list(ln, '?start_cursor=nope'), 400, 'validation_error', 'The start_cursor provided is invalid: nope');
    expectError(await list(ln, `?start_cursor=${UNKNOWN}`), 400, 'validation_error', `The start_cursor provided is invalid: ${UNKNOWN}`);
    const big = await list(ln, '?page_size=101');
    expect(big.status).toBe(400);
    expect(big.body.code).toBe('validation_error');
  });
});

describe('custom emoji icons', () => {
  it('name an emoji by id on pages, databases and callouts, and read back its name and url', async () => {
    const ln = await startEmulator({ listen: false });
    const bufo = await addEmoji(ln, 'bufo');
    const icon = { type: 'custom_emoji', custom_emoji: bufo };
    // What the request says of the name and url is not what is kept: the emoji's own are.
    const page = await call(ln, 'POST', '/v1/pages', {
      body: {
        parent: { page_id: ln.rootPageId },
        properties: { title: [{ text: { content: 'Frog' } }] },
        icon: { custom_emoji: { id: bufo.id, name: 'other' } },
      },
    });
    expect(page.status).toBe(200);
    expect(page.body.icon).toEqual(icon);
    expect((await call(ln, 'GET', `/v1/pages/${page.body.id}`)).body.icon).toEqual(icon);

    const parrot = await addEmoji(ln, 'party-parrot');
    const updated = await call(ln, 'PATCH', `/v1/pages/${page.body.id}`, {
      body: { icon: { type: 'custom_emoji', custom_emoji: { id: parrot.id.replace(/-/g, '') } } },
    });
    expect(updated.body.icon).toEqual({ type: 'custom_emoji', custom_emoji: parrot });

    const database = await call(ln, 'POST', '/v1/databases', {
      body: { parent: { page_id: ln.rootPageId }, title: [{ text: { content: 'Frogs' } }], icon, initial_data_source: { properties: { Name: { title: {} } } } },
    });
    expect(database.status).toBe(200);
    expect(database.body.icon).toEqual(icon);
    const changed = await call(ln, 'PATCH', `/v1/databases/${database.body.id}`, { body: { icon: { custom_emoji: { id: parrot.id } } } });
    expect(changed.body.icon).toEqual({ type: 'custom_emoji', custom_emoji: parrot });

    const callout = await call(ln, 'PATCH', `/v1/blocks/${page.body.id}/children`, {
      body: { children: [{ callout: { rich_text: [], icon: { custom_emoji: { id: bufo.id } } } }] },
    });
    expect(callout.status).toBe(200);
    expect(callout.body.results[0].callout.icon).toEqual(icon);
  });

  it('refuse an id that is not one of the workspace, and one removed since', async () => {
    const ln = await startEmulator({ listen: false });
    const bufo = await addEmoji(ln, 'bufo');
    const message = (path: string, id: string) =>
      `body failed validation: ${path}.custom_emoji.id should be the id of a custom emoji of this workspace, instead was \`"${id}"\`.`;
    const create = (icon: unknown) => call(ln, 'POST', '/v1/pages', { body: { parent: { page_id: ln.rootPageId }, icon } });
    expectError(await create({ custom_emoji: { id: UNKNOWN } }), 400, 'validation_error', message('body.icon', UNKNOWN));
    const page = await create({ custom_emoji: { id: bufo.id } });
    const callout = await call(ln, 'PATCH', `/v1/blocks/${page.body.id}/children`, {
      body: { children: [{ callout: { rich_text: [], icon: { custom_emoji: { id: UNKNOWN } } } }] },
    });
    expectError(callout, 400, 'validation_error', message('body.children[0].callout.icon', UNKNOWN));

    expect((await call(ln, 'DELETE', `/__localnotion/custom-emojis/${bufo.id}`)).body).toEqual({ object: 'custom_emoji', id: bufo.id, deleted: true });
    expectError(await create({ custom_emoji: { id: bufo.id } }), 400, 'validation_error', message('body.icon', bufo.id));
    // An icon set before keeps what it read.
    expect((await call(ln, 'GET', `/v1/pages/${page.body.id}`)).body.icon).toEqual({ type: 'custom_emoji', custom_emoji: bufo });
    expect((await list(ln)).body.results).toEqual([]);
  });
});

describe('the control API and fixtures', () => {
  it('lists, adds and removes custom emojis, refusing taken names and ids and bad input', async () => {
    const ln = await startEmulator({ listen: false });
    const id = '0b6c8f7e-1a2b-4c3d-8e9f-a0b1c2d3e4f5';
    const bufo = await addEmoji(ln, 'bufo', id);
    expect((await call(ln, 'GET', '/__localnotion/custom-emojis')).body).toEqual({ object: 'list', results: [{ object: 'custom_emoji', ...bufo }] });
    const add = (body: unknown) => call(ln, 'POST', '/__localnotion/custom-emojis', { body });
    expectError(await add({ name: 'bufo', url: URL_OF('x') }), 409, 'conflict_error', 'A custom emoji named "bufo" already exists.');
    expectError(await add({ name: 'other', url: URL_OF('x'), id }), 409, 'conflict_error', `A custom emoji with the id ${id} already exists.`);
    for (const body of [{ name: 'two words', url: URL_OF('x') }, { name: 'a:b', url: URL_OF('x') }, { name: 'ok', url: 'ftp://x' }, { name: 'ok' }]) {
      const res = await add(body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation_error');
    }
    expectError(await call(ln, 'DELETE', `/__localnotion/custom-emojis/${UNKNOWN}`), 404, 'object_not_found', `No custom emoji has the id ${UNKNOWN}.`);
  });

  it('seeds custom emojis from a fixture, which icons name by key, and keeps them across reset', async () => {
    const ln = await startEmulator({
      listen: false,
      seed: {
        custom_emojis: [{ key: 'bufo', name: 'bufo', url: URL_OF('bufo') }],
        pages: [
          {
            key: 'home',
            title: 'Home',
            icon: { custom_emoji: { id: 'bufo' } },
            children: [{ callout: { rich_text: [], icon: { custom_emoji: { id: 'bufo' } } } }],
          },
        ],
      },
    });
    const bufo = { id: ln.ids.bufo!, name: 'bufo', url: URL_OF('bufo') };
    expect((await list(ln)).body.results).toEqual([bufo]);
    expect((await call(ln, 'GET', `/v1/pages/${ln.ids.home}`)).body.icon).toEqual({ type: 'custom_emoji', custom_emoji: bufo });
    expect((await call(ln, 'GET', `/v1/blocks/${ln.ids.home}/children`)).body.results[0].callout.icon).toEqual({ type: 'custom_emoji', custom_emoji: bufo });
    await addEmoji(ln, 'later');
    await ln.reset();
    expect((await list(ln)).body.results).toEqual([bufo]);
  });

  it('refuses a fixture whose custom emojis share a name', async () => {
    await expect(
      startEmulator({
        listen: false,
        seed: {
          custom_emojis: [
            { key: 'a', name: 'same', url: URL_OF('a') },
            { key: 'b', name: 'same', url: URL_OF('b') },
          ],
        },
      }),
    ).rejects.toThrow('custom_emojis[1].name: A custom emoji named "same" already exists.');
  });
});
