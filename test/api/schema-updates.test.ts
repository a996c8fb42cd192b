// PATCH /v1/data_sources/{id} (spec 3.5 S3, 6.4, 4.7, 9.4, 11.2): renaming, retyping, adding and
// removing properties with the pages' values following, option sets, dual relations kept in step,
// the 50 KB schema limit, and the data source's title, icon, trash state and parent.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Capabilities } from '../../src/services/access.js';
import { secondIntegration } from '../helpers/integrations.js';
import { getBlock } from '../../src/store/blocks.js';
import { ARCHIVED, ARCHIVED_ANCESTOR, createRow, expectError, formulaRef, notFound, ok, text, textItem, titled, type Json } from '../helpers/builders.js';
import { sharedTestServer } from '../helpers/server.js';

const server = sharedTestServer();
let root: string;
let botId: string;

beforeAll(async () => {
  root = server.info.rootPageId;
  botId = (await server.request('GET', '/v1/users/me')).body.id;
});

const MISSING_ID = '5b5c4ea1-0f7f-4a0b-9a8c-0d7f1d5e4a11';

interface Db {
  databaseId: string;
  dataSourceId: string;
}

async function database(properties: Record<string, unknown>, title = 'Tasks', parentId = root): Promise<Db> {
  const body = ok(
    await server.request('POST', '/v1/databases', {
      body: { parent: { page_id: parentId }, title: [text(title)], initial_data_source: { properties: { Name: { title: {} }, ...properties } } },
    }),
  );
  return { databaseId: body.id, dataSourceId: body.data_sources[0].id };
}

async function addDataSource(databaseId: string, title: string, properties: Record<string, unknown> = {}): Promise<string> {
  const body = ok(
    await server.request('POST', '/v1/data_sources', {
      body: { parent: { database_id: databaseId }, title: [text(title)], properties: { Name: { title: {} }, ...properties } },
    }),
  );
  return body.id;
}

async function row(dataSourceId: string, title: string, properties: Record<string, unknown> = {}): Promise<string> {
  return (await createRow(server, dataSourceId, { ...titled(title), ...properties })).id;
}

/** A page's property values, by name. */
async function valuesOf(pageId: string): Promise<Json> {
  return ok(await server.request('GET', `/v1/pages/${pageId}`)).properties;
}

/** A data source's schema, by name. */
async function schemaOf(dataSourceId: string): Promise<Json> {
  return ok(await server.request('GET', `/v1/data_sources/${dataSourceId}`)).properties;
}

/** What a page keeps stored, by property id. */
async function storedValues(pageId: string): Promise<Record<string, unknown>> {
  return JSON.parse((await getBlock(server.ctx.store.db, pageId))!.properties ?? '{}');
}

const patchSource = (id: string, body: unknown, version?: string, token?: string) =>
  server.request('PATCH', `/v1/data_sources/${id}`, { body, version, token });

const update = async (id: string, properties: Record<string, unknown>): Promise<Json> => ok(await patchSource(id, { properties }));

const optionNames = (values: Json[]) => values.map((o) => o.name);

describe('PATCH /v1/data_sources: renaming', () => {
  it('renames a property by name; its id stays and page values follow the new name', async () => {
    const { dataSourceId } = await database({ Points: { number: {} } });
    const page = await row(dataSourceId, 'A', { Points: { number: 3 } });
    const before = (await schemaOf(dataSourceId)).Points;
    const res = await update(dataSourceId, { Points: { name: 'Score' } });
    expect(res.object).toBe('data_source');
    expect(res.properties.Points).toBeUndefined();
    expect(res.properties.Score).toEqual({ id: before.id, name: 'Score', description: null, type: 'number', number: { format: 'number' } });
    const values = await valuesOf(page);
    expect(values.Points).toBeUndefined();
    expect(values.Score).toEqual({ id: before.id, type: 'number', number: 3 });
  });

  it('renames by encoded id and sets a description; the title is renamed like any property', async () => {
    const { dataSourceId } = await database({ Notes: { rich_text: {} } });
    const id = (await schemaOf(dataSourceId)).Notes.id as string;
    const res = await update(dataSourceId, { [id]: { name: 'Remarks', description: 'Free text' }, title: { name: 'Task' } });
    expect(res.properties.Remarks).toEqual({ id, name: 'Remarks', description: 'Free text', type: 'rich_text', rich_text: {} });
    expect(res.properties.Task).toEqual({ id: 'title', name: 'Task', description: null, type: 'title', title: {} });
    expect(Object.keys(res.properties).sort()).toEqual(['Remarks', 'Task']);
  });

  it('swaps two names in one request', async () => {
    const { dataSourceId } = await database({ A: { number: {} }, B: { checkbox: {} } });
    const res = await update(dataSourceId, { A: { name: 'B' }, B: { name: 'A' } });
    expect(res.properties.A.type).toBe('checkbox');
    expect(res.properties.B.type).toBe('number');
  });

  it('refuses a name another property has', async () => {
    const { dataSourceId } = await database({ A: { number: {} }, B: { checkbox: {} } });
    expectError(
      await patchSource(dataSourceId, { properties: { A: { name: 'B' } } }),
      400,
      'validation_error',
      'A property named B already exists in this data source.',
    );
    expectError(
      await patchSource(dataSourceId, { properties: { C: { name: 'A', url: {} } } }),
      400,
      'validation_error',
      'A property named A already exists in this data source.',
    );
  });

  it('answers a rename or removal of a property that does not exist', async () => {
    const { dataSourceId } = await database({});
    const message = 'Could not find property with name or id: Nope';
    expectError(await patchSource(dataSourceId, { properties: { Nope: { name: 'Yes' } } }), 400, 'validation_error', message);
    expectError(await patchSource(dataSourceId, { properties: { Nope: null } }), 400, 'validation_error', message);
  });

  it('refuses a property named twice in one request, by name and by id', async () => {
    const { dataSourceId } = await database({ A: { number: {} } });
    const id = decodeURIComponent((await schemaOf(dataSourceId)).A.id);
    expectError(
      await patchSource(dataSourceId, { properties: { A: { name: 'B' }, [id]: null } }),
      400,
      'validation_error',
      'Property A is named more than once in this request.',
    );
  });
});

