// A client may send back what it read (docs/decisions.md, "Requests that echo responses"):
// property schema objects with their `id`, `name` and `type`, page values with `id`, `type` and a
// relation's `has_more`, rich text as returned, and block content with `children: []` are
// accepted and change nothing. What Notion still refuses keeps its exact message.
import { beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, createRow, expectError, getDataSource, getPage, ok, text, titled, WRITABLE, type Json } from '../helpers/builders.js';
import { sharedTestServer } from '../helpers/server.js';
import { PARENT_BLOCK_TYPES } from '../../src/schemas/blocks.js';

const server = sharedTestServer();
let root: string;
let ownerId: string;

beforeAll(async () => {
  root = server.info.rootPageId;
  ownerId = server.info.ownerId;
});

const LEGACY = '2022-06-28';

const SCHEMA = {
  Name: { title: {} },
  Notes: { rich_text: {} },
  Count: { number: { format: 'dollar' } },
  Stage: { select: { options: [{ name: 'Open', color: 'green' }, { name: 'Done' }] } },
  Tags: { multi_select: { options: [{ name: 'a', color: 'red', description: 'first' }, { name: 'b' }] } },
  Progress: { status: {} },
  When: { date: {} },
  Who: { people: {} },
  Attachments: { files: {} },
  Done: { checkbox: {} },
  Link: { url: {} },
  Mail: { email: {} },
  Phone: { phone_number: {} },
  Double: { formula: { expression: 'prop("Count") * 2' } },
  Created: { created_time: {} },
  Creator: { created_by: {} },
  Edited: { last_edited_time: {} },
  Editor: { last_edited_by: {} },
  Ticket: { unique_id: { prefix: 'T' } },
  Review: { verification: {} },
  Where: { place: {} },
};

const linked = (content: string, url: string) => ({ type: 'text', text: { content, link: { type: 'url', url } } });
const patchSource = (id: string, body: unknown) => server.request('PATCH', `/v1/data_sources/${id}`, { body });

/** A data source with every kind of property, a relation (dual) and a rollup over it. */
async function fullSchema(): Promise<{ databaseId: string; dataSourceId: string; otherId: string }> {
  const { databaseId, dataSourceId } = await createDatabase(server, SCHEMA, { title: 'Everything' });
  const other = await createDatabase(server, { Name: { title: {} } }, { title: 'Other' });
  ok(
    await patchSource(dataSourceId, {
      properties: {
        Related: { relation: { data_source_id: other.dataSourceId, dual_property: { synced_property_name: 'Back' } } },
        Sum: { rollup: { function: 'count', relation_property_name: 'Related', rollup_property_name: 'Name' } },
      },
    }),
  );
  return { databaseId, dataSourceId, otherId: other.dataSourceId };
}

