// Golden error messages: every exact string of the error catalog that the pages, blocks and users
// endpoints can answer with, pinned through the HTTP layer (spec 1.4, 2.1, 2.3, 3.3, 8.4, 9, 10.2).
import { beforeAll, describe, expect, it } from 'vitest';
import { secondIntegration } from '../helpers/integrations.js';
import { text, UUID } from '../helpers/builders.js';
import { sharedTestServer, type TestResponse } from '../helpers/server.js';

const MISSING_ID = '5b5c4ea1-0f7f-4a0b-9a8c-0d7f1d5e4a11';

/** The whole error envelope, with the message exactly as given. */
function expectError(res: TestResponse, status: number, code: string, message: string): void {
  expect({ status: res.status, code: res.body.code, message: res.body.message }).toEqual({ status, code, message });
  expect(res.body.object).toBe('error');
  expect(res.body.status).toBe(status);
  expect(res.body.request_id).toMatch(UUID);
  expect(res.headers['x-notion-request-id']).toBe(res.body.request_id);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
}

const validation = (res: TestResponse, message: string): void => expectError(res, 400, 'validation_error', message);

const quoted = (values: string[]): string => values.map((v) => `\`"${v}"\``).join(', ');
const COLORS = quoted([
  'default',
  'gray',
  'brown',
  'orange',
  'yellow',
  'green',
  'blue',
  'purple',
  'pink',
  'red',
  'default_background',
  'gray_background',
  'brown_background',
  'orange_background',
  'yellow_background',
  'green_background',
  'blue_background',
  'purple_background',
  'pink_background',
  'red_background',
]);
// Creatable block types, in the order of the block request union.
const BLOCK_TYPES = quoted([
  'embed',
  'bookmark',
  'image',
  'video',
  'pdf',
  'file',
  'audio',
  'code',
  'equation',
  'divider',
  'breadcrumb',
  'tab',
  'table_of_contents',
  'link_to_page',
  'table_row',
  'table',
  'column_list',
  'column',
  'heading_1',
  'heading_2',
  'heading_3',
  'heading_4',
  'paragraph',
  'bulleted_list_item',
  'numbered_list_item',
  'quote',
  'to_do',
  'toggle',
  'callout',
  'synced_block',
]);

const paragraph = (content = 'x') => ({ paragraph: { rich_text: [text(content)] } });
const toggle = (children?: unknown[]) => ({ toggle: { rich_text: [text('t')], ...(children ? { children } : {}) } });

const s = sharedTestServer();
let root: string;

beforeAll(async () => {
  root = s.info.rootPageId;
});

async function createPage(parentId: string, title: string): Promise<string> {
  const res = await s.request('POST', '/v1/pages', { body: { parent: { page_id: parentId }, properties: { title: [text(title)] } } });
  expect(res.status).toBe(200);
  return res.body.id as string;
}

async function appendParagraph(parentId: string): Promise<string> {
  const res = await s.request('PATCH', `/v1/blocks/${parentId}/children`, { body: { children: [paragraph('p')] } });
  expect(res.status).toBe(200);
  return res.body.results[0].id as string;
}

describe('Notion-Version (spec 1.4)', () => {
  const ENUMERATION = '`"2021-05-11"`, `"2021-05-13"`, `"2021-08-16"`, `"2022-02-22"`, `"2022-06-28"`, `"2025-09-03"`, `"2026-03-11"`, or `"2026-12-01"`';

  it('missing header', async () => {
    expectError(
      await s.request('GET', '/v1/users/me', { version: null }),
      400,
      'missing_version',
      'Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.',
    );
  });

  it('unknown value lists the accepted versions', async () => {
    expectError(
      await s.request('GET', '/v1/users/me', { version: 'banana' }),
      400,
      'missing_version',
      `Notion-Version header failed validation: Notion-Version header should be ${ENUMERATION}, instead was \`"banana"\`.`,
    );
  });

  it('an empty value is an unknown value', async () => {
    expectError(
      await s.request('GET', '/v1/users/me', { version: '' }),
      400,
      'missing_version',
      `Notion-Version header failed validation: Notion-Version header should be ${ENUMERATION}, instead was \`""\`.`,
    );
  });

  it('a near miss is not folded', async () => {
    expectError(
      await s.request('GET', '/v1/users/me', { version: '2022-6-28' }),
      400,
      'missing_version',
      `Notion-Version header failed validation: Notion-Version header should be ${ENUMERATION}, instead was \`"2022-6-28"\`.`,
    );
  });

  it('is checked after the credentials', async () => {
    const res = await s.request('GET', '/v1/users/me', { version: null, token: null });
    expectError(res, 401, 'unauthorized', 'Authorization header must use the format "Bearer <token>".');
  });

  it('is checked before path validation', async () => {
    const res = await s.request('GET', '/v1/pages/not-an-id', { version: null });
    expectError(res, 400, 'missing_version', 'Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.');
  });
});

