// The workspace the clone tests copy: every block type, every property type, relations across two
// data sources, 1,000 rows, values longer than a page object shows (so the property item endpoint
// is read), comments, and an uploaded file attached to a block, a page's cover and a files value.
import type { Fixture } from '../../src/emulator/fixtures/schema.js';
import type { LocalNotion } from '../../src/emulator/start.js';

const t = (content: string) => [{ text: { content } }];
const rt = (content: string) => ({ rich_text: t(content) });

export const ROWS = 1000;

const everyBlock = [
  { heading_1: rt('Heading 1') },
  { heading_2: rt('Heading 2') },
  { heading_3: { ...rt('Heading 3'), is_toggleable: true, children: [{ paragraph: rt('in a toggle heading') }] } },
  { paragraph: { rich_text: [...t('Bold '), { text: { content: 'link', link: { url: 'https://example.com' } }, annotations: { bold: true } }] } },
  { paragraph: { rich_text: [{ mention: { page: { id: 'projects_page' } } }, { mention: { user: { id: 'ada' } } }, { equation: { expression: 'e=mc^2' } }] } },
  { bulleted_list_item: { ...rt('bullet'), children: [{ bulleted_list_item: { ...rt('nested'), children: [{ numbered_list_item: rt('deeper') }] } }] } },
  { numbered_list_item: rt('one') },
  { to_do: { ...rt('done'), checked: true } },
  { toggle: { ...rt('toggle'), children: [{ quote: rt('quoted') }] } },
  { quote: { ...rt('quote'), color: 'blue_background' } },
  { callout: { ...rt('callout'), icon: { emoji: '💡' } } },
  { code: { ...rt('const x = 1;'), language: 'typescript', caption: t('code') } },
  { equation: { expression: 'a^2+b^2=c^2' } },
  { divider: {} },
  { table_of_contents: {} },
  { breadcrumb: {} },
  { column_list: { children: [{ column: { children: [{ paragraph: rt('left') }] } }, { column: { children: [{ paragraph: rt('right') }] } }] } },
  {
    table: {
      table_width: 2,
      has_column_header: true,
      has_row_header: false,
      children: [{ table_row: { cells: [t('a'), t('b')] } }, { table_row: { cells: [t('1'), t('2')] } }],
    },
  },
  { synced_block: { synced_from: null, children: [{ paragraph: rt('synced content') }] } },
  { bookmark: { url: 'https://example.com/bookmark', caption: [] } },
  { embed: { url: 'https://example.com/embed' } },
  { image: { external: { url: 'https://example.com/image.png' } } },
  { video: { external: { url: 'https://example.com/video.mp4' } } },
  { pdf: { external: { url: 'https://example.com/doc.pdf' } } },
  { audio: { external: { url: 'https://example.com/audio.mp3' } } },
  { file: { external: { url: 'https://example.com/file.txt' }, name: 'file.txt' } },
  { link_to_page: { page_id: 'projects_page' } },
];

const many = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));