describe('PATCH /v1/data_sources: removing', () => {
  it('removes a property by name or id, and its values from every page, trashed ones too', async () => {
    const { dataSourceId } = await database({ Points: { number: {} }, Done: { checkbox: {} } });
    const live = await row(dataSourceId, 'A', { Points: { number: 1 }, Done: { checkbox: true } });
    const trashed = await row(dataSourceId, 'B', { Points: { number: 2 } });
    ok(await server.request('PATCH', `/v1/pages/${trashed}`, { body: { in_trash: true } }));
    const schema = await schemaOf(dataSourceId);
    const pointsId = decodeURIComponent(schema.Points.id);
    const doneId = decodeURIComponent(schema.Done.id);
    const res = await update(dataSourceId, { Points: null, [schema.Done.id]: null });
    expect(Object.keys(res.properties)).toEqual(['Name']);
    expect(Object.keys(await valuesOf(live))).toEqual(['Name']);
    for (const page of [live, trashed]) {
      const stored = await storedValues(page);
      expect(stored).not.toHaveProperty(pointsId);
      expect(stored).not.toHaveProperty(doneId);
    }
  });

  it('a property added again under the old name starts empty', async () => {
    const { dataSourceId } = await database({ Points: { number: {} } });
    const page = await row(dataSourceId, 'A', { Points: { number: 7 } });
    await update(dataSourceId, { Points: null });
    const res = await update(dataSourceId, { Points: { number: {} } });
    expect((await valuesOf(page)).Points).toEqual({ id: res.properties.Points.id, type: 'number', number: null });
  });

  it('cannot remove the title property', async () => {
    const { dataSourceId } = await database({});
    expectError(await patchSource(dataSourceId, { properties: { Name: null } }), 400, 'validation_error', 'The title property Name cannot be deleted.');
    expectError(await patchSource(dataSourceId, { properties: { title: null } }), 400, 'validation_error', 'The title property Name cannot be deleted.');
  });
});