describe('Authorization (spec 2.1)', () => {
  const FORMAT = 'Authorization header must use the format "Bearer <token>".';

  it.each([
    ['a missing header', undefined],
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['Bearer without a token', 'Bearer'],
    ['Bearer with a trailing space only', 'Bearer '],
    ['two words after Bearer', 'Bearer a b'],
    ['a bare token', 'secret_abc'],
  ])('%s', async (_name, authorization) => {
    const res = await s.request('GET', '/v1/users/me', { token: null, headers: authorization === undefined ? {} : { authorization } });
    expectError(res, 401, 'unauthorized', FORMAT);
  });

  it('an unknown token', async () => {
    expectError(await s.request('GET', '/v1/users/me', { token: 'ntn_unknown' }), 401, 'unauthorized', 'API token is invalid.');
  });

  it('reads the scheme case-insensitively and splits on any whitespace', async () => {
    for (const authorization of [`bearer ${s.info.token}`, `BEARER ${s.info.token}`, `Bearer  ${s.info.token}`, `Bearer\t${s.info.token}`]) {
      const res = await s.request('GET', '/v1/users/me', { token: null, headers: { authorization } });
      expect(res.status, authorization).toBe(200);
    }
  });

  it('a known token with one character more', async () => {
    expectError(await s.request('GET', '/v1/users/me', { token: `${s.info.token}x` }), 401, 'unauthorized', 'API token is invalid.');
  });
});

describe('invalid_request_url (spec 1.1, 1.5)', () => {
  it.each([
    ['GET', '/v1/nothing'],
    ['GET', '/v2/pages'],
    ['GET', '/v1/search'],
    ['PUT', `/v1/pages/${MISSING_ID}`],
    ['DELETE', '/v1/users/me'],
    ['POST', `/v1/blocks/${MISSING_ID}`],
    ['DELETE', `/v1/pages/${MISSING_ID}`],
  ])('%s %s', async (method, url) => {
    expectError(await s.request(method, url), 400, 'invalid_request_url', 'Invalid request URL.');
  });

  it('is answered before the credentials and the version are checked', async () => {
    const res = await s.request('GET', '/v1/nothing', { token: null, version: null });
    expectError(res, 400, 'invalid_request_url', 'Invalid request URL.');
  });
});

describe('invalid_json', () => {
  it.each([
    ['a truncated object', '{"parent":'],
    ['bare words', 'not json'],
    ['a trailing comma', '{"a":1,}'],
  ])('%s', async (_name, rawBody) => {
    const res = await s.request('POST', '/v1/pages', { rawBody, headers: { 'content-type': 'application/json' } });
    expectError(res, 400, 'invalid_json', 'Error parsing JSON body.');
  });

  it('on PATCH too', async () => {
    const res = await s.request('PATCH', `/v1/blocks/${root}/children`, { rawBody: '{children: []}', headers: { 'content-type': 'application/json' } });
    expectError(res, 400, 'invalid_json', 'Error parsing JSON body.');
  });
});

