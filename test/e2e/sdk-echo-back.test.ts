// Clients that send back what they read, through the official @notionhq/client: a markdown
// document converted by @tryfabric/martian (links carry `type: "url"`) appended and read back, and
// a schema change sent the way client libraries send it, as whole retrieved property objects.
import type { BlockObjectRequest, BlockObjectResponse, RichTextItemResponse } from '@notionhq/client';
import { markdownToBlocks } from '@tryfabric/martian';
import { describe, expect, it } from 'vitest';
import { withSdkServer } from '../helpers/listening.js';
import { plain, text } from '../helpers/sdk.js';

const DOCUMENT = `# Release notes

See [the guide](https://example.com/guide) and **mind the gap**.

## Steps

- install the [package](https://example.com/pkg)
  - then run it
- done

1. first
2. second

\`\`\`typescript
const answer = 42;
\`\`\`

| Name | Link |
| --- | --- |
| docs | [site](https://example.com/site) |
`;

function richOf(block: BlockObjectResponse): RichTextItemResponse[] {
  const payload = (block as unknown as Record<string, { rich_text?: RichTextItemResponse[] }>)[block.type];
  return payload?.rich_text ?? [];
}

describe('martian output appended through the SDK', () => {
  const sdk = withSdkServer();

  it('appends every block with its links and reads the document back', async () => {
    const { server, notion } = sdk;
    const page = await notion.pages.create({ parent: { page_id: server.info.rootPageId }, properties: { title: { title: text('Notes') } } });
    const blocks = markdownToBlocks(DOCUMENT) as unknown as BlockObjectRequest[];
    await notion.blocks.children.append({ block_id: page.id, children: blocks });

    const top = (await notion.blocks.children.list({ block_id: page.id })).results as BlockObjectResponse[];
    expect(top.map((b) => b.type)).toEqual([
      'heading_1',
      'paragraph',
      'heading_2',
      'bulleted_list_item',
      'bulleted_list_item',
      'numbered_list_item',
      'numbered_list_item',
      'code',
      'table',
    ]);
    const paragraph = richOf(top[1]!);
    expect(plain(paragraph)).toBe('See the guide and mind the gap.');
    expect(paragraph[1]).toMatchObject({ text: { content: 'the guide', link: { url: 'https://example.com/guide' } }, href: 'https://example.com/guide' });
    expect(paragraph.find((r) => r.annotations.bold)?.plain_text).toBe('mind the gap');

    const install = top[3]!;
    expect(richOf(install).find((r) => r.href)?.href).toBe('https://example.com/pkg');
    expect(install.has_children).toBe(true);
    const nested = (await notion.blocks.children.list({ block_id: install.id })).results as BlockObjectResponse[];
    expect(nested.map((b) => plain(richOf(b)))).toEqual(['then run it']);

    const code = top[7]!;
    expect(code.type === 'code' && code.code.language).toBe('typescript');
    expect(plain(richOf(code))).toBe('const answer = 42;');

    const table = top[8]!;
    expect(table.type === 'table' && table.table).toMatchObject({ table_width: 2, has_column_header: true });
    const rows = (await notion.blocks.children.list({ block_id: table.id })).results as BlockObjectResponse[];
    const cells = rows.map((r) => (r.type === 'table_row' ? r.table_row.cells.map(plain) : []));
    expect(cells).toEqual([
      ['Name', 'Link'],
      ['docs', 'site'],
    ]);
    const link = rows[1]!.type === 'table_row' ? rows[1]!.table_row.cells[1]![0] : undefined;
    expect(link?.href).toBe('https://example.com/site');
  });
});

describe('a schema change sent as whole retrieved property objects', () => {
  const sdk = withSdkServer();

  it('renames a property, adds an option and changes a format, sending back what it read', async () => {
    const { server, notion } = sdk;
    const database = await notion.databases.create({
      parent: { type: 'page_id', page_id: server.info.rootPageId },
      title: text('Tracker'),
      initial_data_source: {
        properties: {
          Name: { title: {} },
          Tags: {
            multi_select: {
              options: [
                { name: 'bug', color: 'red' },
                { name: 'idea', color: 'blue' },
              ],
            },
          },
          Estimate: { number: { format: 'number' } },
          Notes: { rich_text: {} },
        },
      },
    });
    if (!('data_sources' in database)) throw new Error('expected a full database');
    const dataSourceId = database.data_sources[0]!.id;
    const row = await notion.pages.create({
      parent: { data_source_id: dataSourceId },
      properties: { Name: { title: text('First') }, Tags: { multi_select: [{ name: 'bug' }] } },
    });

    const read = await notion.dataSources.retrieve({ data_source_id: dataSourceId });
    if (!('properties' in read)) throw new Error('expected a full data source');
    // As client libraries do: take the retrieved objects, change them in place, send them whole.
    const properties = structuredClone(read.properties) as Record<string, Record<string, any>>;
    properties.Tags!.multi_select.options.push({ name: 'chore', color: 'green' });
    properties.Estimate!.number.format = 'dollar';
    properties.Notes!.name = 'Comments';
    const updated = await notion.dataSources.update({ data_source_id: dataSourceId, properties: properties as never });

    expect(Object.keys(updated.properties).sort()).toEqual(['Comments', 'Estimate', 'Name', 'Tags']);
    expect(updated.properties.Comments!.id).toBe(read.properties.Notes!.id);
    const tags = updated.properties.Tags!;
    expect(tags.type === 'multi_select' && tags.multi_select.options.map((o) => [o.name, o.color])).toEqual([
      ['bug', 'red'],
      ['idea', 'blue'],
      ['chore', 'green'],
    ]);
    const before = read.properties.Tags!;
    expect(tags.type === 'multi_select' && before.type === 'multi_select' && tags.multi_select.options[0]!.id).toBe(
      before.type === 'multi_select' ? before.multi_select.options[0]!.id : undefined,
    );
    const estimate = updated.properties.Estimate!;
    expect(estimate.type === 'number' && estimate.number.format).toBe('dollar');

    // The row keeps its value: options sent back by id are the same options.
    const page = await notion.pages.retrieve({ page_id: row.id });
    const value = 'properties' in page ? page.properties.Tags : undefined;
    expect(value?.type === 'multi_select' && value.multi_select.map((o) => o.name)).toEqual(['bug']);

    // Sending the updated objects back once more changes nothing.
    const again = await notion.dataSources.update({ data_source_id: dataSourceId, properties: updated.properties as never });
    expect(again.properties).toEqual(updated.properties);
  });
});
