// Isolation between integrations through indirect paths: an integration given one page reads and
// writes nothing of what it was not given, whether directly, through relations, rollups and
// formulas (https://developers.notion.com/reference/page-property-values#relation), through
// mentions ("Untitled", https://developers.notion.com/reference/rich-text#mention), synced and
// link-to-page blocks, comments, search or page moves. The owner's view stays whole.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { secondIntegration } from '../helpers/integrations.js';
import { createDatabase, createRow, expectError, expectNotFound, getPage, ok, text, type Json } from '../helpers/builders.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const B = 'Outsider';
const SECRET_TITLE = 'Secret plans';
const SECRET_NOTE = 'merger with Initech';
const SECRET_SALARY = 987654;

let server: TestServer;
/** Request options that call as integration B. */
let asB: { token: string };
/** A page only the owner reaches, and one given to integration B too. */
let secret: string;
let shared: string;
/** Data source S under the secret page (Note, Salary); D under the shared page, related to S. */
let sDatabase: string;
let s: string;
let d: string;
let alice: string;
let bob: string;
/** A row of D linked to Alice's page of S. */
let row: string;

function page(parentId: string, title: string, children: unknown[] = []): Promise<Json> {
  return server.request('POST', '/v1/pages', { body: { parent: { page_id: parentId }, properties: { title: { title: [text(title)] } }, children } }).then(ok);
}

const mentionPage = (id: string) => ({ mention: { page: { id } } });
const mentionDatabase = (id: string) => ({ mention: { database: { id } } });
const paragraph = (richText: unknown[]) => ({ paragraph: { rich_text: richText } });

/** Everything the owner keeps out of B's sight, as it would appear in a response. */
function expectNothingSecret(body: unknown): void {
  const json = JSON.stringify(body);
  for (const leak of [SECRET_TITLE, SECRET_NOTE, String(SECRET_SALARY), 'Alice', 'Bob', alice, bob, s, sDatabase]) expect(json).not.toContain(leak);
}

beforeEach(async () => {
  server = await startTestServer();
  const root = server.info.rootPageId;
  secret = (await page(root, SECRET_TITLE)).id;
  shared = (await page(root, 'Shared')).id;
  const sDb = await createDatabase(server, { Name: { title: {} }, Note: { rich_text: {} }, Salary: { number: {} } }, { parentId: secret, title: 'Payroll' });
  sDatabase = sDb.databaseId;
  s = sDb.dataSourceId;
  d = (
    await createDatabase(
      server,
      {
        Name: { title: {} },
        Plain: { rich_text: {} },
        Rel: { relation: { data_source_id: s, dual_property: {} } },
      },
      { parentId: shared, title: 'Tasks' },
    )
  ).dataSourceId;
  ok(
    await server.request('PATCH', `/v1/data_sources/${d}`, {
      body: {
        properties: {
          Notes: { rollup: { function: 'show_original', relation_property_name: 'Rel', rollup_property_name: 'Note' } },
          Total: { rollup: { function: 'sum', relation_property_name: 'Rel', rollup_property_name: 'Salary' } },
          Chain: { formula: { expression: 'prop("Rel").map(current.prop("Note")).join(",")' } },
          Doubled: { formula: { expression: 'prop("Total") * 2' } },
          Length: { formula: { expression: 'prop("Plain").length()' } },
        },
      },
    }),
  );
  alice = (await createRow(server, s, { Name: { title: [text('Alice')] }, Note: { rich_text: [text(SECRET_NOTE)] }, Salary: { number: SECRET_SALARY } })).id;
  bob = (await createRow(server, s, { Name: { title: [text('Bob')] }, Note: { rich_text: [text('raise')] }, Salary: { number: 5 } })).id;
  row = (await createRow(server, d, { Name: { title: [text('Task')] }, Plain: { rich_text: [text('open')] }, Rel: { relation: [{ id: alice }] } })).id;
  const b = await secondIntegration(server, { name: B });
  asB = { token: b.token };
  await b.share(shared);
});

afterEach(async () => {
  await server.close();
});

const HIDDEN = ['Rel', 'Notes', 'Total', 'Chain', 'Doubled'];
const VISIBLE = ['Name', 'Plain', 'Length'];