describe('path validation', () => {
  it.each([
    ['GET', '/v1/pages/not-an-id', 'page_id', 'not-an-id'],
    ['PATCH', '/v1/pages/123', 'page_id', '123'],
    ['GET', '/v1/pages/not-an-id/properties/title', 'page_id', 'not-an-id'],
    ['GET', '/v1/blocks/not-an-id', 'block_id', 'not-an-id'],
    ['GET', '/v1/blocks/not-an-id/children', 'block_id', 'not-an-id'],
    ['PATCH', '/v1/blocks/not-an-id/children', 'block_id', 'not-an-id'],
    ['DELETE', '/v1/blocks/not-an-id', 'block_id', 'not-an-id'],
    ['GET', '/v1/users/not-an-id', 'user_id', 'not-an-id'],
  ])('%s %s', async (method, url, param, value) => {
    const body = method === 'PATCH' ? {} : undefined;
    validation(await s.request(method, url, { body }), `path failed validation: path.${param} should be a valid uuid, instead was \`"${value}"\`.`);
  });

  it('a dashless upper-case id is not an id', async () => {
    const id = MISSING_ID.replace(/-/g, '').toUpperCase();
    validation(await s.request('GET', `/v1/pages/${id}`), `path failed validation: path.page_id should be a valid uuid, instead was \`"${id}"\`.`);
  });

  it('a dashed upper-case id is an id, of nothing the integration can find', async () => {
    const id = root.toUpperCase();
    expectError(
      await s.request('GET', `/v1/pages/${id}`),
      404,
      'object_not_found',
      `Could not find page with ID: ${id}. Make sure the relevant pages and databases are shared with your integration "localnotion".`,
    );
  });

  it('a dashless lower-case id is the same id', async () => {
    const res = await s.request('GET', `/v1/pages/${root.replace(/-/g, '')}`);
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(root);
  });

  it('is checked before the body', async () => {
    validation(
      await s.request('PATCH', '/v1/blocks/nope/children', { body: { colour: 'red' } }),
      'path failed validation: path.block_id should be a valid uuid, instead was `"nope"`.',
    );
  });

  it('a long value is cut at 100 characters', async () => {
    const long = 'a'.repeat(150);
    validation(
      await s.request('GET', `/v1/blocks/${long}`),
      `path failed validation: path.block_id should be a valid uuid, instead was \`"${'a'.repeat(99)}...\`.`,
    );
  });
});

describe('query validation (spec 3.3 B4, 8.4)', () => {
  it('page_size above 100', async () => {
    validation(
      await s.request('GET', `/v1/blocks/${root}/children?page_size=101`),
      'query failed validation: query.page_size should be ≤ `100` or `undefined`, instead was `101`.',
    );
    validation(
      await s.request('GET', '/v1/users?page_size=101'),
      'query failed validation: query.page_size should be ≤ `100` or `undefined`, instead was `101`.',
    );
    validation(
      await s.request('GET', `/v1/pages/${root}/properties/title?page_size=101`),
      'query failed validation: query.page_size should be ≤ `100` or `undefined`, instead was `101`.',
    );
  });

  it('page_size below 0', async () => {
    validation(await s.request('GET', '/v1/users?page_size=-1'), 'query failed validation: query.page_size should be ≥ `0` or `undefined`, instead was `-1`.');
  });

  it('page_size that is not a number', async () => {
    validation(
      await s.request('GET', `/v1/blocks/${root}/children?page_size=ten`),
      'query failed validation: query.page_size should be a number or `undefined`, instead was `"ten"`.',
    );
  });

  it('page_size 100 and 0 are accepted', async () => {
    expect((await s.request('GET', '/v1/users?page_size=100')).status).toBe(200);
    expect((await s.request('GET', '/v1/users?page_size=0')).status).toBe(200);
  });

  it('block-children start_cursor must be a uuid', async () => {
    validation(
      await s.request('GET', `/v1/blocks/${root}/children?start_cursor=bogus`),
      'query failed validation: query.start_cursor should be a valid uuid or `undefined`, instead was `"bogus"`.',
    );
  });

  it('block-children start_cursor that is no child of the block', async () => {
    validation(await s.request('GET', `/v1/blocks/${root}/children?start_cursor=${MISSING_ID}`), `The start_cursor provided is invalid: ${MISSING_ID}`);
  });

  it('users start_cursor', async () => {
    validation(await s.request('GET', '/v1/users?start_cursor=bogus'), 'The start_cursor provided is invalid: bogus');
    validation(await s.request('GET', `/v1/users?start_cursor=${MISSING_ID}`), `The start_cursor provided is invalid: ${MISSING_ID}`);
  });

  it('property item start_cursor', async () => {
    validation(await s.request('GET', `/v1/pages/${root}/properties/title?start_cursor=bogus`), 'The start_cursor provided is invalid: bogus');
  });

  it('an unknown query parameter', async () => {
    validation(await s.request('GET', '/v1/users?colour=red'), 'query failed validation: query.colour should be not present, instead was `"red"`.');
  });
});