describe('property schema objects sent back as read', () => {
  it('PATCH /v1/data_sources with every retrieved property object changes nothing', async () => {
    const { dataSourceId } = await fullSchema();
    const before = await getDataSource(server, dataSourceId);
    const after = ok(await patchSource(dataSourceId, { properties: before.properties }));
    expect(after.properties).toEqual(before.properties);
    expect((await getDataSource(server, dataSourceId)).properties).toEqual(before.properties);
  });

  it('takes a retrieved property object, modified, as a client library sends it', async () => {
    const { dataSourceId } = await fullSchema();
    const read = (await getDataSource(server, dataSourceId)).properties;
    const tags = structuredClone(read.Tags);
    tags.multi_select.options.push({ name: 'c', color: 'blue' });
    const stage = structuredClone(read.Stage);
    stage.name = 'Phase';
    const res = ok(await patchSource(dataSourceId, { properties: { Tags: tags, Stage: stage } }));
    expect(res.properties.Tags.id).toBe(read.Tags.id);
    expect(res.properties.Tags.multi_select.options.map((o: Json) => o.name)).toEqual(['a', 'b', 'c']);
    expect(res.properties.Tags.multi_select.options.slice(0, 2)).toEqual(read.Tags.multi_select.options);
    expect(res.properties.Phase).toEqual({ ...read.Stage, name: 'Phase' });
    expect(res.properties).not.toHaveProperty('Stage');
  });

  it('ignores an echoed id: the key names the property', async () => {
    const { dataSourceId } = await createDatabase(server, { Name: { title: {} }, Notes: { rich_text: {} }, Size: { number: {} } });
    const read = (await getDataSource(server, dataSourceId)).properties;
    const res = ok(
      await patchSource(dataSourceId, { properties: { Notes: { id: read.Size.id, name: 'Notes', type: 'rich_text', rich_text: {}, description: 'n' } } }),
    );
    expect(res.properties.Notes).toEqual({ ...read.Notes, description: 'n' });
    expect(res.properties.Size).toEqual(read.Size);
  });

  it('POST /v1/data_sources and POST /v1/databases take property objects as read from another data source', async () => {
    const { databaseId, dataSourceId } = await fullSchema();
    const read = (await getDataSource(server, dataSourceId)).properties;
    // Formulas read back with references to this data source's property ids, which a copy does not have.
    const { Related: _related, Sum: _sum, Double: _double, ...copyable } = read;
    const created = ok(
      await server.request('POST', '/v1/data_sources', {
        body: { parent: { type: 'database_id', database_id: databaseId }, title: [text('Copy')], properties: copyable },
      }),
    );
    const strip = (props: Record<string, Json>) =>
      Object.fromEntries(Object.entries(props).map(([k, v]) => [k, { name: v.name, type: v.type, description: v.description }]));
    expect(strip(created.properties)).toEqual(strip(copyable));
    expect(created.properties.Tags.multi_select.options.map((o: Json) => [o.name, o.color, o.description])).toEqual([
      ['a', 'red', 'first'],
      ['b', read.Tags.multi_select.options[1].color, null],
    ]);
    // Options of the new data source are its own.
    expect(created.properties.Tags.multi_select.options[0].id).not.toBe(read.Tags.multi_select.options[0].id);

    const db = ok(
      await server.request('POST', '/v1/databases', {
        body: {
          parent: { page_id: root },
          title: [text('Copied')],
          initial_data_source: { properties: { Name: read.Name, Tags: read.Tags, Count: read.Count } },
        },
      }),
    );
    const copied = await getDataSource(server, db.data_sources[0].id);
    expect(Object.keys(copied.properties).sort()).toEqual(['Count', 'Name', 'Tags']);
    expect(copied.properties.Count.number).toEqual({ format: 'dollar' });
  });

  it('a relation read from 2025-09-03 carries database_id, and is taken back on create', async () => {
    const { dataSourceId, otherId } = await fullSchema();
    const related = (await getDataSource(server, dataSourceId)).properties.Related;
    expect(related.relation.database_id).toEqual(expect.any(String));
    const db = ok(
      await server.request('POST', '/v1/databases', {
        body: {
          parent: { page_id: root },
          initial_data_source: {
            properties: {
              Name: { title: {} },
              Linked: { ...related, name: 'Linked', relation: { ...related.relation, type: 'single_property', single_property: {}, dual_property: undefined } },
            },
          },
        },
      }),
    );
    const schema = (await getDataSource(server, db.data_sources[0].id)).properties;
    expect(schema.Linked.relation).toMatchObject({ data_source_id: otherId, database_id: related.relation.database_id, type: 'single_property' });
  });

  it('2022-06-28: POST and PATCH /v1/databases take property objects with id, name and type', async () => {
    const created = ok(
      await server.request('POST', '/v1/databases', {
        version: LEGACY,
        body: {
          parent: { page_id: root },
          title: [text('Legacy')],
          properties: { Name: { id: 'title', name: 'Name', type: 'title', title: {} }, Size: { id: 'x', type: 'number', number: {} } },
        },
      }),
    );
    expect(Object.keys(created.properties).sort()).toEqual(['Name', 'Size']);
    const res = ok(await server.request('PATCH', `/v1/databases/${created.id}`, { version: LEGACY, body: { properties: created.properties } }));
    expect(res.properties).toEqual(created.properties);
  });

  it('still refuses keys a property object never has, and a status group of another shape', async () => {
    const { dataSourceId } = await createDatabase(server, { Name: { title: {} }, Progress: { status: {} } });
    expectError(
      await patchSource(dataSourceId, { properties: { Name: { object: 'property', title: {} } } }),
      400,
      'validation_error',
      'body failed validation. Fix one:\nbody.properties.Name.object should be not present, instead was `"property"`.\nbody.properties.Name.name should be defined, instead was `undefined`.',
    );
    expectError(
      await patchSource(dataSourceId, { properties: { Progress: { status: { groups: [{ name: 'To-do', colour: 'gray' }] } } } }),
      400,
      'validation_error',
      'body failed validation. Fix one:\nbody.properties.Progress.status.groups[0].colour should be not present, instead was `"gray"`.\nbody.properties.Progress.name should be defined, instead was `undefined`.',
    );
  });
});