describe('page values through a relation to what B was not given', () => {
  it('leave the relation, its rollups and the formulas reading them out of page objects', async () => {
    const seen = ok(await server.request('GET', `/v1/pages/${row}`, asB));
    expect(Object.keys(seen.properties).sort()).toEqual([...VISIBLE].sort());
    expect(seen.properties.Length.formula).toEqual({ type: 'number', number: 4 });
    expectNothingSecret(seen);
    // The owner's view is whole.
    const owner = await getPage(server, row);
    expect(Object.keys(owner.properties).sort()).toEqual([...VISIBLE, ...HIDDEN].sort());
    expect(owner.properties.Total.rollup.number).toBe(SECRET_SALARY);
    expect(owner.properties.Chain.formula.string).toBe(SECRET_NOTE);
    expect(owner.properties.Doubled.formula.number).toBe(SECRET_SALARY * 2);
  });

  it('leave them out of the data source schema', async () => {
    const seen = ok(await server.request('GET', `/v1/data_sources/${d}`, asB));
    expect(Object.keys(seen.properties).sort()).toEqual([...VISIBLE].sort());
    expectNothingSecret(seen);
    const owner = ok(await server.request('GET', `/v1/data_sources/${d}`));
    expect(Object.keys(owner.properties).sort()).toEqual([...VISIBLE, ...HIDDEN].sort());
  });

  it('leave them out of the database as 2022-06-28 shows it', async () => {
    const database = ok(await server.request('GET', `/v1/data_sources/${d}`)).parent.database_id as string;
    const seen = ok(await server.request('GET', `/v1/databases/${database}`, { ...asB, version: '2022-06-28' }));
    expect(Object.keys(seen.properties).sort()).toEqual([...VISIBLE].sort());
    expectNothingSecret(seen);
    const rows = ok(await server.request('POST', `/v1/databases/${database}/query`, { ...asB, version: '2022-06-28', body: {} }));
    expect(Object.keys(rows.results[0].properties).sort()).toEqual([...VISIBLE].sort());
  });

  it('leave them out of query results, and filters or sorts naming them find no property', async () => {
    const seen = ok(await server.request('POST', `/v1/data_sources/${d}/query`, { ...asB, body: {} }));
    expect(seen.results).toHaveLength(1);
    expect(Object.keys(seen.results[0].properties).sort()).toEqual([...VISIBLE].sort());
    expectNothingSecret(seen);
    for (const name of HIDDEN) {
      const filter =
        name === 'Rel'
          ? { property: name, relation: { contains: alice } }
          : name === 'Notes'
            ? { property: name, rollup: { any: { rich_text: { contains: 'merger' } } } }
            : name === 'Total'
              ? { property: name, rollup: { number: { greater_than: 0 } } }
              : { property: name, formula: name === 'Chain' ? { string: { contains: 'merger' } } : { number: { greater_than: 0 } } };
      const res = await server.request('POST', `/v1/data_sources/${d}/query`, { ...asB, body: { filter } });
      expectError(res, 400, 'validation_error', `Could not find property with name or id: ${name}`);
      const sorted = await server.request('POST', `/v1/data_sources/${d}/query`, { ...asB, body: { sorts: [{ property: name, direction: 'ascending' }] } });
      expectError(sorted, 400, 'validation_error', `Could not find sort property with name or id: ${name}`);
    }
    // The owner filters on them as before.
    const owner = ok(
      await server.request('POST', `/v1/data_sources/${d}/query`, { body: { filter: { property: 'Total', rollup: { number: { greater_than: 0 } } } } }),
    );
    expect(owner.results.map((r: Json) => r.id)).toEqual([row]);
  });

  it('leave them out of search results', async () => {
    const seen = ok(await server.request('POST', '/v1/search', { ...asB, body: {} }));
    const found = seen.results.find((r: Json) => r.id === row);
    expect(Object.keys(found.properties).sort()).toEqual([...VISIBLE].sort());
    const source = seen.results.find((r: Json) => r.id === d);
    expect(Object.keys(source.properties).sort()).toEqual([...VISIBLE].sort());
    expectNothingSecret(seen);
  });

  it('are properties that do not exist for the property item endpoint', async () => {
    const owner = await getPage(server, row);
    for (const name of HIDDEN) {
      const id = owner.properties[name].id as string;
      const res = await server.request('GET', `/v1/pages/${row}/properties/${id}`, asB);
      expectError(res, 404, 'object_not_found', `Could not find property with ID: ${decodeURIComponent(id)}.`);
      ok(await server.request('GET', `/v1/pages/${row}/properties/${id}`));
    }
    ok(await server.request('GET', `/v1/pages/${row}/properties/${owner.properties.Length.id}`, asB));
  });
});

