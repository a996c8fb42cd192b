// The Markdown content API through the official @notionhq/client: pages.create({ markdown }),
// pages.retrieveMarkdown and every pages.updateMarkdown operation, and the Quickstart's first call
// (https://developers.notion.com/guides/notion-api/quick-start).
import { APIErrorCode, type Client } from '@notionhq/client';
import { beforeAll, describe, expect, it } from 'vitest';
import { secondIntegration } from '../helpers/integrations.js';
import { sdkClient, withSdkServer } from '../helpers/listening.js';
import { expectApiError, fullPage, plain, text } from '../helpers/sdk.js';

describe('markdown through the SDK', () => {
  const sdk = withSdkServer();
  let notion: Client;
  let root: string;

  beforeAll(() => {
    notion = sdk.notion;
    root = sdk.server.info.rootPageId;
  });

  it("creates the Quickstart's page: no parent, the # heading as its title", async () => {
    // The Quickstart's token creates private pages at the top of the workspace, which a public
    // connection acting for its owner may do; an internal one may not.
    const owner = (await notion.users.list({})).results.find((u) => u.type === 'person')!;
    const created = await secondIntegration(sdk.server, { name: 'Quickstart', kind: 'public', ownerUserId: owner.id });
    const client = sdkClient(sdk.server, { auth: created.token });
    const page = fullPage(
      await client.pages.create({
        markdown: '# My first API page\n\nCreated with the **Notion API**.\n\n- Headings\n- Lists\n- Code blocks',
      }),
    );
    expect(page.parent).toEqual({ type: 'workspace', workspace: true });
    const title = page.properties.title;
    expect(title?.type === 'title' ? plain(title.title) : undefined).toBe('My first API page');
    const md = await client.pages.retrieveMarkdown({ page_id: page.id });
    expect(md.markdown).toBe('Created with the **Notion API**.\n- Headings\n- Lists\n- Code blocks');
    // An internal integration is refused, as for any page at the top of the workspace.
    await expectApiError(notion.pages.create({ markdown: '# Nope' }), APIErrorCode.ValidationError, 400);
  });

  it('creates, reads and edits a page with every update operation', async () => {
    const page = await notion.pages.create({
      parent: { page_id: root },
      properties: { title: { title: text('Notes') } },
      markdown: '## Plan\nFirst step\n```python\nprint("hi")\n```',
    });
    const read = await notion.pages.retrieveMarkdown({ page_id: page.id });
    expect(read).toMatchObject({ object: 'page_markdown', id: page.id, truncated: false, unknown_block_ids: [] });
    expect(read.markdown).toBe('## Plan\nFirst step\n```python\nprint("hi")\n```');

    const inserted = await notion.pages.updateMarkdown({ page_id: page.id, type: 'insert_content', insert_content: { content: '> Note', after: '## Plan' } });
    expect(inserted.markdown).toBe('## Plan\n> Note\nFirst step\n```python\nprint("hi")\n```');

    const started = await notion.pages.updateMarkdown({
      page_id: page.id,
      type: 'insert_content',
      insert_content: { content: '---', position: { type: 'start' } },
    });
    expect(started.markdown.startsWith('---\n## Plan')).toBe(true);

    const updated = await notion.pages.updateMarkdown({
      page_id: page.id,
      type: 'update_content',
      update_content: { content_updates: [{ old_str: 'First step', new_str: '- [ ] First step' }] },
    });
    expect(updated.markdown).toContain('- [ ] First step');

    const ranged = await notion.pages.updateMarkdown({
      page_id: page.id,
      type: 'replace_content_range',
      replace_content_range: { content: '$$\nE = mc^2\n$$', content_range: '```python...```' },
    });
    expect(ranged.markdown.endsWith('- [ ] First step\n$$\nE = mc^2\n$$')).toBe(true);

    const replaced = await notion.pages.updateMarkdown({ page_id: page.id, type: 'replace_content', replace_content: { new_str: 'Just this.' } });
    expect(replaced.markdown).toBe('Just this.');
    const blocks = await notion.blocks.children.list({ block_id: page.id });
    expect(blocks.results).toHaveLength(1);

    await expectApiError(
      notion.pages.updateMarkdown({ page_id: page.id, type: 'update_content', update_content: { content_updates: [{ old_str: 'missing', new_str: 'x' }] } }),
      APIErrorCode.ValidationError,
      400,
    );
  });
});