export function sourceFixture(rows = ROWS): Fixture {
  return {
    workspace: { name: 'Test workspace' },
    users: [
      { key: 'ada', name: 'Ada Lovelace', email: 'ada@example.com' },
      { key: 'grace', name: 'Grace Hopper', email: 'grace@example.com' },
    ],
    pages: [
      { key: 'home', title: 'Home', icon: { emoji: '🏠' }, cover: { external: { url: 'https://example.com/cover.png' } }, children: everyBlock },
      { key: 'projects_page', parent: { page: 'home' }, title: 'Projects page', children: [{ paragraph: rt('child page content') }] },
    ],
    databases: [
      {
        key: 'work',
        parent: { page: 'home' },
        title: 'Work',
        description: 'Projects and tasks',
        icon: { emoji: '🗂️' },
        data_sources: [
          {
            key: 'projects',
            title: 'Projects',
            properties: { Name: { title: {} }, Budget: { number: { format: 'dollar' } } },
            rows: many(30, (i) => ({ key: `p${i}`, title: `Project ${i}`, properties: { Budget: { number: i * 100 } } })),
          },
          {
            key: 'tasks',
            title: 'Tasks',
            properties: {
              Name: { title: {} },
              Notes: { rich_text: {} },
              Points: { number: { format: 'number' } },
              Tag: {
                select: {
                  options: [
                    { name: 'red', color: 'red' },
                    { name: 'blue', color: 'blue' },
                  ],
                },
              },
              Tags: {
                multi_select: {
                  options: [
                    { name: 'x', color: 'gray' },
                    { name: 'y', color: 'green' },
                  ],
                },
              },
              Stage: { status: {} },
              Due: { date: {} },
              Owner: { people: {} },
              Attachments: { files: {} },
              Done: { checkbox: {} },
              Link: { url: {} },
              Mail: { email: {} },
              Phone: { phone_number: {} },
              Double: { formula: { expression: 'prop("Points") * 2' } },
              Project: { relation: { data_source_id: 'projects', dual_property: { synced_property_name: 'Tasks' } } },
              Budgets: { rollup: { relation_property_name: 'Project', rollup_property_name: 'Budget', function: 'sum' } },
              Created: { created_time: {} },
              Creator: { created_by: {} },
              Edited: { last_edited_time: {} },
              Editor: { last_edited_by: {} },
              Ref: { unique_id: { prefix: 'TASK' } },
            },
            rows: [
              {
                key: 'long',
                title: many(30, (i) => ({ text: { content: `w${i} ` } })),
                properties: {
                  Notes: { rich_text: many(30, (i) => ({ text: { content: `note ${i} ` } })) },
                  Project: { relation: many(30, (i) => ({ id: `p${i}` })) },
                  Owner: { people: [{ id: 'ada' }, { id: 'grace' }] },
                },
                children: [{ paragraph: rt('row content') }],
              },
              ...many(rows - 1, (i) => ({
                title: `Task ${i}`,
                properties: {
                  Points: { number: i },
                  Tag: { select: { name: i % 2 ? 'red' : 'blue' } },
                  Tags: { multi_select: [{ name: 'x' }, ...(i % 3 ? [] : [{ name: 'y' }])] },
                  Due: { date: { start: `2025-0${(i % 9) + 1}-1${i % 10}` } },
                  Done: { checkbox: i % 2 === 0 },
                  Link: { url: `https://example.com/${i}` },
                  Mail: { email: `t${i}@example.com` },
                  Phone: { phone_number: `+1 555 ${i}` },
                  ...(i % 10 === 0 ? { Project: { relation: [{ id: `p${(i / 10) % 30}` }] } } : {}),
                },
              })),
            ],
          },
        ],
      },
    ],
  };
}

/** What the fixture cannot say: comments, and an uploaded file on a block, a cover and a files value. */
export async function addUploadsAndComments(ln: LocalNotion): Promise<void> {
  const call = async (method: string, path: string, body?: unknown): Promise<Record<string, any>> => {
    const response = await ln.fetch(`${ln.url}/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${ln.token}`, 'notion-version': '2025-09-03', 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const answer = (await response.json()) as Record<string, any>;
    if (!response.ok) throw new Error(`${method} ${path}: ${JSON.stringify(answer)}`);
    return answer;
  };
  const upload = async (name: string, type: string, bytes: string) => {
    const created = await call('POST', '/file_uploads', { filename: name, content_type: type });
    const form = new FormData();
    form.set('file', new Blob([bytes], { type }), name);
    const sent = await ln.fetch(`${ln.url}/v1/file_uploads/${created.id}/send`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ln.token}`, 'notion-version': '2025-09-03' },
      body: form,
    });
    if (!sent.ok) throw new Error(`send: ${await sent.text()}`);
    return created.id as string;
  };
  const home = ln.id('home');
  await call('PATCH', `/blocks/${home}/children`, {
    children: [
      { file: { type: 'file_upload', file_upload: { id: await upload('notes.txt', 'text/plain', 'hello from the source') } } },
      { image: { type: 'file_upload', file_upload: { id: await upload('pixel.png', 'image/png', 'not really a png') } } },
    ],
  });
  await call('PATCH', `/pages/${ln.id('projects_page')}`, {
    cover: { type: 'file_upload', file_upload: { id: await upload('cover.png', 'image/png', 'cover bytes') } },
  });
  await call('PATCH', `/pages/${ln.id('long')}`, {
    properties: {
      Attachments: { files: [{ type: 'file_upload', file_upload: { id: await upload('spec.txt', 'text/plain', 'the spec') }, name: 'spec.txt' }] },
    },
  });
  const first = await call('POST', '/comments', { parent: { page_id: home }, rich_text: t('First comment') });
  await call('POST', '/comments', { discussion_id: first.discussion_id, rich_text: t('A reply') });
  await call('POST', '/comments', { parent: { page_id: ln.id('long') }, rich_text: t('On a row') });
  // The synced block's copy, next to its original.
  const children = await call('GET', `/blocks/${home}/children?page_size=100`);
  const original = (children.results as Array<Record<string, any>>).find((b) => b.type === 'synced_block')!;
  await call('PATCH', `/blocks/${home}/children`, { children: [{ synced_block: { synced_from: { block_id: original.id } } }] });
}