describe('values read through a data source B reaches from one it does not', () => {
  it('hide rollups and formulas of rollups that lead on to the hidden relation, and keep the rest', async () => {
    // E is under the shared page and relates to S; D relates to E, which B reaches.
    const e = (
      await createDatabase(
        server,
        { Name: { title: {} }, Pay: { relation: { data_source_id: s, single_property: {} } }, Code: { rich_text: {} } },
        { parentId: shared, title: 'Teams' },
      )
    ).dataSourceId;
    ok(
      await server.request('PATCH', `/v1/data_sources/${e}`, {
        body: { properties: { Payroll: { rollup: { function: 'sum', relation_property_name: 'Pay', rollup_property_name: 'Salary' } } } },
      }),
    );
    const team = (await createRow(server, e, { Name: { title: [text('Team')] }, Code: { rich_text: [text('T1')] }, Pay: { relation: [{ id: alice }] } })).id;
    ok(
      await server.request('PATCH', `/v1/data_sources/${d}`, {
        body: {
          properties: {
            Team: { relation: { data_source_id: e, single_property: {} } },
            TeamPay: { rollup: { function: 'sum', relation_property_name: 'Team', rollup_property_name: 'Payroll' } },
            TeamCodes: { rollup: { function: 'show_original', relation_property_name: 'Team', rollup_property_name: 'Code' } },
            PayViaTeam: { formula: { expression: 'prop("Team").map(current.prop("Payroll")).sum()' } },
          },
        },
      }),
    );
    ok(await server.request('PATCH', `/v1/pages/${row}`, { body: { properties: { Team: { relation: [{ id: team }] } } } }));
    const owner = await getPage(server, row);
    expect(owner.properties.PayViaTeam.formula.number).toBe(SECRET_SALARY);
    const seen = ok(await server.request('GET', `/v1/pages/${row}`, asB));
    expect(Object.keys(seen.properties).sort()).toEqual([...VISIBLE, 'Team', 'TeamCodes'].sort());
    expect(seen.properties.Team.relation).toEqual([{ id: team }]);
    expect(seen.properties.TeamCodes.rollup.array[0].rich_text[0].plain_text).toBe('T1');
    expectNothingSecret(seen);
    const teamSeen = ok(await server.request('GET', `/v1/pages/${team}`, asB));
    expect(Object.keys(teamSeen.properties).sort()).toEqual(['Code', 'Name']);
  });
});

describe('writes through a relation to what B was not given', () => {
  it('refuse the relation as a property that does not exist, changing nothing', async () => {
    const res = await server.request('PATCH', `/v1/pages/${row}`, { ...asB, body: { properties: { Rel: { relation: [{ id: bob }] } } } });
    expectError(res, 400, 'validation_error', 'Rel is not a property that exists.');
    const created = await server.request('POST', '/v1/pages', {
      ...asB,
      body: { parent: { data_source_id: d }, properties: { Rel: { relation: [{ id: bob }] } } },
    });
    expectError(created, 400, 'validation_error', 'Rel is not a property that exists.');
    // Nothing moved: the owner still sees Alice alone, and Bob's mirror is empty.
    const owner = await getPage(server, row);
    expect(owner.properties.Rel.relation).toEqual([{ id: alice }]);
    expect(owner.properties.Total.rollup.number).toBe(SECRET_SALARY);
    const mirror = Object.values((await getPage(server, bob)).properties).find((p: any) => p.type === 'relation') as Json;
    expect(mirror.relation).toEqual([]);
  });

  it('refuse rollups and formulas on it as properties that do not exist', async () => {
    const res = await server.request('PATCH', `/v1/pages/${row}`, {
      ...asB,
      body: { properties: { Total: { number: 1 }, Plain: { rich_text: [text('x')] } } },
    });
    expectError(res, 400, 'validation_error', 'Total is not a property that exists.');
  });

  it('still write what B sees, leaving the relation as it was', async () => {
    const updated = ok(await server.request('PATCH', `/v1/pages/${row}`, { ...asB, body: { properties: { Plain: { rich_text: [text('closed')] } } } }));
    expect(Object.keys(updated.properties).sort()).toEqual([...VISIBLE].sort());
    expectNothingSecret(updated);
    expect((await getPage(server, row)).properties.Rel.relation).toEqual([{ id: alice }]);
  });

  it('refuse a relation value naming a page B cannot reach as one that does not exist', async () => {
    // A relation of D to itself, which B reaches; a page of S is not one of its pages.
    ok(await server.request('PATCH', `/v1/data_sources/${d}`, { body: { properties: { Self: { relation: { data_source_id: d, single_property: {} } } } } }));
    const missing = '0b5c4ea1-0f7f-4a0b-9a8c-0d7f1d5e4a11';
    const refusals = [];
    for (const target of [alice, missing]) {
      const res = await server.request('PATCH', `/v1/pages/${row}`, { ...asB, body: { properties: { Self: { relation: [{ id: target }] } } } });
      expect(res.status).toBe(400);
      refusals.push(res.body.message.replace(target, '<id>'));
    }
    expect(refusals[0]).toBe(refusals[1]);
  });
});

