// Custom emojis through the official @notionhq/client: customEmojis.list with its name filter and
// cursors, walked by the SDK's pagination helper, and an emoji set as a page icon.
import { collectPaginatedAPI, isFullPage } from '@notionhq/client';
import { beforeAll, describe, expect, it } from 'vitest';
import { addCustomEmoji } from '../../src/services/custom-emojis.js';
import { withSdkServer } from '../helpers/listening.js';
import { text } from '../helpers/sdk.js';

describe('custom emojis through the SDK', () => {
  const sdk = withSdkServer();
  const names = ['bufo', 'party-parrot', 'ablobcat'];
  let ids: Record<string, string>;

  beforeAll(async () => {
    const { ctx, info } = sdk.server;
    ids = {};
    for (const name of names) ids[name] = (await addCustomEmoji(ctx, info.workspaceId, { name, url: `https://emoji.example.com/${name}.png` })).id;
  });

  it('lists every emoji by name through collectPaginatedAPI, and one by its name', async () => {
    const all = await collectPaginatedAPI((args: { start_cursor?: string }) => sdk.notion.customEmojis.list({ ...args, page_size: 1 }), {});
    expect(all.map((e) => e.name)).toEqual(['ablobcat', 'bufo', 'party-parrot']);
    const one = await sdk.notion.customEmojis.list({ name: 'bufo' });
    expect(one).toMatchObject({ object: 'list', type: 'custom_emoji', has_more: false, next_cursor: null });
    expect(one.results).toEqual([{ id: ids.bufo, name: 'bufo', url: 'https://emoji.example.com/bufo.png' }]);
  });

  it('sets one as a page icon by id, read back with its name and url', async () => {
    const page = await sdk.notion.pages.create({
      parent: { page_id: sdk.server.info.rootPageId },
      properties: { title: { title: text('Frogs') } },
      icon: { type: 'custom_emoji', custom_emoji: { id: ids.bufo! } },
    });
    const read = await sdk.notion.pages.retrieve({ page_id: page.id });
    if (!isFullPage(read)) throw new Error('expected a full page');
    expect(read.icon).toEqual({ type: 'custom_emoji', custom_emoji: { id: ids.bufo, name: 'bufo', url: 'https://emoji.example.com/bufo.png' } });
  });
});