describe('body validation: create a page (spec 9.3)', () => {
  it('a bad parent lists every alternative', async () => {
    validation(
      await s.request('POST', '/v1/pages', { body: { parent: { database_id: 'DATABASE_ID' }, properties: {} } }),
      [
        'body failed validation. Fix one:',
        'body.parent.page_id should be defined, instead was `undefined`.',
        'body.parent.database_id should be a valid uuid, instead was `"DATABASE_ID"`.',
        'body.parent.data_source_id should be defined, instead was `undefined`.',
        'body.parent.workspace should be defined, instead was `undefined`.',
      ].join('\n'),
    );
  });

  it('an empty parent', async () => {
    validation(
      await s.request('POST', '/v1/pages', { body: { parent: {} } }),
      [
        'body failed validation. Fix one:',
        'body.parent.page_id should be defined, instead was `undefined`.',
        'body.parent.database_id should be defined, instead was `undefined`.',
        'body.parent.data_source_id should be defined, instead was `undefined`.',
        'body.parent.workspace should be defined, instead was `undefined`.',
      ].join('\n'),
    );
  });

  it('a parent that is not an object', async () => {
    validation(
      await s.request('POST', '/v1/pages', { body: { parent: root } }),
      `body failed validation: body.parent should be an object, instead was \`"${root}"\`.`,
    );
  });

  it('a missing parent', async () => {
    validation(await s.request('POST', '/v1/pages', { body: {} }), 'body failed validation: body.parent should be defined, instead was `undefined`.');
  });

  it('a POST without a body is a missing parent', async () => {
    validation(await s.request('POST', '/v1/pages'), 'body failed validation: body.parent should be defined, instead was `undefined`.');
  });

  it('an unknown top-level key', async () => {
    validation(
      await s.request('POST', '/v1/pages', { body: { parent: { page_id: root }, colour: 'red' } }),
      'body failed validation: body.colour should be not present, instead was `"red"`.',
    );
  });

  it('an unknown property', async () => {
    validation(
      await s.request('POST', '/v1/pages', { body: { parent: { page_id: root }, properties: { Status: { select: { name: 'Done' } } } } }),
      'Status is not a property that exists.',
    );
  });

  it('a bad title value', async () => {
    validation(
      await s.request('POST', '/v1/pages', { body: { parent: { page_id: root }, properties: { title: { title: [{ text: { content: 1 } }] } } } }),
      'body failed validation: body.properties.title.title[0].text.content should be a string, instead was `1`.',
    );
  });

  it('a title text over 2000 characters', async () => {
    validation(
      await s.request('POST', '/v1/pages', { body: { parent: { page_id: root }, properties: { title: [text('x'.repeat(2001))] } } }),
      'body failed validation: body.properties.title[0].text.content.length should be ≤ `2000`, instead was `2001`.',
    );
  });

  it('an icon that is not an object', async () => {
    validation(
      await s.request('POST', '/v1/pages', { body: { parent: { page_id: root }, icon: '🚀' } }),
      'body failed validation: body.icon should be an object, `null`, or `undefined`, instead was `"🚀"`.',
    );
  });

  it('children over 100', async () => {
    validation(
      await s.request('POST', '/v1/pages', { body: { parent: { page_id: root }, children: Array.from({ length: 101 }, () => paragraph()) } }),
      'body failed validation: body.children.length should be ≤ `100`, instead was `101`.',
    );
  });
});