describe('schema updates naming what B does not see', () => {
  it('find no such property, and change nothing', async () => {
    for (const name of HIDDEN) {
      const removed = await server.request('PATCH', `/v1/data_sources/${d}`, { ...asB, body: { properties: { [name]: null } } });
      expectError(removed, 400, 'validation_error', `Could not find property with name or id: ${name}`);
      const renamed = await server.request('PATCH', `/v1/data_sources/${d}`, { ...asB, body: { properties: { [name]: { name: 'Mine' } } } });
      expectError(renamed, 400, 'validation_error', `Could not find property with name or id: ${name}`);
    }
    const owner = await getPage(server, row);
    expect(Object.keys(owner.properties).sort()).toEqual([...VISIBLE, ...HIDDEN].sort());
    expect(owner.properties.Rel.relation).toEqual([{ id: alice }]);
    const mirror = Object.values((await getPage(server, alice)).properties).find((p: any) => p.type === 'relation') as Json;
    expect(mirror.relation).toEqual([{ id: row }]);
  });
});

describe('mentions of what B was not given', () => {
  it('read as "Untitled" in blocks B writes', async () => {
    const res = ok(
      await server.request('PATCH', `/v1/blocks/${shared}/children`, {
        ...asB,
        body: { children: [paragraph([mentionPage(secret), mentionDatabase(sDatabase), mentionPage(alice)])] },
      }),
    );
    const items = res.results[0].paragraph.rich_text as Json[];
    expect(items.map((i) => i.plain_text)).toEqual(['Untitled', 'Untitled', 'Untitled']);
    expect(items.map((i) => i.mention[i.mention.type].id)).toEqual([secret, sDatabase, alice]);
    expectNothingSecret({ ...res, results: res.results.map((b: Json) => ({ ...b, paragraph: { rich_text: items.map((i) => i.plain_text) } })) });
    // The owner writing the same mention sees the title.
    const owner = ok(await server.request('PATCH', `/v1/blocks/${shared}/children`, { body: { children: [paragraph([mentionPage(secret)])] } }));
    expect(owner.results[0].paragraph.rich_text[0].plain_text).toBe(SECRET_TITLE);
  });

  it('read as "Untitled" in page titles and rich text values B writes', async () => {
    const created = ok(
      await server.request('POST', '/v1/pages', { ...asB, body: { parent: { page_id: shared }, properties: { title: { title: [mentionPage(secret)] } } } }),
    );
    expect(created.properties.title.title[0].plain_text).toBe('Untitled');
    const updated = ok(await server.request('PATCH', `/v1/pages/${row}`, { ...asB, body: { properties: { Plain: { rich_text: [mentionPage(alice)] } } } }));
    expect(updated.properties.Plain.rich_text[0].plain_text).toBe('Untitled');
    expect(updated.properties.Length.formula.number).toBe('Untitled'.length);
  });

  it('read as "Untitled" in comments B writes', async () => {
    const created = ok(
      await server.request('POST', '/v1/comments', {
        ...asB,
        body: { parent: { page_id: shared }, rich_text: [mentionPage(secret), mentionDatabase(sDatabase)] },
      }),
    );
    expect(created.rich_text.map((i: Json) => i.plain_text)).toEqual(['Untitled', 'Untitled']);
  });
});

