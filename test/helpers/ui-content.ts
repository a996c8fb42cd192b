// What the web UI's tests, its benchmark and the README's screenshot show: a small workspace
// (a fixture with a page tree and a task database) and a page with every block type, written
// through @notionhq/client as an integration would.
import type { Client } from '@notionhq/client';
import type { Fixture } from '../../src/emulator/fixtures/schema.js';
import { encodePng } from './png.js';

const t = (content: string, annotations: Record<string, unknown> = {}, link?: string) => ({
  type: 'text' as const,
  text: { content, link: link ? { url: link } : null },
  annotations,
});

const STATUSES = ['Backlog', 'Doing', 'Done'];
const COLOURS = ['gray', 'blue', 'green'];

/** A row of the task database; deterministic, so that sorted and filtered tables are known. */
export function taskRow(i: number) {
  return {
    properties: {
      Name: { title: [t(`Task ${String(i).padStart(5, '0')}`)] },
      Status: { select: { name: STATUSES[i % 3]! } },
      Points: { number: (i * 7) % 13 },
      Done: { checkbox: i % 4 === 0 },
      Due: { date: { start: `2026-0${(i % 9) + 1}-1${i % 10}` } },
      Notes: { rich_text: [t(i % 5 === 0 ? 'needs review' : 'fine')] },
    },
  };
}

export function uiFixture(rows = 30): Fixture {
  return {
    pages: [
      {
        key: 'handbook',
        title: 'Handbook',
        icon: { emoji: '📘' },
        children: [{ paragraph: { rich_text: [t('How we work.')] } }],
      },
      { key: 'onboarding', parent: { page: 'handbook' }, title: 'Onboarding', icon: { emoji: '👋' } },
      { key: 'first_week', parent: { page: 'onboarding' }, title: 'First week' },
      { key: 'old', title: 'Old notes', in_trash: true },
    ],
    databases: [
      {
        key: 'tasks',
        title: 'Tasks',
        icon: { emoji: '✅' },
        data_sources: [
          {
            key: 'tasks_source',
            title: 'Tasks',
            properties: {
              Name: { title: {} },
              Status: { select: { options: STATUSES.map((name, i) => ({ name, color: COLOURS[i] })) } },
              Points: { number: { format: 'number' } },
              Done: { checkbox: {} },
              Due: { date: {} },
              Notes: { rich_text: {} },
              Double: { formula: { expression: 'prop("Points") * 2' } },
            },
            rows: Array.from({ length: rows }, (_, i) => taskRow(i + 1)),
            views: [{ name: 'Most points', type: 'table', sorts: [{ property: 'Points', direction: 'descending' }] }],
          },
        ],
      },
    ],
  };
}

/** A small picture: a horizontal gradient, for image blocks and covers. */
export function gradientPng(width: number, height: number): Buffer {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) data.set([40 + Math.round((x / width) * 180), 120, 200 - Math.round((y / height) * 120), 255], (y * width + x) * 4);
  return encodePng({ width, height, data });
}

async function upload(sdk: Client, name: string, png: Buffer): Promise<string> {
  const created = await sdk.fileUploads.create({ mode: 'single_part', filename: name, content_type: 'image/png' });
  await sdk.fileUploads.send({ file_upload_id: created.id, file: { filename: name, data: new Blob([png], { type: 'image/png' }) } });
  return created.id;
}