describe('PATCH /v1/data_sources: adding', () => {
  it('adds properties of each configurable type, with ids and completed configurations', async () => {
    const { dataSourceId } = await database({});
    const page = await row(dataSourceId, 'A');
    const res = await update(dataSourceId, {
      Price: { number: { format: 'dollar' } },
      Tags: { type: 'multi_select', multi_select: { options: [{ name: 'x', color: 'red' }] } },
      Due: { date: {} },
      Ref: { unique_id: { prefix: 'T' } },
      Calc: { formula: { expression: 'prop("Price") * 2' } },
      Stage: { status: {} },
    });
    expect(res.properties.Price).toMatchObject({ name: 'Price', type: 'number', number: { format: 'dollar' }, description: null });
    expect(res.properties.Price.id).toMatch(/^\S+$/);
    expect(res.properties.Tags.multi_select.options).toEqual([{ id: expect.any(String), name: 'x', color: 'red', description: null }]);
    expect(res.properties.Due).toMatchObject({ type: 'date', date: {} });
    expect(res.properties.Ref).toMatchObject({ type: 'unique_id', unique_id: { prefix: 'T' } });
    expect(res.properties.Calc).toMatchObject({ type: 'formula', formula: { expression: `${formulaRef(server, res.properties.Price.id)} * 2` } });
    expect(optionNames(res.properties.Stage.status.options)).toEqual(['Not started', 'In progress', 'Done']);
    expect(Object.keys(res.properties)).toEqual(['Name', 'Price', 'Tags', 'Due', 'Ref', 'Calc', 'Stage']);
    // Existing pages: empty values, the default status, and the next unique ids.
    const values = await valuesOf(page);
    expect(values.Price).toEqual({ id: res.properties.Price.id, type: 'number', number: null });
    expect(values.Stage.status.name).toBe('Not started');
    expect(values.Ref.unique_id).toEqual({ prefix: 'T', number: 1 });
    const next = await row(dataSourceId, 'B');
    expect((await valuesOf(next)).Ref.unique_id).toEqual({ prefix: 'T', number: 2 });
  });

  it('numbers existing pages in the order they were created', async () => {
    const { dataSourceId } = await database({});
    const pages = [await row(dataSourceId, 'first'), await row(dataSourceId, 'second'), await row(dataSourceId, 'third')];
    await update(dataSourceId, { ID: { unique_id: {} } });
    const numbers = await Promise.all(pages.map(async (p) => (await valuesOf(p)).ID.unique_id.number));
    expect(numbers).toEqual([1, 2, 3]);
  });

  it('names an added property by `name` when given, else by its key', async () => {
    const { dataSourceId } = await database({});
    const res = await update(dataSourceId, { key: { name: 'Shown', url: {} } });
    expect(res.properties.Shown).toMatchObject({ name: 'Shown', type: 'url' });
    expect(res.properties.key).toBeUndefined();
  });

  it('refuses a second title, added or converted', async () => {
    const { dataSourceId } = await database({ Notes: { rich_text: {} } });
    const message = 'A data source can have only one title property.';
    expectError(await patchSource(dataSourceId, { properties: { Other: { title: {} } } }), 400, 'validation_error', message);
    expectError(await patchSource(dataSourceId, { properties: { Notes: { title: {} } } }), 400, 'validation_error', message);
  });

  it('validates configurations in Notion’s grammar', async () => {
    const { dataSourceId } = await database({});
    const res = await patchSource(dataSourceId, { properties: { Price: { number: { format: 'bitcoins' } } } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_error');
    expect(res.body.message).toMatch(/^body failed validation/);
  });
});

describe('PATCH /v1/data_sources: changing types', () => {
  it('cannot change the type of the title', async () => {
    const { dataSourceId } = await database({});
    expectError(
      await patchSource(dataSourceId, { properties: { Name: { rich_text: {} } } }),
      400,
      'validation_error',
      'The type of the title property Name cannot be changed.',
    );
    // Keeping the title type is allowed (nothing changes).
    expect((await update(dataSourceId, { Name: { title: {} } })).properties.Name.type).toBe('title');
  });

  it('keeps the property id and turns numbers into their text', async () => {
    const { dataSourceId } = await database({ Value: { number: {} } });
    const page = await row(dataSourceId, 'A', { Value: { number: 12.5 } });
    const empty = await row(dataSourceId, 'B');
    const id = (await schemaOf(dataSourceId)).Value.id;
    const res = await update(dataSourceId, { Value: { rich_text: {} } });
    expect(res.properties.Value).toEqual({ id, name: 'Value', description: null, type: 'rich_text', rich_text: {} });
    expect((await valuesOf(page)).Value).toEqual({ id, type: 'rich_text', rich_text: [textItem('12.5')] });
    expect((await valuesOf(empty)).Value).toEqual({ id, type: 'rich_text', rich_text: [] });
  });

  it('reads text as numbers where it is one, and clears it elsewhere', async () => {
    const { dataSourceId } = await database({ Value: { rich_text: {} } });
    const a = await row(dataSourceId, 'A', { Value: { rich_text: [text('1,234.5')] } });
    const b = await row(dataSourceId, 'B', { Value: { rich_text: [text('many')] } });
    await update(dataSourceId, { Value: { number: { format: 'euro' } } });
    expect((await valuesOf(a)).Value.number).toBe(1234.5);
    expect((await valuesOf(b)).Value.number).toBeNull();
  });

  it('turns text into select options, creating one per distinct value', async () => {
    const { dataSourceId } = await database({ Kind: { rich_text: {} } });
    const a = await row(dataSourceId, 'A', { Kind: { rich_text: [text('Bug')] } });
    const b = await row(dataSourceId, 'B', { Kind: { rich_text: [text('Feature')] } });
    const c = await row(dataSourceId, 'C', { Kind: { rich_text: [text('Bug')] } });
    const d = await row(dataSourceId, 'D');
    const res = await update(dataSourceId, { Kind: { select: {} } });
    const options = res.properties.Kind.select.options as Json[];
    expect(optionNames(options)).toEqual(['Bug', 'Feature']);
    expect((await valuesOf(a)).Kind.select).toEqual({ id: options[0]!.id, name: 'Bug', color: options[0]!.color });
    expect((await valuesOf(b)).Kind.select.name).toBe('Feature');
    expect((await valuesOf(c)).Kind.select.id).toBe(options[0]!.id);
    expect((await valuesOf(d)).Kind.select).toBeNull();
  });

  it('with options given, keeps only values that name one of them', async () => {
    const { dataSourceId } = await database({ Kind: { rich_text: {} } });
    const a = await row(dataSourceId, 'A', { Kind: { rich_text: [text('Bug')] } });
    const b = await row(dataSourceId, 'B', { Kind: { rich_text: [text('Other')] } });
    const res = await update(dataSourceId, { Kind: { select: { options: [{ name: 'Bug', color: 'red' }] } } });
    expect(optionNames(res.properties.Kind.select.options)).toEqual(['Bug']);
    expect((await valuesOf(a)).Kind.select).toMatchObject({ name: 'Bug', color: 'red' });
    expect((await valuesOf(b)).Kind.select).toBeNull();
  });

  it('turns a select into a multi_select keeping the option ids, and back keeping the first option', async () => {
    const { dataSourceId } = await database({ Tag: { select: { options: [{ name: 'a', color: 'blue' }, { name: 'b' }] } } });
    const page = await row(dataSourceId, 'A', { Tag: { select: { name: 'b' } } });
    const before = (await schemaOf(dataSourceId)).Tag.select.options as Json[];
    const multi = await update(dataSourceId, { Tag: { multi_select: {} } });
    expect(multi.properties.Tag.multi_select.options).toEqual(before);
    expect((await valuesOf(page)).Tag.multi_select).toEqual([{ id: before[1]!.id, name: 'b', color: before[1]!.color }]);
    ok(await server.request('PATCH', `/v1/pages/${page}`, { body: { properties: { Tag: { multi_select: [{ name: 'a' }, { name: 'b' }] } } } }));
    await update(dataSourceId, { Tag: { select: {} } });
    expect((await valuesOf(page)).Tag.select).toEqual({ id: before[0]!.id, name: 'a', color: 'blue' });
  });

  it('turns a multi_select into text, and text with commas into several options', async () => {
    const { dataSourceId } = await database({ Tags: { multi_select: { options: [{ name: 'x' }, { name: 'y' }] } } });
    const page = await row(dataSourceId, 'A', { Tags: { multi_select: [{ name: 'x' }, { name: 'y' }] } });
    await update(dataSourceId, { Tags: { rich_text: {} } });
    expect((await valuesOf(page)).Tags.rich_text).toEqual([textItem('x, y')]);
    ok(await server.request('PATCH', `/v1/pages/${page}`, { body: { properties: { Tags: { rich_text: [text('red, green ,red')] } } } }));
    const res = await update(dataSourceId, { Tags: { multi_select: {} } });
    expect(optionNames(res.properties.Tags.multi_select.options)).toEqual(['red', 'green']);
    expect(optionNames((await valuesOf(page)).Tags.multi_select)).toEqual(['red', 'green']);
  });

  it('turns a select into a status: the old options join To-do beside the defaults', async () => {
    const { dataSourceId } = await database({ State: { select: { options: [{ name: 'Waiting' }, { name: 'Done' }] } } });
    const waiting = await row(dataSourceId, 'A', { State: { select: { name: 'Waiting' } } });
    const done = await row(dataSourceId, 'B', { State: { select: { name: 'Done' } } });
    const none = await row(dataSourceId, 'C');
    const res = await update(dataSourceId, { State: { status: {} } });
    const config = res.properties.State.status;
    expect(optionNames(config.options)).toEqual(['Not started', 'In progress', 'Done', 'Waiting']);
    const waitingOption = config.options.find((o: Json) => o.name === 'Waiting');
    expect(config.groups[0].name).toBe('To-do');
    expect(config.groups[0].option_ids).toContain(waitingOption.id);
    expect((await valuesOf(waiting)).State.status).toMatchObject({ name: 'Waiting' });
    expect((await valuesOf(done)).State.status).toMatchObject({ name: 'Done' });
    expect((await valuesOf(none)).State.status).toMatchObject({ name: 'Not started' });
  });

  it('turns checkboxes, dates, urls and people into text, and text into dates and checkboxes', async () => {
    const { dataSourceId } = await database({ Flag: { checkbox: {} }, When: { date: {} }, Link: { url: {} }, Who: { people: {} } });
    const page = await row(dataSourceId, 'A', {
      Flag: { checkbox: true },
      When: { date: { start: '2025-01-02', end: '2025-01-05' } },
      Link: { url: 'https://example.com' },
      Who: { people: [{ id: botId }] },
    });
    const unchecked = await row(dataSourceId, 'B');
    await update(dataSourceId, { Flag: { rich_text: {} }, When: { rich_text: {} }, Link: { rich_text: {} }, Who: { rich_text: {} } });
    const values = await valuesOf(page);
    expect(values.Flag.rich_text).toEqual([textItem('Yes')]);
    expect(values.When.rich_text).toEqual([textItem('2025-01-02 → 2025-01-05')]);
    expect(values.Link.rich_text).toEqual([textItem('https://example.com')]);
    expect(values.Who.rich_text).toEqual([textItem('localnotion')]);
    expect((await valuesOf(unchecked)).Flag.rich_text).toEqual([textItem('No')]);
    await update(dataSourceId, { Flag: { checkbox: {} }, When: { date: {} } });
    const back = await valuesOf(page);
    expect(back.Flag.checkbox).toBe(true);
    expect(back.When.date).toEqual({ start: '2025-01-02', end: '2025-01-05', time_zone: null });
    expect((await valuesOf(unchecked)).Flag.checkbox).toBe(false);
  });

  it('turns created_by into people and created_time into a date', async () => {
    const { dataSourceId } = await database({ Author: { created_by: {} }, Made: { created_time: {} } });
    const page = await row(dataSourceId, 'A');
    const shown = await valuesOf(page);
    await update(dataSourceId, { Author: { people: {} }, Made: { date: {} } });
    const values = await valuesOf(page);
    expect(values.Author.people.map((u: Json) => u.id)).toEqual([botId]);
    expect(values.Made.date).toEqual({ start: shown.Made.created_time, end: null, time_zone: null });
  });

  it('clears values that have no reading in the new type, and keeps none for generated types', async () => {
    const { dataSourceId } = await database({ Value: { number: {} }, Notes: { rich_text: {} } });
    const page = await row(dataSourceId, 'A', { Value: { number: 5 }, Notes: { rich_text: [text('hello')] } });
    const schema = await schemaOf(dataSourceId);
    await update(dataSourceId, { Value: { formula: { expression: '1 + 1' } }, Notes: { people: {} } });
    const stored = await storedValues(page);
    expect(stored).not.toHaveProperty(decodeURIComponent(schema.Value.id));
    expect(stored).not.toHaveProperty(decodeURIComponent(schema.Notes.id));
    expect((await valuesOf(page)).Notes.people).toEqual([]);
  });

  it('accepts `type` beside the type object, and refuses `type` alone', async () => {
    const { dataSourceId } = await database({ Value: { number: {} } });
    expect((await update(dataSourceId, { Value: { type: 'email', email: {} } })).properties.Value.type).toBe('email');
    const res = await patchSource(dataSourceId, { properties: { Value: { type: 'url' } } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_error');
  });
});

describe('PATCH /v1/data_sources: options and configurations', () => {
  it('replaces the select options: those named keep their ids, new ones are added, the rest go with their values', async () => {
    const { dataSourceId } = await database({ Tag: { select: { options: [{ name: 'a', color: 'red' }, { name: 'b' }, { name: 'c' }] } } });
    const before = (await schemaOf(dataSourceId)).Tag.select.options as Json[];
    const onA = await row(dataSourceId, 'A', { Tag: { select: { name: 'a' } } });
    const onB = await row(dataSourceId, 'B', { Tag: { select: { name: 'b' } } });
    const res = await update(dataSourceId, {
      Tag: { select: { options: [{ name: 'a' }, { id: before[2]!.id, name: 'c2', color: 'green' }, { name: 'd', color: 'pink' }] } },
    });
    expect(res.properties.Tag.select.options).toEqual([
      { id: before[0]!.id, name: 'a', color: 'red', description: null },
      { id: before[2]!.id, name: 'c2', color: 'green', description: null },
      { id: expect.any(String), name: 'd', color: 'pink', description: null },
    ]);
    expect((await valuesOf(onA)).Tag.select).toEqual({ id: before[0]!.id, name: 'a', color: 'red' });
    expect((await valuesOf(onB)).Tag.select).toBeNull();
  });

  it('removes dropped multi_select options from the values that held them', async () => {
    const { dataSourceId } = await database({ Tags: { multi_select: { options: [{ name: 'x' }, { name: 'y' }] } } });
    const page = await row(dataSourceId, 'A', { Tags: { multi_select: [{ name: 'x' }, { name: 'y' }] } });
    await update(dataSourceId, { Tags: { multi_select: { options: [{ name: 'y' }] } } });
    expect(optionNames((await valuesOf(page)).Tags.multi_select)).toEqual(['y']);
    await update(dataSourceId, { Tags: { multi_select: { options: [] } } });
    expect((await valuesOf(page)).Tags.multi_select).toEqual([]);
  });

  it('refuses an option id that does not exist, and duplicate option names', async () => {
    const { dataSourceId } = await database({ Tag: { select: { options: [{ name: 'a' }] } } });
    expectError(
      await patchSource(dataSourceId, { properties: { Tag: { select: { options: [{ id: 'nope' }] } } } }),
      400,
      'validation_error',
      'Select option with id nope does not exist.',
    );
    expectError(
      await patchSource(dataSourceId, { properties: { Tag: { select: { options: [{ name: 'x' }, { name: 'X' }] } } } }),
      400,
      'validation_error',
      'Duplicate select option name: X',
    );
    expectError(
      await patchSource(dataSourceId, { properties: { Tag: { select: { options: [{ name: 'a,b' }] } } } }),
      400,
      'validation_error',
      'Invalid select option, commas not allowed: a,b',
    );
  });

  it('keeps the options when a select is reconfigured without them', async () => {
    const { dataSourceId } = await database({ Tag: { select: { options: [{ name: 'a' }] } } });
    const before = (await schemaOf(dataSourceId)).Tag;
    const res = await update(dataSourceId, { Tag: { select: {}, description: 'kept' } });
    expect(res.properties.Tag).toEqual({ ...before, description: 'kept' });
  });

  it('adds status options to the To-do group and updates existing ones, keeping the rest', async () => {
    const { dataSourceId } = await database({ Stage: { status: {} } });
    const page = await row(dataSourceId, 'A', { Stage: { status: { name: 'Done' } } });
    const before = (await schemaOf(dataSourceId)).Stage.status;
    const done = before.options[2];
    const res = await update(dataSourceId, {
      Stage: {
        status: {
          options: [
            { name: 'Blocked', color: 'red' },
            { id: done.id, name: 'Finished' },
          ],
        },
      },
    });
    const config = res.properties.Stage.status;
    expect(optionNames(config.options)).toEqual(['Not started', 'In progress', 'Finished', 'Blocked']);
    const blocked = config.options[3];
    expect(blocked).toEqual({ id: expect.any(String), name: 'Blocked', color: 'red', description: null });
    expect(config.groups[0]).toEqual({ ...before.groups[0], option_ids: [...before.groups[0].option_ids, blocked.id] });
    expect(config.groups.slice(1)).toEqual(before.groups.slice(1));
    expect((await valuesOf(page)).Stage.status).toEqual({ id: done.id, name: 'Finished', color: 'green' });
    expectError(
      await patchSource(dataSourceId, { properties: { Stage: { status: { options: [{ id: 'nope', name: 'x' }] } } } }),
      400,
      'validation_error',
      'Status option with id nope does not exist.',
    );
    expectError(
      await patchSource(dataSourceId, { properties: { Stage: { status: { options: [{ name: 'blocked' }] } } } }),
      400,
      'validation_error',
      'Duplicate status option name: blocked',
    );
  });

  it('changes a number format, a unique_id prefix and a formula expression, keeping values', async () => {
    const { dataSourceId } = await database({
      Price: { number: { format: 'dollar' } },
      Ref: { unique_id: { prefix: 'A' } },
      Calc: { formula: { expression: '1' } },
    });
    const page = await row(dataSourceId, 'A', { Price: { number: 9 } });
    const res = await update(dataSourceId, {
      Price: { number: { format: 'euro' } },
      Ref: { unique_id: { prefix: 'TASK' } },
      Calc: { formula: { expression: 'prop("Price") + 1' } },
    });
    expect(res.properties.Price.number).toEqual({ format: 'euro' });
    expect(res.properties.Ref.unique_id).toEqual({ prefix: 'TASK' });
    expect(res.properties.Calc.formula).toEqual({ expression: `${formulaRef(server, res.properties.Price.id)} + 1` });
    const values = await valuesOf(page);
    expect(values.Price.number).toBe(9);
    expect(values.Ref.unique_id).toEqual({ prefix: 'TASK', number: 1 });
    expect((await update(dataSourceId, { Ref: { unique_id: { prefix: null } } })).properties.Ref.unique_id).toEqual({ prefix: null });
    expect((await update(dataSourceId, { Price: { number: {} } })).properties.Price.number).toEqual({ format: 'euro' });
  });

  it('reconfigures a rollup, keeping its relation and property unless named; names follow renames', async () => {
    const target = await database({ Hours: { number: {} }, Cost: { number: {} } }, 'Work');
    const { dataSourceId } = await database({ Work: { relation: { data_source_id: target.dataSourceId, single_property: {} } } }, 'Projects');
    await update(dataSourceId, { Total: { rollup: { function: 'sum', relation_property_name: 'Work', rollup_property_name: 'Hours' } } });
    const work = await row(target.dataSourceId, 'w', { Hours: { number: 2 }, Cost: { number: 10 } });
    const project = await row(dataSourceId, 'p', { Work: { relation: [{ id: work }] } });
    expect((await valuesOf(project)).Total.rollup).toEqual({ type: 'number', number: 2, function: 'sum' });
    const relationId = (await schemaOf(dataSourceId)).Work.id;
    const costId = (await schemaOf(target.dataSourceId)).Cost.id;

    let res = await update(dataSourceId, { Total: { rollup: { function: 'max' } } });
    expect(res.properties.Total.rollup).toMatchObject({ function: 'max', relation_property_name: 'Work', rollup_property_name: 'Hours' });
    res = await update(dataSourceId, { Total: { rollup: { function: 'sum', rollup_property_id: costId } } });
    expect(res.properties.Total.rollup).toEqual({
      function: 'sum',
      relation_property_id: relationId,
      relation_property_name: 'Work',
      rollup_property_id: costId,
      rollup_property_name: 'Cost',
    });
    expect((await valuesOf(project)).Total.rollup.number).toBe(10);

    // Renaming the relation here and the rolled-up property there updates the names the rollup shows.
    await update(dataSourceId, { Work: { name: 'Tasks' } });
    await update(target.dataSourceId, { Cost: { name: 'Price' } });
    expect((await schemaOf(dataSourceId)).Total.rollup).toMatchObject({ relation_property_name: 'Tasks', rollup_property_name: 'Price' });
  });

  it('adds a rollup over a relation added in the same request', async () => {
    const target = await database({ Hours: { number: {} } }, 'Work');
    const { dataSourceId } = await database({}, 'Projects');
    const res = await update(dataSourceId, {
      Count: { rollup: { function: 'count', relation_property_name: 'Work', rollup_property_name: 'Hours' } },
      Work: { relation: { data_source_id: target.dataSourceId, single_property: {} } },
    });
    expect(Object.keys(res.properties)).toEqual(['Name', 'Count', 'Work']);
    expect(res.properties.Count.rollup.relation_property_id).toBe(res.properties.Work.id);
  });

  it('refuses a rollup over a property that is not a relation', async () => {
    const { dataSourceId } = await database({ Value: { number: {} } });
    expectError(
      await patchSource(dataSourceId, { properties: { R: { rollup: { function: 'sum', relation_property_name: 'Value', rollup_property_name: 'x' } } } }),
      400,
      'validation_error',
      'Rollup relation property Value is not a relation property of this data source.',
    );
  });
});

describe('PATCH /v1/data_sources: relations', () => {
  async function pair() {
    const tasks = await database({}, 'Tasks');
    const people = await database({}, 'People');
    return { tasks: tasks.dataSourceId, people: people.dataSourceId, peopleDb: people.databaseId, tasksDb: tasks.databaseId };
  }

  it('adds a dual relation: its mirror appears on the other side, and links show on both', async () => {
    const { tasks, people, peopleDb, tasksDb } = await pair();
    const res = await update(tasks, { Owner: { relation: { data_source_id: people, dual_property: {} } } });
    const owner = res.properties.Owner;
    const mirror = (await schemaOf(people))['Related to Tasks (Owner)'];
    expect(owner.relation).toEqual({
      database_id: peopleDb,
      data_source_id: people,
      type: 'dual_property',
      dual_property: { synced_property_id: mirror.id, synced_property_name: 'Related to Tasks (Owner)' },
    });
    expect(mirror.relation).toEqual({
      database_id: tasksDb,
      data_source_id: tasks,
      type: 'dual_property',
      dual_property: { synced_property_id: owner.id, synced_property_name: 'Owner' },
    });
    const ann = await row(people, 'Ann');
    const task = await row(tasks, 'Write', { Owner: { relation: [{ id: ann }] } });
    expect((await valuesOf(ann))['Related to Tasks (Owner)'].relation).toEqual([{ id: task }]);
  });

  it('a renamed side shows its new name on the other; synced_property_name renames the mirror', async () => {
    const { tasks, people } = await pair();
    await update(tasks, { Owner: { relation: { data_source_id: people, dual_property: { synced_property_name: 'Tasks' } } } });
    await update(tasks, { Owner: { name: 'Assignee' } });
    expect((await schemaOf(people)).Tasks.relation.dual_property.synced_property_name).toBe('Assignee');
    await update(people, { Tasks: { name: 'Work' } });
    expect((await schemaOf(tasks)).Assignee.relation.dual_property.synced_property_name).toBe('Work');
    await update(tasks, { Assignee: { relation: { data_source_id: people, dual_property: { synced_property_name: 'Jobs' } } } });
    const mirror = (await schemaOf(people)).Jobs;
    expect(mirror.relation.dual_property.synced_property_name).toBe('Assignee');
    expect((await schemaOf(tasks)).Assignee.relation.dual_property).toEqual({ synced_property_id: mirror.id, synced_property_name: 'Jobs' });
  });

  it('removing one side leaves the other as a one-way relation that keeps its links', async () => {
    const { tasks, people, tasksDb } = await pair();
    await update(tasks, { Owner: { relation: { data_source_id: people, dual_property: { synced_property_name: 'Tasks' } } } });
    const ann = await row(people, 'Ann');
    const task = await row(tasks, 'Write', { Owner: { relation: [{ id: ann }] } });
    await update(tasks, { Owner: null });
    const mirror = (await schemaOf(people)).Tasks;
    expect(mirror.relation).toEqual({ database_id: tasksDb, data_source_id: tasks, type: 'single_property', single_property: {} });
    expect((await valuesOf(ann)).Tasks.relation).toEqual([{ id: task }]);
    expect((await valuesOf(task)).Owner).toBeUndefined();
  });

  it('retyping one side also leaves the other one-way', async () => {
    const { tasks, people } = await pair();
    await update(tasks, { Owner: { relation: { data_source_id: people, dual_property: { synced_property_name: 'Tasks' } } } });
    const ann = await row(people, 'Ann');
    const task = await row(tasks, 'Write', { Owner: { relation: [{ id: ann }] } });
    await update(tasks, { Owner: { rich_text: {} } });
    expect((await valuesOf(task)).Owner.rich_text).toEqual([textItem('Ann')]);
    expect((await schemaOf(people)).Tasks.relation.type).toBe('single_property');
  });

  it('making a dual relation one-way removes the mirror and its values', async () => {
    const { tasks, people } = await pair();
    await update(tasks, { Owner: { relation: { data_source_id: people, dual_property: { synced_property_name: 'Tasks' } } } });
    const ann = await row(people, 'Ann');
    const task = await row(tasks, 'Write', { Owner: { relation: [{ id: ann }] } });
    const mirrorId = decodeURIComponent((await schemaOf(people)).Tasks.id);
    const res = await update(tasks, { Owner: { relation: { single_property: {} } } });
    expect(res.properties.Owner.relation).toMatchObject({ data_source_id: people, type: 'single_property', single_property: {} });
    expect((await schemaOf(people)).Tasks).toBeUndefined();
    expect(await storedValues(ann)).not.toHaveProperty(mirrorId);
    expect((await valuesOf(task)).Owner.relation).toEqual([{ id: ann }]);
  });

  it('making a one-way relation dual creates the mirror, filled with the existing links', async () => {
    const { tasks, people } = await pair();
    await update(tasks, { Owner: { relation: { data_source_id: people, single_property: {} } } });
    const ann = await row(people, 'Ann');
    const bob = await row(people, 'Bob');
    const t1 = await row(tasks, 'One', { Owner: { relation: [{ id: ann }, { id: bob }] } });
    const t2 = await row(tasks, 'Two', { Owner: { relation: [{ id: ann }] } });
    await update(tasks, { Owner: { relation: { data_source_id: people, dual_property: { synced_property_name: 'Tasks' } } } });
    expect((await valuesOf(ann)).Tasks.relation).toEqual([{ id: t1 }, { id: t2 }]);
    expect((await valuesOf(bob)).Tasks.relation).toEqual([{ id: t1 }]);
    // From now on both sides move together.
    ok(await server.request('PATCH', `/v1/pages/${t2}`, { body: { properties: { Owner: { relation: [] } } } }));
    expect((await valuesOf(ann)).Tasks.relation).toEqual([{ id: t1 }]);
  });

  it('keeps a relation of a data source to itself consistent', async () => {
    const { dataSourceId } = await database({}, 'Graph');
    const res = await update(dataSourceId, { Parent: { relation: { data_source_id: dataSourceId, dual_property: { synced_property_name: 'Children' } } } });
    expect(res.properties.Children.relation.dual_property).toEqual({ synced_property_id: res.properties.Parent.id, synced_property_name: 'Parent' });
    const top = await row(dataSourceId, 'top');
    const leaf = await row(dataSourceId, 'leaf', { Parent: { relation: [{ id: top }] } });
    expect((await valuesOf(top)).Children.relation).toEqual([{ id: leaf }]);
    const after = await update(dataSourceId, { Parent: null });
    expect(after.properties.Children.relation.type).toBe('single_property');
    expect((await valuesOf(top)).Children.relation).toEqual([{ id: leaf }]);
  });

  it('cannot point a relation at another data source', async () => {
    const { tasks, people } = await pair();
    const other = await database({}, 'Other');
    await update(tasks, { Owner: { relation: { data_source_id: people, single_property: {} } } });
    expectError(
      await patchSource(tasks, { properties: { Owner: { relation: { data_source_id: other.dataSourceId, single_property: {} } } } }),
      400,
      'validation_error',
      'Cannot change the related data source of relation property Owner. Remove the property and add a new relation instead.',
    );
  });

  it('answers a relation to a data source it cannot find with a 404', async () => {
    const { tasks } = await pair();
    expectError(
      await patchSource(tasks, { properties: { Owner: { relation: { data_source_id: MISSING_ID, single_property: {} } } } }),
      404,
      'object_not_found',
      notFound('data source', MISSING_ID),
    );
  });

  it('clears values when a property becomes a relation', async () => {
    const { tasks, people } = await pair();
    await update(tasks, { Owner: { rich_text: {} } });
    const task = await row(tasks, 'Write', { Owner: { rich_text: [text('Ann')] } });
    await update(tasks, { Owner: { relation: { data_source_id: people, dual_property: {} } } });
    expect((await valuesOf(task)).Owner.relation).toEqual([]);
  });
});

describe('PATCH /v1/data_sources: limits and atomicity', () => {
  it('refuses a schema larger than 50 KB and changes nothing', async () => {
    const { dataSourceId } = await database({ Points: { number: {} } });
    const before = await schemaOf(dataSourceId);
    const options = Array.from({ length: 30 }, (_, i) => ({ name: `${i}-${'x'.repeat(1990)}` }));
    const res = await patchSource(dataSourceId, { properties: { Points: { name: 'Renamed' }, Big: { select: { options } } } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_error');
    expect(res.body.message).toMatch(/^Data source schema too large: \d+ bytes, more than the 50000 bytes allowed\.$/);
    expect(await schemaOf(dataSourceId)).toEqual(before);
  });

  it('applies nothing when one entry fails', async () => {
    const { dataSourceId } = await database({ Points: { number: {} } });
    const page = await row(dataSourceId, 'A', { Points: { number: 4 } });
    const before = await schemaOf(dataSourceId);
    const res = await patchSource(dataSourceId, { title: [text('Renamed')], properties: { Points: { rich_text: {} }, Name: null } });
    expect(res.status).toBe(400);
    expect(await schemaOf(dataSourceId)).toEqual(before);
    expect((await valuesOf(page)).Points.number).toBe(4);
    expect(ok(await server.request('GET', `/v1/data_sources/${dataSourceId}`)).title).toEqual([textItem('Tasks')]);
  });

  it('leaves the schema unchanged for an empty properties map and omitted properties', async () => {
    const { dataSourceId } = await database({ A: { number: {} }, B: { checkbox: {} } });
    const before = await schemaOf(dataSourceId);
    expect((await update(dataSourceId, {})).properties).toEqual(before);
    expect((await update(dataSourceId, { A: { name: 'A2' } })).properties.B).toEqual(before.B);
  });
});

describe('PATCH /v1/data_sources: title, icon, trash and parent', () => {
  it('sets the title and icon, and removes the icon with null', async () => {
    const { dataSourceId, databaseId } = await database({});
    const res = ok(await patchSource(dataSourceId, { title: [text('Backlog')], icon: { emoji: '📋' } }));
    expect(res.title).toEqual([textItem('Backlog')]);
    expect(res.icon).toEqual({ type: 'emoji', emoji: '📋' });
    expect(res.parent).toEqual({ type: 'database_id', database_id: databaseId });
    expect(res.last_edited_by).toEqual({ object: 'user', id: botId });
    const db = ok(await server.request('GET', `/v1/databases/${databaseId}`));
    expect(db.data_sources).toEqual([{ id: dataSourceId, name: 'Backlog' }]);
    // The database keeps its own title.
    expect(db.title).toEqual([textItem('Tasks')]);
    expect(ok(await patchSource(dataSourceId, { icon: null })).icon).toBeNull();
  });

  it('trashes a data source: gone from its database’s list, still retrievable, only restorable', async () => {
    const { databaseId, dataSourceId } = await database({});
    const second = await addDataSource(databaseId, 'Second');
    const page = await row(second, 'A');
    const trashed = ok(await patchSource(second, { in_trash: true }));
    expect(trashed.in_trash).toBe(true);
    expect(trashed.archived).toBe(true);
    expect(ok(await server.request('GET', `/v1/databases/${databaseId}`)).data_sources).toEqual([{ id: dataSourceId, name: 'Tasks' }]);
    expect(ok(await server.request('GET', `/v1/data_sources/${second}`)).in_trash).toBe(true);
    // The database is single-source again for 2022-06-28 clients.
    expect(ok(await server.request('GET', `/v1/databases/${databaseId}`, { version: '2022-06-28' })).properties).toHaveProperty('Name');
    expectError(await patchSource(second, { title: [text('x')] }), 400, 'validation_error', ARCHIVED);
    expectError(await patchSource(second, {}), 400, 'validation_error', ARCHIVED);
    expectError(
      await server.request('PATCH', `/v1/pages/${page}`, { body: { properties: { Name: { title: [text('B')] } } } }),
      400,
      'validation_error',
      ARCHIVED_ANCESTOR,
    );
    const restored = ok(await patchSource(second, { archived: false }));
    expect(restored.in_trash).toBe(false);
    expect(ok(await server.request('GET', `/v1/databases/${databaseId}`)).data_sources.map((d: Json) => d.id)).toEqual([dataSourceId, second]);
  });

  it('keeps the last data source of a database', async () => {
    const { databaseId, dataSourceId } = await database({});
    expectError(
      await patchSource(dataSourceId, { in_trash: true }),
      400,
      'validation_error',
      `Data source ${dataSourceId} is the only data source of database ${databaseId}; trash or move the database instead.`,
    );
  });

  it('cannot be edited inside a trashed database', async () => {
    const { databaseId, dataSourceId } = await database({});
    ok(await server.request('PATCH', `/v1/databases/${databaseId}`, { body: { in_trash: true } }));
    expectError(await patchSource(dataSourceId, { title: [text('x')] }), 400, 'validation_error', ARCHIVED_ANCESTOR);
    ok(await server.request('PATCH', `/v1/databases/${databaseId}`, { body: { in_trash: false } }));
    ok(await patchSource(dataSourceId, { title: [text('x')] }));
  });

  it('moves to another database: both list it correctly and relations to it follow', async () => {
    const from = await database({}, 'From');
    const moving = await addDataSource(from.databaseId, 'Moving', { Size: { number: {} } });
    const to = await database({}, 'To');
    const linker = await database({ Link: { relation: { data_source_id: moving, dual_property: { synced_property_name: 'Back' } } } }, 'Linker');
    const page = await row(moving, 'A', { Size: { number: 1 } });
    const res = ok(await patchSource(moving, { parent: { type: 'database_id', database_id: to.databaseId } }));
    expect(res.parent).toEqual({ type: 'database_id', database_id: to.databaseId });
    expect(res.database_parent).toEqual({ type: 'page_id', page_id: root });
    expect(res.properties.Back.relation.database_id).toBe(linker.databaseId);
    expect(ok(await server.request('GET', `/v1/databases/${from.databaseId}`)).data_sources.map((d: Json) => d.id)).toEqual([from.dataSourceId]);
    expect(ok(await server.request('GET', `/v1/databases/${to.databaseId}`)).data_sources.map((d: Json) => d.id)).toEqual([to.dataSourceId, moving]);
    expect((await schemaOf(linker.dataSourceId)).Link.relation).toMatchObject({ database_id: to.databaseId, data_source_id: moving });
    const moved = ok(await server.request('GET', `/v1/pages/${page}`));
    expect(moved.parent).toEqual({ type: 'data_source_id', data_source_id: moving, database_id: to.databaseId });
    expect(moved.properties.Size.number).toBe(1);
  });

  it('moves the only data source of a database, which leaves the emptied database in the trash', async () => {
    const { databaseId, dataSourceId } = await database({ Size: { number: {} } });
    const to = await database({}, 'To');
    const page = await row(dataSourceId, 'A', { Size: { number: 2 } });
    const res = ok(await patchSource(dataSourceId, { parent: { database_id: to.databaseId } }));
    expect(res.parent).toEqual({ type: 'database_id', database_id: to.databaseId });
    expect(res.in_trash).toBe(false);
    const emptied = ok(await server.request('GET', `/v1/databases/${databaseId}`));
    expect(emptied.data_sources).toEqual([]);
    expect(emptied.in_trash).toBe(true);
    expect(ok(await server.request('GET', `/v1/databases/${to.databaseId}`)).data_sources.map((d: Json) => d.id)).toEqual([to.dataSourceId, dataSourceId]);
    const moved = ok(await server.request('GET', `/v1/pages/${page}`));
    expect(moved.parent).toEqual({ type: 'data_source_id', data_source_id: dataSourceId, database_id: to.databaseId });
    expect(moved.in_trash).toBe(false);
    expect(moved.properties.Size.number).toBe(2);
  });

  it('does not move a data source into a database it cannot find', async () => {
    const { databaseId, dataSourceId } = await database({});
    expectError(await patchSource(dataSourceId, { parent: { database_id: MISSING_ID } }), 404, 'object_not_found', notFound('database', MISSING_ID));
    // Naming its own database is no move at all.
    expect(ok(await patchSource(dataSourceId, { parent: { database_id: databaseId } })).parent.database_id).toBe(databaseId);
  });
});

describe('PATCH /v1/data_sources: versions, ids and access', () => {
  it('is an invalid request URL under 2022-06-28', async () => {
    const { dataSourceId } = await database({});
    expectError(await patchSource(dataSourceId, { title: [text('x')] }, '2022-06-28'), 400, 'invalid_request_url', 'Invalid request URL.');
  });

  it('refuses archived under 2026-03-11 and renders no archived key there', async () => {
    const { databaseId } = await database({});
    const second = await addDataSource(databaseId, 'Second');
    expectError(
      await patchSource(second, { archived: true }, '2026-03-11'),
      400,
      'validation_error',
      'body failed validation: body.archived should be not present, instead was `true`.',
    );
    const res = ok(await patchSource(second, { in_trash: true }, '2026-03-11'));
    expect(res.in_trash).toBe(true);
    expect(res).not.toHaveProperty('archived');
  });

  it('answers a database id, an unknown id and a page id with a 404 naming a data source', async () => {
    const { databaseId } = await database({});
    const page = ok(await server.request('POST', '/v1/pages', { body: { parent: { page_id: root }, properties: { title: [text('p')] } } })).id;
    for (const id of [databaseId, MISSING_ID, page]) {
      expectError(await patchSource(id, { title: [text('x')] }), 404, 'object_not_found', notFound('data source', id));
    }
  });

  it('validates the id and the body', async () => {
    const { dataSourceId } = await database({});
    expectError(
      await patchSource('nope', {}),
      400,
      'validation_error',
      'path failed validation: path.data_source_id should be a valid uuid, instead was `"nope"`.',
    );
    expectError(
      await patchSource(dataSourceId, { colour: 'red' }),
      400,
      'validation_error',
      'body failed validation: body.colour should be not present, instead was `"red"`.',
    );
  });

  it('leaves out relations to data sources the integration cannot reach, as on retrieve', async () => {
    const shared = ok(await server.request('POST', '/v1/pages', { body: { parent: { page_id: root }, properties: { title: [text('Shared')] } } })).id;
    const hidden = await database({}, 'Hidden');
    const { dataSourceId } = await database(
      { Link: { relation: { data_source_id: hidden.dataSourceId, single_property: {} } }, Size: { number: {} } },
      'Visible',
      shared,
    );
    const created = await secondIntegration(server, { name: 'Partial', pages: [shared] });
    const res = ok(await patchSource(dataSourceId, { properties: { Size: { name: 'Bulk' } } }, undefined, created.token));
    expect(Object.keys(res.properties)).toEqual(['Name', 'Bulk']);
    expect(Object.keys(ok(await patchSource(dataSourceId, {})).properties)).toEqual(['Name', 'Link', 'Bulk']);
  });

  it('needs the update content capability, and access to the data source', async () => {
    const { dataSourceId } = await database({});
    const reader = await integrationWith('Reader', { update_content: false }, true);
    expectError(
      await patchSource(dataSourceId, { title: [text('x')] }, undefined, reader),
      403,
      'restricted_resource',
      'Insufficient permissions for this endpoint.',
    );
    const stranger = await integrationWith('Stranger', {}, false);
    expectError(
      await patchSource(dataSourceId, { title: [text('x')] }, undefined, stranger),
      404,
      'object_not_found',
      notFound('data source', dataSourceId, 'Stranger'),
    );
  });
});

async function integrationWith(name: string, capabilities: Partial<Capabilities>, shared: boolean): Promise<string> {
  const created = await secondIntegration(server, { name, capabilities, pages: shared ? [root] : [] });
  return created.token;
}
