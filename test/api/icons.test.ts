// Icons (https://developers.notion.com/reference/emoji-and-icon): Notion's own icons by name and
// colour, their www.notion.so/icons addresses answered as such, and custom emojis by an id the
// workspace does not have (docs/decisions.md; the ones it has: custom-emojis.test.ts).
import { describe, expect, it } from 'vitest';
import { createDatabase, expectError, ok, text, type Json } from '../helpers/builders.js';
import { sharedTestServer } from '../helpers/server.js';

const server = sharedTestServer();
const EMOJI_ID = '2f5a6c1e-3b4d-4e5f-8a9b-0c1d2e3f4a5b';

const createPage = (icon: unknown) =>
  server.request('POST', '/v1/pages', { body: { parent: { page_id: server.info.rootPageId }, properties: { title: [text('Iconic')] }, icon } });

describe('native Notion icons', () => {
  it('are set by name and colour on pages, gray when no colour is given, and read back', async () => {
    const page = ok(await createPage({ type: 'icon', icon: { name: 'pizza', color: 'blue' } }));
    expect(page.icon).toEqual({ type: 'icon', icon: { name: 'pizza', color: 'blue' } });
    expect(ok(await server.request('GET', `/v1/pages/${page.id}`)).icon).toEqual(page.icon);
    const plain = ok(await server.request('PATCH', `/v1/pages/${page.id}`, { body: { icon: { icon: { name: 'meeting' } } } }));
    expect(plain.icon).toEqual({ type: 'icon', icon: { name: 'meeting', color: 'gray' } });
    // Sent back as read, the icon is unchanged.
    expect(ok(await server.request('PATCH', `/v1/pages/${page.id}`, { body: { icon: plain.icon } })).icon).toEqual(plain.icon);
  });

  it('answer an external www.notion.so/icons address as a native icon', async () => {
    const cases: Array<[string, Json]> = [
      ['https://www.notion.so/icons/pizza_blue.svg', { type: 'icon', icon: { name: 'pizza', color: 'blue' } }],
      ['https://www.notion.so/icons/checkmark-line_lightgray.svg', { type: 'icon', icon: { name: 'checkmark-line', color: 'lightgray' } }],
      ['https://www.notion.so/icons/home.svg', { type: 'icon', icon: { name: 'home', color: 'gray' } }],
      ['https://example.com/icons/pizza_blue.svg', { type: 'external', external: { url: 'https://example.com/icons/pizza_blue.svg' } }],
      ['https://www.notion.so/images/pizza.png', { type: 'external', external: { url: 'https://www.notion.so/images/pizza.png' } }],
    ];
    for (const [url, icon] of cases) expect(ok(await createPage({ type: 'external', external: { url } })).icon, url).toEqual(icon);
  });

  it('are taken by databases, data sources and callouts', async () => {
    const icon = { type: 'icon', icon: { name: 'book', color: 'green' } };
    const { database, dataSourceId } = await createDatabase(server, { Name: { title: {} } }, { extra: { icon } });
    expect(database.icon).toEqual(icon);
    const external = { type: 'external', external: { url: 'https://www.notion.so/icons/star_yellow.svg' } };
    expect(ok(await server.request('PATCH', `/v1/data_sources/${dataSourceId}`, { body: { icon: external } })).icon).toEqual({
      type: 'icon',
      icon: { name: 'star', color: 'yellow' },
    });
    const page = ok(await createPage(null));
    const appended = ok(
      await server.request('PATCH', `/v1/blocks/${page.id}/children`, { body: { children: [{ callout: { rich_text: [text('c')], icon } }] } }),
    );
    expect(appended.results[0].callout.icon).toEqual(icon);
  });

  it('refuse a colour or name Notion does not have', async () => {
    expectError(
      await createPage({ type: 'icon', icon: { name: 'pizza', color: 'teal' } }),
      400,
      'validation_error',
      'body failed validation: body.icon.icon.color should be `"gray"`, `"lightgray"`, `"brown"`, `"yellow"`, `"orange"`, `"green"`, `"blue"`, `"purple"`, `"pink"`, `"red"`, or `undefined`, instead was `"teal"`.',
    );
    expectError(
      await createPage({ icon: { name: 'Pizza Slice' } }),
      400,
      'validation_error',
      'body failed validation: body.icon.icon.name should be a Notion icon name, instead was `"Pizza Slice"`.',
    );
  });
});

describe('custom emoji icons', () => {
  it('are named by an id of the workspace; an id it has no emoji of is refused', async () => {
    const message = `body failed validation: body.icon.custom_emoji.id should be the id of a custom emoji of this workspace, instead was \`"${EMOJI_ID}"\`.`;
    expectError(
      await createPage({ type: 'custom_emoji', custom_emoji: { id: EMOJI_ID, name: 'bufo', url: 'https://example.com/bufo.png' } }),
      400,
      'validation_error',
      message,
    );
    const page = ok(await createPage(null));
    const callout = await server.request('PATCH', `/v1/blocks/${page.id}/children`, {
      body: { children: [{ callout: { rich_text: [], icon: { custom_emoji: { id: EMOJI_ID } } } }] },
    });
    expectError(callout, 400, 'validation_error', message.replace('body.icon', 'body.children[0].callout.icon'));
    expectError(
      await createPage({ custom_emoji: { id: 'bufo' } }),
      400,
      'validation_error',
      'body failed validation: body.icon.custom_emoji.id should be a valid uuid, instead was `"bufo"`.',
    );
  });
});
