// The walk the /v1 response hook makes (src/http/response-hook.ts: mentions and hosted files in
// one pass), beside the two walks it replaced, timed in process on responses without a mention: a page object as GET /v1/pages/{id} answers it,
// and a list of 100 of them. `npx tsx bench/mention-walk.ts`; the figures are in RESULTS.md.
import { collectHostedFile, noHostedFiles } from '../src/files/hosted.js';
import { forEachMention, forEachObject, mentionOf, mentionTarget } from '../src/properties/mentions.js';

const item = (content: string) => ({
  type: 'text',
  text: { content, link: null },
  annotations: { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: 'default' },
  plain_text: content,
  href: null,
});
const user = { object: 'user', id: '6e2c1d5e-8a4b-4f3c-9d2e-1a0b9c8d7e6f' };
const page = {
  object: 'page',
  id: '0b6c8f7e-1a2b-4c3d-8e9f-a0b1c2d3e4f5',
  created_time: '2026-12-06T00:00:00.000Z',
  last_edited_time: '2026-12-06T00:00:00.000Z',
  created_by: user,
  last_edited_by: user,
  cover: null,
  icon: { type: 'emoji', emoji: '🥑' },
  parent: { type: 'page_id', page_id: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f' },
  in_trash: false,
  is_archived: false,
  is_locked: false,
  properties: { title: { id: 'title', type: 'title', title: [item('Benchmark page')] } },
  url: 'https://www.notion.so/Benchmark-page-0b6c8f7e1a2b4c3d8e9fa0b1c2d3e4f5',
  public_url: null,
  archived: false,
  request_id: '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
};

/** What the hook does before it asks the store anything: one walk for mentions and hosted files. */
function oneWalk(body: unknown): number {
  let found = 0;
  const files = noHostedFiles();
  forEachObject(body, (o) => {
    collectHostedFile(o, files);
    if (mentionOf(o) === undefined) return false;
    if (mentionTarget(o) !== undefined) found++;
    return true;
  });
  return found + files.holders.length;
}

/** The same before: one walk for mentions, then one for hosted files. */
function twoWalks(body: unknown): number {
  let found = 0;
  forEachMention(body, (o) => {
    if (mentionTarget(o) !== undefined) found++;
  });
  const files = noHostedFiles();
  forEachObject(body, (o) => collectHostedFile(o, files));
  return found + files.holders.length;
}

for (const [name, body, runs] of [
  ['page object', page, 200_000],
  ['list of 100 page objects', { object: 'list', results: Array.from({ length: 100 }, () => structuredClone(page)) }, 2_000],
] as const) {
  for (const [walk, collect] of [
    ['one walk', oneWalk],
    ['two walks', twoWalks],
  ] as const) {
    for (let i = 0; i < runs / 10; i++) collect(body);
    const start = process.hrtime.bigint();
    for (let i = 0; i < runs; i++) collect(body);
    const micros = Number(process.hrtime.bigint() - start) / 1000 / runs;
    console.log(`${name}, ${walk}: ${micros.toFixed(2)} µs`);
  }
}