describe('page property values sent back as read', () => {
  async function filledRow() {
    const { dataSourceId, otherId } = await fullSchema();
    const target = await createRow(server, otherId, titled('Target'));
    const page = await createRow(server, dataSourceId, {
      Name: {
        title: [text('Row '), linked('link', 'https://example.com/a'), { mention: { user: { id: ownerId } } }, { mention: { page: { id: target.id } } }],
      },
      Notes: {
        rich_text: [
          { text: { content: 'bold' }, annotations: { bold: true } },
          { equation: { expression: 'x^2' } },
          { mention: { date: { start: '2025-01-02' } } },
        ],
      },
      Count: { number: 3 },
      Stage: { select: { name: 'Open' } },
      Tags: { multi_select: [{ name: 'a' }, { name: 'b' }] },
      Progress: { status: { name: 'In progress' } },
      When: { date: { start: '2025-01-01', end: '2025-01-03' } },
      Who: { people: [{ id: ownerId }] },
      Attachments: { files: [{ name: 'doc.pdf', external: { url: 'https://example.com/doc.pdf' } }] },
      Done: { checkbox: true },
      Link: { url: 'https://example.com' },
      Mail: { email: 'a@example.com' },
      Phone: { phone_number: '+1 555' },
      Related: { relation: [{ id: target.id }] },
      Where: { place: { lat: 48.85, lon: 2.35, name: 'Paris' } },
    });
    return { page, dataSourceId };
  }

  it('PATCH /v1/pages with every writable value as retrieved (id, type, has_more) changes nothing', async () => {
    const { page } = await filledRow();
    const before = await getPage(server, page.id);
    expect(before.properties.Related.has_more).toBe(false);
    const writable = Object.fromEntries(Object.entries(before.properties as Record<string, Json>).filter(([, v]) => WRITABLE.includes(v.type)));
    expect(Object.keys(writable).length).toBe(16);
    expect(before.properties.Review.verification).toEqual({ state: 'unverified', verified_by: null, date: null });
    ok(await server.request('PATCH', `/v1/pages/${page.id}`, { body: { properties: { Review: before.properties.Review } } }));
    const verified = { Review: { ...before.properties.Review, verification: { state: 'verified', date: { start: '2025-02-01T10:00:00.000Z' } } } };
    const withVerification = ok(await server.request('PATCH', `/v1/pages/${page.id}`, { body: { properties: verified } }));
    expect(withVerification.properties.Review.verification.verified_by).toMatchObject({ object: 'user' });
    writable.Review = withVerification.properties.Review;
    before.properties.Review = withVerification.properties.Review;
    const res = ok(await server.request('PATCH', `/v1/pages/${page.id}`, { body: { properties: writable } }));
    for (const key of Object.keys(writable)) expect(res.properties[key], key).toEqual(before.properties[key]);
  });

  it('POST /v1/pages takes a relation value with has_more', async () => {
    const { page, dataSourceId } = await filledRow();
    const related = (await getPage(server, page.id)).properties.Related;
    const copy = await createRow(server, dataSourceId, { ...titled('Copy'), Related: related });
    expect(copy.properties.Related).toEqual(related);
  });

  it('refuses a has_more that is not a boolean, and read-only values, with Notion messages', async () => {
    const { page } = await filledRow();
    const read = await getPage(server, page.id);
    expectError(
      await server.request('PATCH', `/v1/pages/${page.id}`, { body: { properties: { Related: { ...read.properties.Related, has_more: 'no' } } } }),
      400,
      'validation_error',
      'body failed validation: body.properties.Related.has_more should be a boolean or `undefined`, instead was `"no"`.',
    );
    expectError(
      await server.request('PATCH', `/v1/pages/${page.id}`, { body: { properties: { Count: { ...read.properties.Count, has_more: false } } } }),
      400,
      'validation_error',
      'body failed validation: body.properties.Count.has_more should be not present, instead was `false`.',
    );
    expectError(
      await server.request('PATCH', `/v1/pages/${page.id}`, { body: { properties: { Double: read.properties.Double } } }),
      400,
      'validation_error',
      `body failed validation. Fix one:\n${WRITABLE.map((t) => `body.properties.Double.${t} should be defined, instead was \`undefined\`.`).join('\n')}`,
    );
  });
});

describe('parents sent back as read', () => {
  it('POST /v1/pages and POST /v1/pages/{id}/move take a data source parent with its database_id', async () => {
    const { dataSourceId, databaseId } = await createDatabase(server, { Name: { title: {} } });
    const first = await createRow(server, dataSourceId, titled('First'));
    expect(first.parent).toEqual({ type: 'data_source_id', data_source_id: dataSourceId, database_id: databaseId });
    const sibling = ok(await server.request('POST', '/v1/pages', { body: { parent: first.parent, properties: titled('Sibling') } }));
    expect(sibling.parent).toEqual(first.parent);
    const loose = ok(await server.request('POST', '/v1/pages', { body: { parent: { page_id: root }, properties: { title: [text('Loose')] } } }));
    const moved = ok(await server.request('POST', `/v1/pages/${loose.id}/move`, { body: { parent: first.parent } }));
    expect(moved.parent).toEqual(first.parent);
  });
});

describe('rich text links with type "url"', () => {
  it('are accepted in page titles, blocks and database titles, and read back as Notion writes them', async () => {
    const page = ok(
      await server.request('POST', '/v1/pages', { body: { parent: { page_id: root }, properties: { title: [linked('site', 'https://example.com/t')] } } }),
    );
    expect(page.properties.title.title[0]).toMatchObject({ text: { content: 'site', link: { url: 'https://example.com/t' } }, href: 'https://example.com/t' });
    const appended = ok(
      await server.request('PATCH', `/v1/blocks/${page.id}/children`, {
        body: { children: [{ paragraph: { rich_text: [text('see '), linked('here', 'https://example.com/p')] } }] },
      }),
    );
    expect(appended.results[0].paragraph.rich_text[1].text).toEqual({ content: 'here', link: { url: 'https://example.com/p' } });
    const db = ok(await server.request('POST', '/v1/databases', { body: { parent: { page_id: page.id }, title: [linked('db', 'https://example.com/d')] } }));
    expect(db.title[0].text.link).toEqual({ url: 'https://example.com/d' });
  });

  it('refuses a link type other than url', async () => {
    const res = await server.request('POST', '/v1/pages', {
      body: { parent: { page_id: root }, properties: { title: [{ text: { content: 'x', link: { type: 'page', url: 'https://example.com' } } }] } },
    });
    expectError(
      res,
      400,
      'validation_error',
      'body failed validation: body.properties.title[0].text.link.type should be `"url"` or `undefined`, instead was `"page"`.',
    );
  });
});

describe('block content sent back as read', () => {
  async function pageWith(children: unknown[]): Promise<Json[]> {
    const page = ok(await server.request('POST', '/v1/pages', { body: { parent: { page_id: root }, properties: { title: [text('Blocks')] }, children } }));
    return ok(await server.request('GET', `/v1/blocks/${page.id}/children`)).results;
  }

  it('PATCH /v1/blocks with each block type and content as read (children: [] included) changes nothing', async () => {
    const blocks = await pageWith([
      { paragraph: { rich_text: [text('p '), linked('l', 'https://example.com')], color: 'blue' } },
      { callout: { rich_text: [text('c')], icon: { emoji: '🔥' } } },
      { to_do: { rich_text: [text('t')], checked: true } },
      { heading_2: { rich_text: [text('h')], is_toggleable: true, children: [{ paragraph: { rich_text: [text('in')] } }] } },
      { toggle: { rich_text: [text('g')] } },
      { quote: { rich_text: [text('q')] } },
      { bulleted_list_item: { rich_text: [text('b')] } },
      { code: { rich_text: [text('x = 1')], language: 'python', caption: [text('cap')] } },
      { bookmark: { url: 'https://example.com', caption: [] } },
      { image: { external: { url: 'https://example.com/i.png' } } },
      { equation: { expression: 'e=mc^2' } },
      { divider: {} },
    ]);
    for (const block of blocks) {
      // A client that reads children into its copy holds an empty list on blocks that can have them.
      const content = PARENT_BLOCK_TYPES.has(block.type) ? { ...block[block.type], children: [] } : block[block.type];
      const res = ok(await server.request('PATCH', `/v1/blocks/${block.id}`, { body: { type: block.type, [block.type]: content } }));
      expect(res[block.type], block.type).toEqual(block[block.type]);
      expect(res.has_children, block.type).toBe(block.has_children);
    }
  });

  it('takes a block to append with object and type, but not a whole block object as read', async () => {
    const [read] = await pageWith([{ paragraph: { rich_text: [text('again')] } }]);
    const target = ok(await server.request('POST', '/v1/pages', { body: { parent: { page_id: root }, properties: { title: [text('Target')] } } }));
    const appended = ok(
      await server.request('PATCH', `/v1/blocks/${target.id}/children`, {
        body: { children: [{ object: 'block', type: 'paragraph', paragraph: read!.paragraph }] },
      }),
    );
    expect(appended.results[0].paragraph).toEqual(read!.paragraph);
    expectError(
      await server.request('PATCH', `/v1/blocks/${target.id}/children`, { body: { children: [read] } }),
      400,
      'validation_error',
      `body failed validation: body.children[0].id should be not present, instead was \`"${read!.id}"\`.`,
    );
  });

  it('refuses children in a block update unless the list is empty', async () => {
    const [callout] = await pageWith([{ callout: { rich_text: [text('c')] } }]);
    expectError(
      await server.request('PATCH', `/v1/blocks/${callout!.id}`, { body: { callout: { children: [{ paragraph: { rich_text: [text('no')] } }] } } }),
      400,
      'validation_error',
      'body failed validation: body.callout.children.length should be ≤ `0`, instead was `1`.',
    );
  });
});

