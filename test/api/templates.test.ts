// Data source templates (https://developers.notion.com/reference/list-data-source-templates): made
// through the control API, listed with cursors and a name filter, left out of queries and search,
// and applied by POST /v1/pages and PATCH /v1/pages/{id} with `template` and `erase_content`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalNotion } from '../../src/emulator/start.js';
import { call, closeEmulators, startEmulator } from '../helpers/emulator.js';

let ln: LocalNotion;
let dataSourceId: string;
let defaultId: string;
let otherId: string;

const title = (content: string) => ({ Name: { title: [{ text: { content } }] } });
const paragraph = (content: string) => ({ paragraph: { rich_text: [{ text: { content } }] } });
const texts = async (pageId: string): Promise<string[]> =>
  (await call(ln, 'GET', `/v1/blocks/${pageId}/children`)).body.results.map((b: any) => b[b.type].rich_text?.[0]?.plain_text ?? b.type);

beforeAll(async () => {
  ln = await startEmulator({ listen: false });
  const db = await call(ln, 'POST', '/v1/databases', {
    body: {
      parent: { page_id: ln.rootPageId },
      title: [{ text: { content: 'Albums' } }],
      initial_data_source: { properties: { Name: { title: {} }, Genre: { select: { options: [{ name: 'Jazz' }, { name: 'Rock' }] } }, Year: { number: {} } } },
    },
  });
  dataSourceId = db.body.data_sources[0].id;
  const made = async (body: Record<string, unknown>) => {
    const res = await call(ln, 'POST', '/__localnotion/templates', { body: { data_source_id: dataSourceId, ...body } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.id as string;
  };
  defaultId = await made({
    properties: { ...title('Album'), Genre: { select: { name: 'Jazz' } } },
    children: [paragraph('Tracks'), { toggle: { rich_text: [{ text: { content: 'Notes' } }], children: [paragraph('inside')] } }],
    is_default: true,
  });
  otherId = await made({ properties: { ...title('Single'), Year: { number: 1999 } }, children: [paragraph('Side A')] });
});
afterAll(closeEmulators);

describe('templates', () => {
  it('lists them with cursors and a name filter, without a request id', async () => {
    const all = await call(ln, 'GET', `/v1/data_sources/${dataSourceId}/templates`);
    expect(all.body).toEqual({
      templates: [
        { id: defaultId, name: 'Album', is_default: true },
        { id: otherId, name: 'Single', is_default: false },
      ],
      has_more: false,
      next_cursor: null,
    });
    const first = await call(ln, 'GET', `/v1/data_sources/${dataSourceId}/templates?page_size=1`);
    expect(first.body).toEqual({ templates: [{ id: defaultId, name: 'Album', is_default: true }], has_more: true, next_cursor: otherId });
    const next = await call(ln, 'GET', `/v1/data_sources/${dataSourceId}/templates?page_size=1&start_cursor=${otherId}`);
    expect(next.body.templates.map((t: any) => t.id)).toEqual([otherId]);
    const named = await call(ln, 'GET', `/v1/data_sources/${dataSourceId}/templates?name=SING`);
    expect(named.body.templates.map((t: any) => t.id)).toEqual([otherId]);
    const bad = await call(ln, 'GET', `/v1/data_sources/${dataSourceId}/templates?start_cursor=nope`);
    expect(bad.body).toMatchObject({ status: 400, code: 'validation_error', message: 'The start_cursor provided is invalid: nope' });
    expect((await call(ln, 'GET', `/v1/data_sources/${dataSourceId}/templates`, { version: '2022-06-28' })).body.code).toBe('invalid_request_url');
  });

  it('are not pages of the data source to queries or search', async () => {
    const query = await call(ln, 'POST', `/v1/data_sources/${dataSourceId}/query`, { body: {} });
    expect(query.body.results.map((p: any) => p.id)).not.toContain(defaultId);
    const search = await call(ln, 'POST', '/v1/search', { body: { query: 'Album' } });
    expect(search.body.results.map((p: any) => p.id)).not.toContain(defaultId);
    // Still pages: read by id.
    expect((await call(ln, 'GET', `/v1/pages/${defaultId}`)).body.object).toBe('page');
  });

  it('applies the default template on create: its content and the values the request does not set', async () => {
    const res = await call(ln, 'POST', '/v1/pages', {
      body: {
        parent: { data_source_id: dataSourceId },
        properties: { ...title('Kind of Blue'), Year: { number: 1959 } },
        template: { type: 'default', timezone: 'Europe/Paris' },
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // The answer is the page as asked; the template is in place once the call returns.
    expect(res.body.properties.Genre.select).toBeNull();
    const page = (await call(ln, 'GET', `/v1/pages/${res.body.id}`)).body;
    expect(page.properties.Genre.select.name).toBe('Jazz');
    expect(page.properties.Year.number).toBe(1959);
    expect(page.properties.Name.title[0].plain_text).toBe('Kind of Blue');
    expect(await texts(res.body.id)).toEqual(['Tracks', 'Notes']);
    const toggle = (await call(ln, 'GET', `/v1/blocks/${res.body.id}/children`)).body.results[1];
    expect(toggle.has_children).toBe(true);
    expect(await texts(toggle.id)).toEqual(['inside']);
    // Queries find it by the copied value.
    const jazz = await call(ln, 'POST', `/v1/data_sources/${dataSourceId}/query`, { body: { filter: { property: 'Genre', select: { equals: 'Jazz' } } } });
    expect(jazz.body.results.map((p: any) => p.id)).toEqual([res.body.id]);
  });

  it('applies a template by id on update, after the content, or instead of it with erase_content', async () => {
    const made = await call(ln, 'POST', '/v1/pages', {
      body: { parent: { data_source_id: dataSourceId }, properties: title('Mine'), children: [paragraph('Own')] },
    });
    const id = made.body.id as string;
    expect((await call(ln, 'PATCH', `/v1/pages/${id}`, { body: { template: { type: 'template_id', template_id: otherId } } })).status).toBe(200);
    expect(await texts(id)).toEqual(['Own', 'Side A']);
    expect((await call(ln, 'GET', `/v1/pages/${id}`)).body.properties.Year.number).toBe(1999);
    expect((await call(ln, 'PATCH', `/v1/pages/${id}`, { body: { template: { type: 'default' }, erase_content: true } })).status).toBe(200);
    expect(await texts(id)).toEqual(['Tracks', 'Notes']);
    expect((await call(ln, 'PATCH', `/v1/pages/${id}`, { body: { erase_content: true } })).status).toBe(200);
    expect(await texts(id)).toEqual([]);
  });

  it('refuses what Notion refuses', async () => {
    const other = await call(ln, 'POST', '/v1/databases', {
      body: { parent: { page_id: ln.rootPageId }, title: [{ text: { content: 'Plain' } }], initial_data_source: { properties: { Name: { title: {} } } } },
    });
    const plain = other.body.data_sources[0].id;
    const noDefault = await call(ln, 'POST', '/v1/pages', {
      body: { parent: { data_source_id: plain }, properties: title('x'), template: { type: 'default' } },
    });
    expect(noDefault.body).toMatchObject({ status: 400, code: 'validation_error', message: `The data source ${plain} has no default template.` });
    const onPage = await call(ln, 'POST', '/v1/pages', { body: { parent: { page_id: ln.rootPageId }, template: { type: 'default' } } });
    expect(onPage.body.message).toBe('template.type `default` can only be used when the parent is a data source.');
    const missing = '0f0f0f0f-0f0f-4f0f-8f0f-0f0f0f0f0f0f';
    const unknown = await call(ln, 'POST', '/v1/pages', {
      body: { parent: { data_source_id: dataSourceId }, template: { type: 'template_id', template_id: missing } },
    });
    expect(unknown.body).toMatchObject({ status: 404, code: 'object_not_found' });
    const both = await call(ln, 'POST', '/v1/pages', {
      body: { parent: { data_source_id: dataSourceId }, template: { type: 'default' }, children: [paragraph('x')] },
    });
    expect(both.body.message).toBe('body failed validation: a page made from a template cannot also be given children, content or markdown.');
    const badType = await call(ln, 'POST', '/v1/pages', { body: { parent: { data_source_id: dataSourceId }, template: { type: 'some' } } });
    expect(badType.body.code).toBe('validation_error');
    const none = await call(ln, 'PATCH', `/v1/pages/${defaultId}`, { body: { template: { type: 'none' } } });
    expect(none.body.code).toBe('validation_error');
    expect((await call(ln, 'POST', '/__localnotion/templates', { body: { data_source_id: 'nope' } })).status).toBe(400);
  });
});

describe('template variables', () => {
  const mention = (m: Record<string, unknown>) => ({ mention: { template_mention: m } });
  let variablesId: string;

  beforeAll(async () => {
    const res = await call(ln, 'POST', '/__localnotion/templates', {
      body: {
        data_source_id: dataSourceId,
        properties: { Name: { title: [{ text: { content: 'Daily ' } }, mention({ template_mention_date: 'today' })] } },
        children: [
          {
            paragraph: {
              rich_text: [
                mention({ type: 'template_mention_date', template_mention_date: 'today' }),
                mention({ template_mention_date: 'now' }),
                mention({ type: 'template_mention_user', template_mention_user: 'me' }),
              ],
            },
          },
        ],
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    variablesId = res.body.id;
  });

  /** Apply the template at 2026-07-04T23:30Z in `timezone`; the mentions of its paragraph, and the page. */
  async function applied(timezone?: string) {
    ln.clock.freeze('2026-07-04T23:30:00.000Z');
    try {
      const template = { type: 'template_id', template_id: variablesId, ...(timezone ? { timezone } : {}) };
      const res = await call(ln, 'POST', '/v1/pages', { body: { parent: { data_source_id: dataSourceId }, properties: {}, template } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const blocks = (await call(ln, 'GET', `/v1/blocks/${res.body.id}/children`)).body.results;
      return { page: (await call(ln, 'GET', `/v1/pages/${res.body.id}`)).body, items: blocks[0].paragraph.rich_text as any[] };
    } finally {
      ln.clock.unfreeze();
    }
  }

  it('resolves @Today, @Now and @Me when applied, in UTC without a timezone', async () => {
    const { page, items } = await applied();
    expect(items.map((i) => i.mention)).toEqual([
      { type: 'date', date: { start: '2026-07-04', end: null, time_zone: null } },
      { type: 'date', date: { start: '2026-07-04T23:30:00.000+00:00', end: null, time_zone: null } },
      { type: 'user', user: { object: 'user', id: page.created_by.id } },
    ]);
    const me = (await call(ln, 'GET', `/v1/users/${page.created_by.id}`)).body;
    expect(items.map((i) => i.plain_text)).toEqual(['2026-07-04', '2026-07-04T23:30:00.000+00:00', `@${me.name}`]);
    // Property values are resolved too: the title, and the title search and queries see.
    expect(page.properties.Name.title.map((i: any) => i.plain_text)).toEqual(['Daily ', '2026-07-04']);
    const found = await call(ln, 'POST', `/v1/data_sources/${dataSourceId}/query`, {
      body: { filter: { property: 'Name', title: { contains: 'Daily 2026-07-04' } } },
    });
    expect(found.body.results.map((p: any) => p.id)).toContain(page.id);
    // The template itself keeps its variables.
    const kept = (await call(ln, 'GET', `/v1/blocks/${variablesId}/children`)).body.results[0].paragraph.rich_text;
    expect(kept[0].mention).toEqual({ type: 'template_mention', template_mention: { type: 'template_mention_date', template_mention_date: 'today' } });
  });

  it('reads the day and the time in the timezone the request names', async () => {
    const paris = await applied('Europe/Paris');
    expect(paris.items.slice(0, 2).map((i) => i.mention.date.start)).toEqual(['2026-07-05', '2026-07-05T01:30:00.000+02:00']);
    const newYork = await applied('America/New_York');
    expect(newYork.items.slice(0, 2).map((i) => i.mention.date.start)).toEqual(['2026-07-04', '2026-07-04T19:30:00.000-04:00']);
    const kolkata = await applied('Asia/Kolkata');
    expect(kolkata.items.slice(0, 2).map((i) => i.mention.date.start)).toEqual(['2026-07-05', '2026-07-05T05:00:00.000+05:30']);
  });

  it('refuses a timezone that is not an IANA zone, before writing anything', async () => {
    const template = { type: 'template_id', template_id: variablesId, timezone: 'Mars/Olympus' };
    const res = await call(ln, 'POST', '/v1/pages', { body: { parent: { data_source_id: dataSourceId }, properties: title('never'), template } });
    expect(res.body).toMatchObject({
      status: 400,
      code: 'validation_error',
      message: 'body failed validation: body.template.timezone should be a valid IANA time zone, instead was `"Mars/Olympus"`.',
    });
    const patch = await call(ln, 'PATCH', `/v1/pages/${defaultId}`, { body: { template: { type: 'default', timezone: 'Nowhere' } } });
    expect(patch.body.code).toBe('validation_error');
    const search = await call(ln, 'POST', '/v1/search', { body: { query: 'never' } });
    expect(search.body.results).toEqual([]);
  });
});