/** A page under `parentId` with every block type the API writes, a comment, an icon and a cover. */
export async function everyBlockPage(sdk: Client, parentId: string, mentionPageId: string): Promise<string> {
  const image = await upload(sdk, 'gradient.png', gradientPng(240, 80));
  const cover = await upload(sdk, 'cover.png', gradientPng(600, 100));
  const page = await sdk.pages.create({
    parent: { page_id: parentId },
    icon: { type: 'emoji', emoji: '🧪' },
    cover: { type: 'file_upload', file_upload: { id: cover } },
    properties: { title: { title: [t('Every block')] } },
  });
  const id = page.id;
  const p = (content: string) => ({ paragraph: { rich_text: [t(content)] } });
  const { results } = await sdk.blocks.children.append({
    block_id: id,
    children: [
      { table_of_contents: {} },
      { heading_1: { rich_text: [t('Heading one')] } },
      {
        paragraph: {
          rich_text: [
            t('Bold', { bold: true }),
            t(', '),
            t('italic', { italic: true }),
            t(', '),
            t('struck', { strikethrough: true }),
            t(', '),
            t('underlined', { underline: true }),
            t(', '),
            t('code', { code: true }),
            t(', '),
            t('red', { color: 'red' }),
            t(', '),
            t('on yellow', { color: 'yellow_background' }),
            t(', a '),
            t('link', {}, 'https://example.com/docs'),
            t(', a page '),
            { type: 'mention', mention: { page: { id: mentionPageId } } },
            t(', a date '),
            { type: 'mention', mention: { date: { start: '2026-05-01' } } },
            t(' and '),
            { type: 'equation', equation: { expression: 'E = mc^2' } },
            t('.'),
          ],
        },
      },
      { heading_2: { rich_text: [t('A toggle heading')], is_toggleable: true, children: [p('Inside the toggle heading')] } },
      { heading_3: { rich_text: [t('Heading three')], color: 'blue' } },
      { bulleted_list_item: { rich_text: [t('First bullet')], children: [{ bulleted_list_item: { rich_text: [t('Nested bullet')] } }] } },
      { bulleted_list_item: { rich_text: [t('Second bullet')] } },
      { numbered_list_item: { rich_text: [t('First step')] } },
      { numbered_list_item: { rich_text: [t('Second step')] } },
      { to_do: { rich_text: [t('Write the tests')], checked: false } },
      { to_do: { rich_text: [t('Read the docs')], checked: true } },
      { toggle: { rich_text: [t('A toggle')], children: [p('Hidden until opened')] } },
      { callout: { rich_text: [t('A callout with an icon')], icon: { type: 'emoji', emoji: '💡' }, color: 'blue_background' } },
      { quote: { rich_text: [t('A quote, as Notion shows it')] } },
      { code: { language: 'typescript', rich_text: [t('const answer: number = 42;\nconsole.log(`answer ${answer}`);')], caption: [t('TypeScript')] } },
      { equation: { expression: '\\int_0^1 x^2\\,dx = \\frac{1}{3}' } },
      { divider: {} },
      {
        table: {
          table_width: 3,
          has_column_header: true,
          has_row_header: false,
          children: [{ table_row: { cells: [[t('Name')], [t('Role')], [t('Since')]] } }, { table_row: { cells: [[t('Ada')], [t('Engineer')], [t('2024')]] } }],
        },
      },
      { column_list: { children: [{ column: { children: [p('Left column')] } }, { column: { children: [p('Right column')] } }] } },
      { image: { type: 'file_upload', file_upload: { id: image }, caption: [t('A Notion-hosted image')] } },
      { file: { type: 'external', external: { url: 'https://example.com/files/report.pdf' }, name: 'report.pdf' } },
      { pdf: { type: 'external', external: { url: 'https://example.com/files/manual.pdf' } } },
      { video: { type: 'external', external: { url: 'https://example.com/videos/intro.mp4' } } },
      { bookmark: { url: 'https://example.com/articles/notion', caption: [t('A bookmark')] } },
      { embed: { url: 'https://example.com/embed/widget' } },
      { synced_block: { synced_from: null, children: [p('Synced content')] } },
      { link_to_page: { type: 'page_id', page_id: mentionPageId } },
      { breadcrumb: {} },
    ],
  } as Parameters<Client['blocks']['children']['append']>[0]);
  const original = results.find((b) => 'type' in b && b.type === 'synced_block')!;
  await sdk.blocks.children.append({ block_id: id, children: [{ synced_block: { synced_from: { block_id: original.id } } }] });
  await sdk.pages.create({ parent: { page_id: id }, properties: { title: { title: [t('A child page')] } } });
  await sdk.databases.create({
    parent: { type: 'page_id', page_id: id },
    title: [t('A child database')],
    initial_data_source: { properties: { Name: { title: {} } } },
  } as Parameters<Client['databases']['create']>[0]);
  await sdk.comments.create({ parent: { page_id: id }, rich_text: [t('A comment in the margin')] });
  return id;
}