describe('body validation: update a page', () => {
  it('an unknown top-level key', async () => {
    validation(
      await s.request('PATCH', `/v1/pages/${root}`, { body: { colour: 'red' } }),
      'body failed validation: body.colour should be not present, instead was `"red"`.',
    );
  });

  it('an unknown property', async () => {
    validation(
      await s.request('PATCH', `/v1/pages/${root}`, { body: { properties: { Status: { select: { name: 'Done' } } } } }),
      'Status is not a property that exists.',
    );
  });

  it('every unknown property, joined by spaces', async () => {
    validation(
      await s.request('PATCH', `/v1/pages/${root}`, { body: { properties: { Status: {}, 'Due date': {} } } }),
      'Status is not a property that exists. Due date is not a property that exists.',
    );
  });

  it('in_trash that is not a boolean', async () => {
    validation(
      await s.request('PATCH', `/v1/pages/${root}`, { body: { in_trash: 'yes' } }),
      'body failed validation: body.in_trash should be a boolean or `undefined`, instead was `"yes"`.',
    );
  });

  it('archived is gone in 2026-03-11', async () => {
    validation(
      await s.request('PATCH', `/v1/pages/${root}`, { body: { archived: false }, version: '2026-03-11' }),
      'body failed validation: body.archived should be not present, instead was `false`.',
    );
  });
});