describe('mentions the owner wrote of what B was not given', () => {
  it('read as "Untitled" to B wherever B reads them, and as the title to the owner', async () => {
    const block = ok(
      await server.request('PATCH', `/v1/blocks/${shared}/children`, { body: { children: [paragraph([mentionPage(secret), mentionDatabase(sDatabase)])] } }),
    ).results[0].id as string;
    const titledPage = (
      await server
        .request('POST', '/v1/pages', { body: { parent: { page_id: shared }, properties: { title: { title: [text('See '), mentionPage(alice)] } } } })
        .then(ok)
    ).id as string;
    ok(await server.request('PATCH', `/v1/pages/${row}`, { body: { properties: { Plain: { rich_text: [mentionPage(secret)] } } } }));
    ok(await server.request('POST', '/v1/comments', { body: { parent: { page_id: shared }, rich_text: [mentionPage(secret)] } }));

    const plain = (items: Json[]) => items.map((i) => i.plain_text);
    const reads = async (options: { token?: string }) => ({
      block: plain(ok(await server.request('GET', `/v1/blocks/${block}`, options)).paragraph.rich_text),
      children: plain(ok(await server.request('GET', `/v1/blocks/${shared}/children`, options)).results.find((b: Json) => b.id === block).paragraph.rich_text),
      title: plain(ok(await server.request('GET', `/v1/pages/${titledPage}`, options)).properties.title.title),
      value: plain(ok(await server.request('GET', `/v1/pages/${row}`, options)).properties.Plain.rich_text),
      item: plain(
        ok(await server.request('GET', `/v1/pages/${row}/properties/${(await getPage(server, row)).properties.Plain.id}`, options)).results.map(
          (r: Json) => r.rich_text,
        ),
      ),
      query: plain(ok(await server.request('POST', `/v1/data_sources/${d}/query`, { ...options, body: {} })).results[0].properties.Plain.rich_text),
      search: plain(ok(await server.request('POST', '/v1/search', { ...options, body: { query: 'See' } })).results[0].properties.title.title),
      comments: plain(ok(await server.request('GET', `/v1/comments?block_id=${shared}`, options)).results[0].rich_text),
    });
    expect(await reads(asB)).toEqual({
      block: ['Untitled', 'Untitled'],
      children: ['Untitled', 'Untitled'],
      title: ['See ', 'Untitled'],
      value: ['Untitled'],
      item: ['Untitled'],
      query: ['Untitled'],
      search: ['See ', 'Untitled'],
      comments: ['Untitled'],
    });
    expect(await reads({})).toEqual({
      block: [SECRET_TITLE, 'Payroll'],
      children: [SECRET_TITLE, 'Payroll'],
      title: ['See ', 'Alice'],
      value: [SECRET_TITLE],
      item: [SECRET_TITLE],
      query: [SECRET_TITLE],
      search: ['See ', 'Alice'],
      comments: [SECRET_TITLE],
    });
  });
});

describe('page markdown', () => {
  it('renders mentions of what B was not given as "Untitled", and edits match only what B reads', async () => {
    ok(
      await server.request('PATCH', `/v1/blocks/${shared}/children`, {
        body: { children: [paragraph([text('See '), mentionPage(secret), mentionDatabase(sDatabase)])] },
      }),
    );
    const read = ok(await server.request('GET', `/v1/pages/${shared}/markdown`, asB));
    expect(read.markdown).toContain('Untitled');
    expectNothingSecret(read);
    expect(ok(await server.request('GET', `/v1/pages/${shared}/markdown`)).markdown).toContain(SECRET_TITLE);
    // A selection naming the secret title matches nothing B reads.
    const edit = await server.request('PATCH', `/v1/pages/${shared}/markdown`, {
      ...asB,
      body: { type: 'replace_content_range', replace_content_range: { content: 'x', content_range: `${SECRET_TITLE}...` } },
    });
    // (Had it matched, the edit would have succeeded; the error echoes only what B sent.)
    expect(edit.status).toBe(400);
    expect(edit.body.code).toBe('validation_error');
  });
});

describe('formulas reading mentions of what B was not given', () => {
  it('read "Untitled" for B, in page objects, query results and formula filters', async () => {
    ok(await server.request('PATCH', `/v1/data_sources/${d}`, { body: { properties: { Echo: { formula: { expression: 'prop("Plain")' } } } } }));
    ok(await server.request('PATCH', `/v1/pages/${row}`, { body: { properties: { Plain: { rich_text: [mentionPage(secret)] } } } }));
    const seen = ok(await server.request('GET', `/v1/pages/${row}`, asB));
    expect(seen.properties.Echo.formula).toEqual({ type: 'string', string: 'Untitled' });
    expect(seen.properties.Length.formula).toEqual({ type: 'number', number: 'Untitled'.length });
    const queried = ok(
      await server.request('POST', `/v1/data_sources/${d}/query`, {
        ...asB,
        body: { filter: { property: 'Echo', formula: { string: { contains: 'Secret' } } } },
      }),
    );
    expect(queried.results).toEqual([]);
    const item = ok(await server.request('GET', `/v1/pages/${row}/properties/${seen.properties.Echo.id}`, asB));
    expect(item.formula).toEqual({ type: 'string', string: 'Untitled' });
    // The owner reaches the page and reads its title.
    expect((await getPage(server, row)).properties.Echo.formula).toEqual({ type: 'string', string: SECRET_TITLE });
  });
});