describe('text conditions under any text filter type', () => {
  it('runs a rich_text condition on title, url, email and phone_number, and a title condition on rich_text', async () => {
    const { dataSourceId } = await createDatabase(server, {
      Name: { title: {} },
      Notes: { rich_text: {} },
      Link: { url: {} },
      Mail: { email: {} },
      Phone: { phone_number: {} },
    });
    const a = await createRow(server, dataSourceId, {
      ...titled('Alpha'),
      Notes: { rich_text: [text('first note')] },
      Link: { url: 'https://a.example' },
      Mail: { email: 'a@x.test' },
      Phone: { phone_number: '111' },
    });
    const b = await createRow(server, dataSourceId, {
      ...titled('Beta'),
      Notes: { rich_text: [text('second')] },
      Link: { url: 'https://b.example' },
      Mail: { email: 'b@x.test' },
      Phone: { phone_number: '222' },
    });
    const query = async (filter: Json) =>
      ok(await server.request('POST', `/v1/data_sources/${dataSourceId}/query`, { body: { filter } })).results.map((p: Json) => p.id);
    expect(await query({ property: 'Name', rich_text: { contains: 'alp' } })).toEqual([a.id]);
    expect(await query({ property: 'Link', rich_text: { contains: 'b.example' } })).toEqual([b.id]);
    expect(await query({ property: 'Mail', rich_text: { starts_with: 'a@' } })).toEqual([a.id]);
    expect(await query({ property: 'Phone', rich_text: { equals: '222' } })).toEqual([b.id]);
    expect(await query({ property: 'Notes', title: { contains: 'note' } })).toEqual([a.id]);
    expect(await query({ property: 'Name', url: { is_empty: true } })).toEqual([]);
    expectError(
      await server.request('POST', `/v1/data_sources/${dataSourceId}/query`, { body: { filter: { property: 'Name', number: { equals: 1 } } } }),
      400,
      'validation_error',
      'The property type in the database does not match the property type of the filter provided: database property title does not match filter number',
    );
  });
});
