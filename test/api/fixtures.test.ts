// Fixtures: what a fixture file creates (through the services, so as the API would), and how a
// bad one is reported, by its place in the file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startLocalNotion, type LocalNotion, type LocalNotionOptions } from '../../src/emulator/start.js';
import type { Fixture } from '../../src/emulator/fixtures/schema.js';
import { call, closeEmulators, startEmulator } from '../helpers/emulator.js';

const FIXTURE = 'test/fixtures/workspace.yaml';
const dir = mkdtempSync(join(tmpdir(), 'localnotion-fixtures-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const start = (options: LocalNotionOptions = {}): Promise<LocalNotion> => startEmulator({ listen: false, ...options });
afterEach(closeEmulators);

const ok = async (ln: LocalNotion, method: string, path: string, options: Parameters<typeof call>[3] = {}) => {
  const res = await call(ln, method, path, options);
  expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBe(200);
  return res.body;
};

const title = (t: string) => [{ text: { content: t } }];

describe('a fixture file', () => {
  it('creates users, pages with content, databases with data sources, schemas and rows', async () => {
    const ln = await start({ seed: FIXTURE });
    const ids = ln.ids;

    const me = await ok(ln, 'GET', '/v1/users/me');
    expect(me.bot.workspace_name).toBe('Acme');
    const users = await ok(ln, 'GET', '/v1/users');
    const people = users.results.filter((u: any) => u.type === 'person').map((u: any) => [u.name, u.person.email]);
    expect(people).toEqual(
      expect.arrayContaining([
        ['Ada Lovelace', 'ada@example.com'],
        ['Grace Hopper', undefined],
      ]),
    );

    const handbook = await ok(ln, 'GET', `/v1/pages/${ids.handbook}`);
    expect(handbook.parent).toEqual({ type: 'workspace', workspace: true });
    expect(handbook.icon).toEqual({ type: 'emoji', emoji: '📘' });
    expect(handbook.properties.title.title[0].plain_text).toBe('Handbook');
    const content = await ok(ln, 'GET', `/v1/blocks/${ids.handbook}/children`);
    // The page's content first, then its sub-pages and databases in the order of the file.
    expect(content.results.map((b: any) => b.type)).toEqual(['heading_1', 'paragraph', 'to_do', 'child_page', 'child_database', 'child_database']);
    expect(content.results[1].paragraph.rich_text.map((t: any) => t.plain_text).join('')).toBe('Ask @Ada Lovelace');
    expect(content.results[1].paragraph.rich_text[1].mention.user.id).toBe(ids.ada);

    const onboarding = await ok(ln, 'GET', `/v1/blocks/${ids.onboarding}/children`);
    expect(onboarding.results[0].link_to_page).toEqual({ type: 'database_id', database_id: ids.roadmap_db });

    const work = await ok(ln, 'GET', `/v1/databases/${ids.work}`);
    expect(work.data_sources.map((d: any) => [d.id, d.name])).toEqual([
      [ids.projects, 'Projects'],
      [ids.tasks, 'Tasks'],
    ]);
    const tasks = await ok(ln, 'GET', `/v1/data_sources/${ids.tasks}`);
    expect(Object.keys(tasks.properties).sort()).toEqual(['Name', 'Owner', 'Project', 'Status']);
    expect(tasks.properties.Project.relation).toMatchObject({ data_source_id: ids.projects, type: 'dual_property' });

    const design = await ok(ln, 'GET', `/v1/pages/${ids.design}`);
    expect(design.parent).toMatchObject({ type: 'data_source_id', data_source_id: ids.tasks });
    expect(design.properties.Name.title[0].plain_text).toBe('Design');
    expect(design.properties.Status.select.name).toBe('Done');
    expect(design.properties.Owner.people.map((p: any) => p.id)).toEqual([ids.grace]);
    expect(design.properties.Project.relation).toEqual([{ id: ids.apollo }]);

    const apollo = await ok(ln, 'GET', `/v1/pages/${ids.apollo}`);
    expect(apollo.properties.Budget.number).toBe(1000);
    expect(apollo.properties.Tasks.relation.map((r: any) => r.id).sort()).toEqual([ids.design, ids.build].sort());
    expect(apollo.properties['Task count'].rollup).toMatchObject({ type: 'number', number: 2 });

    const build = await ok(ln, 'GET', `/v1/blocks/${ids.build}/children`);
    expect(build.results[0].paragraph.rich_text[0].plain_text).toBe('Ship it');
    const query = await ok(ln, 'POST', `/v1/data_sources/${ids.tasks}/query`, { body: { filter: { property: 'Status', select: { equals: 'Todo' } } } });
    expect(query.results.map((p: any) => p.id)).toEqual([ids.build]);
  });

  it('gives integrations their tokens, capabilities and pages; the default one keeps every top-level page', async () => {
    const ln = await start({ seed: FIXTURE });
    const reader = { token: 'ntn_fixture_reader' };
    expect((await call(ln, 'GET', `/v1/pages/${ln.ids.design}`, reader)).status).toBe(200);
    expect((await call(ln, 'GET', `/v1/pages/${ln.rootPageId}`, reader)).status).toBe(404);
    const write = await call(ln, 'PATCH', `/v1/pages/${ln.ids.handbook}`, { ...reader, body: { is_locked: true } });
    expect(write.body.code).toBe('restricted_resource');
    const integrations = await ok(ln, 'GET', '/__localnotion/integrations');
    const byName = Object.fromEntries(integrations.results.map((i: any) => [i.name, i]));
    expect(byName['Read-only bot'].pages).toEqual([ln.ids.handbook]);
    expect(byName.localnotion.pages.sort()).toEqual([ln.rootPageId, ln.ids.handbook].sort());
    expect(ln.tokens).toEqual({ reader: 'ntn_fixture_reader' });
  });

  it('configures the default integration from an entry marked default, and a given token wins', async () => {
    const fixture: Fixture = {
      integrations: [
        { key: 'main', default: true, name: 'My integration', token: 'ntn_from_fixture', pages: ['docs'], capabilities: { user_information: 'none' } },
      ],
      pages: [
        { key: 'docs', title: 'Docs' },
        { key: 'private', title: 'Private' },
      ],
    };
    const ln = await start({ seed: fixture });
    expect(ln.token).toBe('ntn_from_fixture');
    const users = await call(ln, 'GET', '/v1/users');
    expect(users.body.code).toBe('restricted_resource');
    expect((await call(ln, 'GET', `/v1/pages/${ln.ids.docs}`)).status).toBe(200);
    expect((await call(ln, 'GET', `/v1/pages/${ln.ids.private}`)).status).toBe(404);
    expect((await call(ln, 'GET', `/v1/pages/${ln.rootPageId}`)).status).toBe(200);
    expect(ln.ids.main).toBe(ln.emulator.info.integrationId);

    const flagged = await start({ seed: fixture, token: 'ntn_from_flag' });
    expect(flagged.token).toBe('ntn_from_flag');
    expect((await call(flagged, 'GET', `/v1/pages/${flagged.ids.docs}`)).status).toBe(200);
  });

  it('trashes and locks what it says, after filling it', async () => {
    const ln = await start({
      seed: {
        pages: [
          { key: 'old', title: 'Old', in_trash: true, children: [{ paragraph: { rich_text: title('gone') } }] },
          { key: 'fixed', title: 'Fixed', is_locked: true },
        ],
        databases: [{ key: 'db', title: 'Gone', in_trash: true, data_sources: [{ key: 'ds', properties: { Name: { title: {} } } }] }],
      },
    });
    expect((await ok(ln, 'GET', `/v1/pages/${ln.ids.old}`)).in_trash).toBe(true);
    expect((await ok(ln, 'GET', `/v1/pages/${ln.ids.fixed}`)).is_locked).toBe(true);
    expect((await ok(ln, 'GET', `/v1/databases/${ln.ids.db}`)).in_trash).toBe(true);
  });

  it('is taken as JSON or YAML through the control API and replaces the previous seed', async () => {
    const ln = await start({ seed: FIXTURE });
    const handbook = ln.ids.handbook;
    const json = await call(ln, 'POST', '/__localnotion/seed', { text: JSON.stringify({ pages: [{ key: 'only', title: 'Only' }] }) });
    expect(json.status).toBe(200);
    const only = ln.ids.only;
    expect(json.body.keys.only).toBe(only);
    expect((await call(ln, 'GET', `/v1/pages/${handbook}`)).status).toBe(404);
    const yaml = await call(ln, 'POST', '/__localnotion/seed', {
      text: 'pages:\n  - key: again\n    title: Again\n',
      headers: { 'content-type': 'application/yaml' },
    });
    expect(yaml.status).toBe(200);
    expect((await call(ln, 'GET', `/v1/pages/${only}`)).status).toBe(404);
    await call(ln, 'DELETE', `/v1/blocks/${ln.ids.again}`);
    await ln.reset();
    expect((await ok(ln, 'GET', `/v1/pages/${ln.ids.again}`)).in_trash).toBe(false);
  });

  it('that fails while a start applies it leaves a stored workspace as the first start made it', async () => {
    const db = join(dir, 'failed-seed.db');
    const many = Array.from({ length: 150 }, () => ({ paragraph: { rich_text: title('x') } }));
    many[120] = { paragraph: {} } as never;
    // The first page is written before the second one fails.
    const seed = {
      pages: [
        { key: 'written', title: 'Written before the failure' },
        { key: 'a', children: many },
      ],
    };
    await expect(start({ db, seed: seed as Fixture })).rejects.toThrow('fixture: pages[1] ("a"): failed validation');
    const again = await start({ db });
    const found = await ok(again, 'POST', '/v1/search', { body: { query: 'Written before the failure' } });
    expect(found.results).toEqual([]);
    expect((await ok(again, 'GET', `/v1/pages/${again.rootPageId}`)).object).toBe('page');
  });

  it('is refused with the place in the file, and leaves the workspace as it was', async () => {
    const ln = await start({ seed: FIXTURE });
    const refuse = async (fixture: unknown, message: string) => {
      await expect(ln.seed(fixture as Fixture)).rejects.toThrow(message);
    };
    const many = Array.from({ length: 150 }, () => ({ paragraph: { rich_text: title('x') } }));
    many[120] = { paragraph: {} } as never;
    await refuse({ pages: [{ key: 'a' }, { key: 'a' }] }, 'fixture: pages[1].key: "a" is already the key of pages[0].');
    await refuse({ pages: [{ key: 'root' }] }, 'fixture: pages[0].key: "root" is already the key of (the Getting started page).');
    await refuse({ pages: [{ parent: { page: 'nowhere' } }] }, 'fixture: pages[0].parent.page: "nowhere" is not the key of a page.');
    await refuse(
      {
        pages: [
          { key: 'a', parent: { page: 'b' } },
          { key: 'b', parent: { page: 'a' } },
        ],
      },
      'fixture: pages[0].parent: parents form a cycle: a → b → a.',
    );
    await refuse(
      { pages: [{ key: 'a', children: many }] },
      'fixture: pages[0] ("a"): failed validation: pages[0].children[120].paragraph.rich_text should be defined, instead was `undefined`.',
    );
    await refuse(
      { pages: [{ key: 'a', children: [{ link_to_page: { page_id: 'nope' } }] }] },
      'fixture: pages[0].children[0].link_to_page.page_id: "nope" is neither a key of the fixture nor an id.',
    );
    await refuse(
      { pages: [{ key: 'a', title: [{ mention: { page: { id: 'b' } } }] }, { key: 'b' }] },
      'fixture: pages[0].title[0].mention.page.id: "b" names pages[1], which is created after this; only what comes before it can be named here.',
    );
    await refuse(
      { databases: [{ key: 'd', data_sources: [{ key: 's', properties: { Name: { title: {} }, Size: { number: { format: 'furlongs' } } } }] }] },
      'fixture: databases[0] ("d"): failed validation: databases[0].data_sources[0].properties.Size.number.format should be',
    );
    await refuse(
      {
        databases: [
          { key: 'd', data_sources: [{ key: 's', properties: { Name: { title: {} } }, rows: [{ properties: { Colour: { select: { name: 'red' } } } }] }] },
        ],
      },
      'fixture: databases[0].data_sources[0].rows[0]: Colour is not a property that exists.',
    );
    await refuse({ integrations: [{ key: 'i', pages: ['ghost'] }] }, 'fixture: integrations[0].pages[0]: "ghost" is not the key of a page or database.');
    await refuse(
      {
        integrations: [
          { key: 'i', default: true },
          { key: 'j', default: true },
        ],
      },
      'fixture: integrations: only one integration can be the default one.',
    );
    await refuse({ pages: [{ key: 'p', colour: 'red' }] }, 'fixture: fixture failed validation: pages[0].colour should be not present, instead was `"red"`.');
    await refuse([], 'fixture: fixture failed validation: the fixture should be an object, instead was `[]`.');
    // Nothing of the failed fixtures was kept.
    expect((await ok(ln, 'GET', `/v1/pages/${ln.ids.handbook}`)).properties.title.title[0].plain_text).toBe('Handbook');
    expect((await ok(ln, 'POST', '/v1/search', { body: { query: 'Only' } })).results).toEqual([]);
  });

  it('names the file, and the line of a YAML error, when started from a bad file', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'pages:\n  - key: a\n    title: [unclosed\n');
    await expect(startLocalNotion({ listen: false, seed: bad })).rejects.toThrow(/^bad\.yaml|bad\.yaml:\d+:\d+: not valid YAML: /);
    const json = join(dir, 'bad.json');
    writeFileSync(json, '{"pages": [{"title": 1}]}');
    await expect(startLocalNotion({ listen: false, seed: json })).rejects.toThrow(
      `${json}: fixture failed validation: pages[0].title should be a string, an array, or \`undefined\`, instead was \`1\`.`,
    );
    await expect(startLocalNotion({ listen: false, seed: join(dir, 'missing.json') })).rejects.toThrow(`${join(dir, 'missing.json')}: cannot be read (ENOENT)`);
  });
});