describe('blocks pointing at what B was not given', () => {
  it('a synced copy under the shared page shows nothing of its original', async () => {
    const original = ok(
      await server.request('PATCH', `/v1/blocks/${secret}/children`, {
        body: { children: [{ synced_block: { synced_from: null, children: [paragraph([text(SECRET_NOTE)])] } }] },
      }),
    ).results[0].id as string;
    const copy = ok(
      await server.request('PATCH', `/v1/blocks/${shared}/children`, { body: { children: [{ synced_block: { synced_from: { block_id: original } } }] } }),
    ).results[0].id as string;
    expect(JSON.stringify(ok(await server.request('GET', `/v1/blocks/${copy}/children`, asB)))).not.toContain(SECRET_NOTE);
    expectNotFound(await server.request('GET', `/v1/blocks/${original}`, asB), 'block', original, B);
    expectNotFound(await server.request('GET', `/v1/blocks/${original}/children`, asB), 'block', original, B);
    const edit = await server.request('PATCH', `/v1/blocks/${copy}/children`, { ...asB, body: { children: [paragraph([text('mine')])] } });
    expect(edit.status).toBe(400);
    expect(JSON.stringify(ok(await server.request('GET', `/v1/blocks/${original}/children`)))).not.toContain('mine');
  });

  it('a link to a page B cannot reach names only its id', async () => {
    const link = ok(await server.request('PATCH', `/v1/blocks/${shared}/children`, { body: { children: [{ link_to_page: { page_id: secret } }] } })).results[0]
      .id as string;
    const seen = ok(await server.request('GET', `/v1/blocks/${link}`, asB));
    expect(seen.link_to_page).toEqual({ type: 'page_id', page_id: secret });
    expect(JSON.stringify(seen)).not.toContain(SECRET_TITLE);
    expectNotFound(await server.request('GET', `/v1/pages/${secret}`, asB), 'page', secret, B);
  });
});

describe('comments, search and moves', () => {
  it('comments on what B was not given are neither listed nor answered', async () => {
    const discussion = ok(await server.request('POST', '/v1/comments', { body: { parent: { page_id: secret }, rich_text: [text(SECRET_NOTE)] } }))
      .discussion_id as string;
    expectNotFound(await server.request('GET', `/v1/comments?block_id=${secret}`, asB), 'block', secret, B);
    const reply = await server.request('POST', '/v1/comments', { ...asB, body: { discussion_id: discussion, rich_text: [text('me too')] } });
    expect(reply.status).toBe(404);
    expectNothingSecret(reply.body);
  });

  it('search finds nothing B was not given, whatever the query', async () => {
    for (const query of ['', 'Secret', 'Payroll', 'Alice']) {
      const res = ok(await server.request('POST', '/v1/search', { ...asB, body: { query } }));
      expectNothingSecret(res.results);
    }
  });

  it('B cannot move a page into or out of what it was not given', async () => {
    const mine = (
      await server.request('POST', '/v1/pages', { ...asB, body: { parent: { page_id: shared }, properties: { title: { title: [text('Mine')] } } } }).then(ok)
    ).id as string;
    expectNotFound(await server.request('POST', `/v1/pages/${mine}/move`, { ...asB, body: { parent: { page_id: secret } } }), 'page', secret, B);
    expectNotFound(await server.request('POST', `/v1/pages/${mine}/move`, { ...asB, body: { parent: { data_source_id: s } } }), 'data source', s, B);
    expectNotFound(await server.request('POST', `/v1/pages/${alice}/move`, { ...asB, body: { parent: { page_id: shared } } }), 'page', alice, B);
    expect((await getPage(server, alice)).parent).toEqual({ type: 'data_source_id', data_source_id: s, database_id: sDatabase });
  });
});