describe('body validation: append block children (spec 3.3 B5, 9.4, 10.2)', () => {
  const append = (body: unknown, version?: string) => s.request('PATCH', `/v1/blocks/${root}/children`, { body, version });

  it('children is required', async () => {
    validation(await append({}), 'body failed validation: body.children should be defined, instead was `undefined`.');
  });

  it('children must be an array', async () => {
    validation(
      await append({ children: paragraph() }),
      'body failed validation: body.children should be an array, instead was `{"paragraph":{"rich_text":[{"text":{"content":"x"}}]}}`.',
    );
  });

  it('more than 100 children', async () => {
    validation(
      await append({ children: Array.from({ length: 101 }, () => paragraph()) }),
      'body failed validation: body.children.length should be ≤ `100`, instead was `101`.',
    );
  });

  it('more than 100 nested children', async () => {
    validation(
      await append({ children: [toggle(Array.from({ length: 101 }, () => paragraph()))] }),
      'body failed validation: body.children[0].toggle.children.length should be ≤ `100`, instead was `101`.',
    );
  });

  it('text.content over 2000 characters', async () => {
    validation(
      await append({ children: [paragraph('x'.repeat(2001))] }),
      'body failed validation: body.children[0].paragraph.rich_text[0].text.content.length should be ≤ `2000`, instead was `2001`.',
    );
  });

  it('text.content of exactly 2000 characters is accepted', async () => {
    expect((await append({ children: [paragraph('x'.repeat(2000))] })).status).toBe(200);
  });

  it('text.link.url over 2000 characters', async () => {
    const url = `https://example.com/${'x'.repeat(1981)}`;
    validation(
      await append({ children: [{ paragraph: { rich_text: [{ text: { content: 'a', link: { url } } }] } }] }),
      'body failed validation: body.children[0].paragraph.rich_text[0].text.link.url.length should be ≤ `2000`, instead was `2001`.',
    );
  });

  it('equation.expression over 1000 characters', async () => {
    validation(
      await append({ children: [{ equation: { expression: 'x'.repeat(1001) } }] }),
      'body failed validation: body.children[0].equation.expression.length should be ≤ `1000`, instead was `1001`.',
    );
  });

  it('more than 100 rich text items', async () => {
    validation(
      await append({ children: [{ paragraph: { rich_text: Array.from({ length: 101 }, () => text('a')) } }] }),
      'body failed validation: body.children[0].paragraph.rich_text.length should be ≤ `100`, instead was `101`.',
    );
  });

  it('a third level of nesting', async () => {
    validation(
      await append({ children: [toggle([toggle([toggle([paragraph()])])])] }),
      'body failed validation: body.children[0].toggle.children[0].toggle.children[0].toggle.children should be not present, instead was `[...]`.',
    );
  });

  it('two levels of nesting are accepted', async () => {
    expect((await append({ children: [toggle([toggle([paragraph()])])] })).status).toBe(200);
  });

  it('more than 1000 blocks in one request', async () => {
    const children = Array.from({ length: 100 }, () => toggle(Array.from({ length: 10 }, () => paragraph())));
    validation(await append({ children }), 'body failed validation: the request has 1100 blocks, more than the 1000 allowed in one request.');
  });

  it('a paragraph without rich_text (the pre-2022 `text` key)', async () => {
    validation(
      await append({ children: [{ paragraph: { text: [text('old')] } }] }),
      'body failed validation: body.children[0].paragraph.rich_text should be defined, instead was `undefined`.',
    );
  });

  it('an unknown key inside a block payload', async () => {
    validation(
      await append({ children: [{ paragraph: { rich_text: [], colour: 'red' } }] }),
      'body failed validation: body.children[0].paragraph.colour should be not present, instead was `"red"`.',
    );
  });

  it('an unknown top-level key', async () => {
    validation(await append({ children: [{ divider: {} }], colour: 'red' }), 'body failed validation: body.colour should be not present, instead was `"red"`.');
  });

  it('no children to append', async () => {
    validation(await append({ children: [] }), 'body failed validation: body.children.length should be ≥ `1`, instead was `0`.');
  });

  it('an annotation color outside the enumeration', async () => {
    validation(
      await append({ children: [{ paragraph: { rich_text: [{ ...text('a'), annotations: { color: 'chartreuse' } }] } }] }),
      `body failed validation: body.children[0].paragraph.rich_text[0].annotations.color should be ${COLORS}, or \`undefined\`, instead was \`"chartreuse"\`.`,
    );
  });

  it('an annotation that is not a boolean', async () => {
    validation(
      await append({ children: [{ paragraph: { rich_text: [{ ...text('a'), annotations: { bold: 'yes' } }] } }] }),
      'body failed validation: body.children[0].paragraph.rich_text[0].annotations.bold should be a boolean or `undefined`, instead was `"yes"`.',
    );
  });

  it('a block color outside the enumeration', async () => {
    validation(
      await append({ children: [{ paragraph: { rich_text: [], color: 'teal' } }] }),
      `body failed validation: body.children[0].paragraph.color should be ${COLORS}, or \`undefined\`, instead was \`"teal"\`.`,
    );
  });

  it('a position type outside the enumeration', async () => {
    validation(
      await append({ children: [paragraph()], position: { type: 'middle' } }),
      'body failed validation: body.position.type should be `"end"`, `"start"`, `"after_block"`, or `undefined`, instead was `"middle"`.',
    );
  });

  it('an after_block position without its id', async () => {
    validation(
      await append({ children: [paragraph()], position: { type: 'after_block', after_block: {} } }),
      'body failed validation: body.position.after_block.id should be defined, instead was `undefined`.',
    );
  });

  it('both after and position', async () => {
    const sibling = await appendParagraph(root);
    validation(
      await append({ children: [paragraph()], after: sibling, position: { type: 'end' } }),
      'You cannot specify both after and position in the same request.',
    );
  });

  it('after is gone in 2026-03-11', async () => {
    validation(
      await append({ children: [paragraph()], after: MISSING_ID }, '2026-03-11'),
      `body failed validation: body.after should be not present, instead was \`"${MISSING_ID}"\`.`,
    );
  });

  it('after that is not a uuid', async () => {
    validation(
      await append({ children: [paragraph()], after: 'x' }),
      'body failed validation: body.after should be a valid uuid or `undefined`, instead was `"x"`.',
    );
  });

  it('a block of an unknown type', async () => {
    validation(
      await append({ children: [{ type: 'bogus', bogus: {} }] }),
      `body failed validation: body.children[0].type should be ${BLOCK_TYPES}, or \`undefined\`, instead was \`"bogus"\`.`,
    );
  });

  it('a code block language outside the enumeration', async () => {
    const res = await append({ children: [{ code: { rich_text: [], language: 'klingon' } }] });
    expect(res.body.message).toMatch(
      /^body failed validation: body\.children\[0\]\.code\.language should be `"abap"`, .*, or `"java\/c\/c\+\+\/c#"`, instead was `"klingon"`\.$/,
    );
    validation(res, res.body.message as string);
  });
});

describe('body validation: update a block (spec 3.3 B2, 9.4)', () => {
  it('a type key other than the block type', async () => {
    const id = await appendParagraph(root);
    validation(await s.request('PATCH', `/v1/blocks/${id}`, { body: { heading_1: { rich_text: [] } } }), 'Expected block type paragraph in request body');
  });

  it('an unknown top-level key', async () => {
    const id = await appendParagraph(root);
    validation(
      await s.request('PATCH', `/v1/blocks/${id}`, { body: { colour: 'red' } }),
      'body failed validation: body.colour should be not present, instead was `"red"`.',
    );
  });

  it('text.content over 2000 characters', async () => {
    const id = await appendParagraph(root);
    validation(
      await s.request('PATCH', `/v1/blocks/${id}`, { body: { paragraph: { rich_text: [text('x'.repeat(2001))] } } }),
      'body failed validation: body.paragraph.rich_text[0].text.content.length should be ≤ `2000`, instead was `2001`.',
    );
  });
});

describe('archived blocks and pages (spec 9.4)', () => {
  const ARCHIVED = "Can't edit block that is archived. You must unarchive the block before editing.";

  it('editing a trashed block', async () => {
    const id = await appendParagraph(root);
    expect((await s.request('DELETE', `/v1/blocks/${id}`)).status).toBe(200);
    validation(await s.request('PATCH', `/v1/blocks/${id}`, { body: { paragraph: { rich_text: [text('y')] } } }), ARCHIVED);
  });

  it('trashing a trashed block again', async () => {
    const id = await appendParagraph(root);
    expect((await s.request('DELETE', `/v1/blocks/${id}`)).status).toBe(200);
    validation(await s.request('DELETE', `/v1/blocks/${id}`), ARCHIVED);
  });

  it('appending to a trashed parent', async () => {
    const id = await s.request('PATCH', `/v1/blocks/${root}/children`, { body: { children: [toggle()] } }).then((r) => r.body.results[0].id as string);
    expect((await s.request('PATCH', `/v1/blocks/${id}`, { body: { in_trash: true } })).status).toBe(200);
    validation(await s.request('PATCH', `/v1/blocks/${id}/children`, { body: { children: [paragraph()] } }), ARCHIVED);
  });

  it('editing a trashed page', async () => {
    const page = await createPage(root, 'Trashed');
    expect((await s.request('PATCH', `/v1/pages/${page}`, { body: { in_trash: true } })).status).toBe(200);
    validation(await s.request('PATCH', `/v1/pages/${page}`, { body: { properties: { title: [text('New')] } } }), ARCHIVED);
  });

  it('editing a page under a trashed page', async () => {
    const parent = await createPage(root, 'Parent');
    const child = await createPage(parent, 'Child');
    expect((await s.request('PATCH', `/v1/pages/${parent}`, { body: { in_trash: true } })).status).toBe(200);
    validation(
      await s.request('PATCH', `/v1/pages/${child}`, { body: { properties: { title: [text('New')] } } }),
      "Can't edit page on block with an archived ancestor.",
    );
  });

  it('creating a page under a trashed page', async () => {
    const parent = await createPage(root, 'Gone');
    expect((await s.request('PATCH', `/v1/pages/${parent}`, { body: { in_trash: true } })).status).toBe(200);
    validation(await s.request('POST', '/v1/pages', { body: { parent: { page_id: parent } } }), ARCHIVED);
  });
});

describe('object_not_found (spec 2.3)', () => {
  const notFound = (kind: string, id: string, name = 'localnotion') =>
    `Could not find ${kind} with ID: ${id}. Make sure the relevant pages and databases are shared with your integration "${name}".`;

  it('a page', async () => {
    expectError(await s.request('GET', `/v1/pages/${MISSING_ID}`), 404, 'object_not_found', notFound('page', MISSING_ID));
  });

  it('a page given dashless is named dashed', async () => {
    expectError(await s.request('GET', `/v1/pages/${MISSING_ID.replace(/-/g, '')}`), 404, 'object_not_found', notFound('page', MISSING_ID));
  });

  it('a block', async () => {
    expectError(await s.request('GET', `/v1/blocks/${MISSING_ID}`), 404, 'object_not_found', notFound('block', MISSING_ID));
    expectError(await s.request('GET', `/v1/blocks/${MISSING_ID}/children`), 404, 'object_not_found', notFound('block', MISSING_ID));
    expectError(
      await s.request('PATCH', `/v1/blocks/${MISSING_ID}/children`, { body: { children: [paragraph()] } }),
      404,
      'object_not_found',
      notFound('block', MISSING_ID),
    );
  });

  it('a block that is not a page, asked for as a page', async () => {
    const id = await appendParagraph(root);
    expectError(await s.request('GET', `/v1/pages/${id}`), 404, 'object_not_found', notFound('page', id));
  });

  it('a parent page', async () => {
    expectError(await s.request('POST', '/v1/pages', { body: { parent: { page_id: MISSING_ID } } }), 404, 'object_not_found', notFound('page', MISSING_ID));
  });

  it('a user', async () => {
    expectError(await s.request('GET', `/v1/users/${MISSING_ID}`), 404, 'object_not_found', notFound('user', MISSING_ID));
  });

  it('a page not shared with the integration names that integration', async () => {
    const other = await secondIntegration(s, { name: 'Unshared Bot' });
    expectError(await s.request('GET', `/v1/pages/${root}`, { token: other.token }), 404, 'object_not_found', notFound('page', root, 'Unshared Bot'));
  });
});

describe('restricted_resource (spec 2.2, 2.3)', () => {
  const INSUFFICIENT = 'Insufficient permissions for this endpoint.';
  let noInsert: string;
  let noRead: string;
  let noUpdate: string;
  let noUsers: string;

  beforeAll(async () => {
    const make = async (name: string, capabilities: Record<string, unknown>) => {
      const integration = await secondIntegration(s, { name, capabilities, pages: [root] });
      return integration.token;
    };
    noInsert = await make('No Insert', { insert_content: false });
    noRead = await make('No Read', { read_content: false });
    noUpdate = await make('No Update', { update_content: false });
    noUsers = await make('No Users', { user_information: 'none' });
  });

  it('appending children without insert content', async () => {
    const res = await s.request('PATCH', `/v1/blocks/${root}/children`, { body: { children: [paragraph()] }, token: noInsert });
    expectError(res, 403, 'restricted_resource', INSUFFICIENT);
  });

  it('creating a page without insert content', async () => {
    const res = await s.request('POST', '/v1/pages', { body: { parent: { page_id: root } }, token: noInsert });
    expectError(res, 403, 'restricted_resource', INSUFFICIENT);
  });

  it('reading without read content', async () => {
    expectError(await s.request('GET', `/v1/pages/${root}`, { token: noRead }), 403, 'restricted_resource', INSUFFICIENT);
    expectError(await s.request('GET', `/v1/blocks/${root}/children`, { token: noRead }), 403, 'restricted_resource', INSUFFICIENT);
  });

  it('updating without update content', async () => {
    expectError(await s.request('PATCH', `/v1/pages/${root}`, { body: {}, token: noUpdate }), 403, 'restricted_resource', INSUFFICIENT);
    expectError(await s.request('DELETE', `/v1/blocks/${root}`, { token: noUpdate }), 403, 'restricted_resource', INSUFFICIENT);
  });

  it('users without user information', async () => {
    expectError(await s.request('GET', '/v1/users', { token: noUsers }), 403, 'restricted_resource', INSUFFICIENT);
    expectError(await s.request('GET', `/v1/users/${s.info.ownerId}`, { token: noUsers }), 403, 'restricted_resource', INSUFFICIENT);
    expect((await s.request('GET', '/v1/users/me', { token: noUsers })).status).toBe(200);
  });

  it('the capability is checked before the object is looked up', async () => {
    const res = await s.request('PATCH', `/v1/blocks/${MISSING_ID}/children`, { body: { children: [paragraph()] }, token: noInsert });
    expectError(res, 403, 'restricted_resource', INSUFFICIENT);
  });

  it('schema validation comes before the capability check', async () => {
    const res = await s.request('PATCH', `/v1/blocks/${root}/children`, { body: {}, token: noInsert });
    validation(res, 'body failed validation: body.children should be defined, instead was `undefined`.');
  });
});
