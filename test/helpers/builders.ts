// Builders for databases, data sources and their pages, going through the HTTP API the way a
// client would, plus the response forms tests compare against.
import { expect } from 'vitest';
import type { TestResponse, TestServer } from './server.js';

export type Json = TestResponse['body'];

/** A rich text request item. */
export const text = (content: string) => ({ text: { content } });

/** The annotations of a rich text item that was given none. */
export const DEFAULT_ANNOTATIONS = { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: 'default' };

/** The response form of a plain text item, as Notion renders it. */
export const textItem = (content: string) => ({
  type: 'text',
  text: { content, link: null },
  annotations: DEFAULT_ANNOTATIONS,
  plain_text: content,
  href: null,
});

/** Every type a page value can be written as, in the order of Notion's "Fix one:" union message. */
export const WRITABLE = [
  'title',
  'rich_text',
  'number',
  'url',
  'select',
  'multi_select',
  'people',
  'email',
  'phone_number',
  'date',
  'checkbox',
  'relation',
  'files',
  'status',
  'place',
  'verification',
];

export const dashless = (id: string): string => id.replace(/-/g, '');

/**
 * A property reference as stored formula expressions carry it (Notion's form): the property's id
 * as responses carry it, the nil uuid (or the related data source), and the workspace id.
 */
export const formulaRef = (server: TestServer, propertyId: string, dataSourceId = '00000000-0000-0000-0000-000000000000'): string =>
  `{{notion:block_property:${propertyId}:${dataSourceId}:${server.info.workspaceId}}}`;

/** A user object of a person. */
export const personUser = (id: string, name: string, person: Record<string, unknown>) => ({
  object: 'user',
  id,
  name,
  avatar_url: null,
  type: 'person',
  person,
});

/** The workspace owner as a user object; `person` is empty to integrations that may not read emails. */
export const ownerUser = (server: TestServer, person: Record<string, unknown> = { email: 'owner@localnotion.test' }) =>
  personUser(server.info.ownerId, 'Workspace Owner', person);

/** A user object of a bot; `bot` is empty unless the bot is the caller's own (see ownBot). */
export const botUser = (id: string, name: string, bot: Record<string, unknown> = {}) => ({ object: 'user', id, name, avatar_url: null, type: 'bot', bot });

/** The `bot` of an internal integration's own bot user: its owner, workspace and limits. */
export const ownBot = (server: TestServer) => ({
  owner: { type: 'workspace', workspace: true },
  workspace_id: server.info.workspaceId,
  workspace_name: 'localnotion',
  workspace_limits: { max_file_upload_size_in_bytes: 5 * 1024 * 1024 },
});

/** The envelope of a list of `type` that came whole, in one page. */
export const wholeList = (type: string, requestId: unknown) => ({
  object: 'list',
  results: expect.any(Array),
  next_cursor: null,
  has_more: false,
  type,
  [type]: {},
  request_id: requestId,
});

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A Notion error envelope, exactly. */
export function expectError(res: TestResponse, status: number, code: string, message: string, additionalData?: Record<string, unknown>): void {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  const body: Record<string, unknown> = { object: 'error', status, code, message, request_id: res.headers['x-notion-request-id'] };
  if (additionalData) body.additional_data = additionalData;
  // Notion's 404 for an object the integration cannot see names the integration's id as well.
  else if (code === 'object_not_found' && message.includes('shared with your integration "')) {
    body.additional_data = { integration_id: expect.stringMatching(UUID) };
  }
  expect(res.body).toEqual(body);
}

export const notFound = (kind: string, id: string, integration = 'localnotion'): string =>
  `Could not find ${kind} with ID: ${id}. Make sure the relevant pages and databases are shared with your integration "${integration}".`;

export function expectNotFound(res: TestResponse, kind: string, id: string, integration?: string): void {
  expectError(res, 404, 'object_not_found', notFound(kind, id, integration));
}

/** The messages for an edit of a trashed block, and of a block under a trashed one. */
export const ARCHIVED = "Can't edit block that is archived. You must unarchive the block before editing.";
export const ARCHIVED_ANCESTOR = "Can't edit page on block with an archived ancestor.";

/** A successful response's body. */
export function ok(res: TestResponse): Json {
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

export interface NewDatabase {
  /** The database object as created (2025-09-03 form unless `version` says otherwise). */
  database: Json;
  databaseId: string;
  dataSourceId: string;
}

export interface DatabaseOptions {
  title?: string;
  parentId?: string;
  version?: string;
  extra?: Record<string, unknown>;
}

/** A database under `parentId` (the workspace's first page by default) with one data source. */
export async function createDatabase(server: TestServer, properties: Record<string, unknown> | undefined, options: DatabaseOptions = {}): Promise<NewDatabase> {
  const legacy = options.version === '2022-06-28';
  const body: Record<string, unknown> = {
    parent: { type: 'page_id', page_id: options.parentId ?? server.info.rootPageId },
    title: [text(options.title ?? 'Tasks')],
    ...options.extra,
  };
  if (legacy) body.properties = properties ?? {};
  else if (properties) body.initial_data_source = { properties };
  const database = ok(await server.request('POST', '/v1/databases', { body, version: options.version }));
  const dataSourceId = legacy
    ? (ok(await server.request('GET', `/v1/databases/${database.id}`)).data_sources[0].id as string)
    : (database.data_sources[0].id as string);
  return { database, databaseId: database.id, dataSourceId };
}

/** A further data source of a database. */
export async function createDataSource(server: TestServer, databaseId: string, properties: Record<string, unknown>, title = 'Second'): Promise<Json> {
  return ok(
    await server.request('POST', '/v1/data_sources', { body: { parent: { type: 'database_id', database_id: databaseId }, title: [text(title)], properties } }),
  );
}

export async function getDataSource(server: TestServer, id: string, version?: string): Promise<Json> {
  return ok(await server.request('GET', `/v1/data_sources/${id}`, { version }));
}

/** The schema of a data source, by property name. */
export async function schemaOf(server: TestServer, dataSourceId: string): Promise<Record<string, any>> {
  return (await getDataSource(server, dataSourceId)).properties;
}

/** A page in a data source. */
export async function createRow(server: TestServer, dataSourceId: string, properties: Record<string, unknown> = {}, version?: string): Promise<Json> {
  return ok(await server.request('POST', '/v1/pages', { body: { parent: { data_source_id: dataSourceId }, properties }, version }));
}

export async function getPage(server: TestServer, id: string, version?: string): Promise<Json> {
  return ok(await server.request('GET', `/v1/pages/${id}`, { version }));
}

/** The children of a block: the first page of them. */
export async function childrenOf(server: TestServer, blockId: string): Promise<Json[]> {
  return ok(await server.request('GET', `/v1/blocks/${blockId}/children`)).results;
}

export async function updatePage(server: TestServer, id: string, body: Record<string, unknown>, version?: string): Promise<Json> {
  return ok(await server.request('PATCH', `/v1/pages/${id}`, { body, version }));
}

/** A row's title property value. */
export const titled = (content: string, key = 'Name') => ({ [key]: { title: [text(content)] } });

/**
 * Add a relation of a data source to itself (`dual` names the mirror of a dual relation), with a
 * schema update: a create request cannot name the data source it creates.
 */
export async function addSelfRelation(server: TestServer, dataSourceId: string, name: string, dual?: string): Promise<void> {
  const relation = dual
    ? { data_source_id: dataSourceId, dual_property: { synced_property_name: dual } }
    : { data_source_id: dataSourceId, single_property: {} };
  ok(await server.request('PATCH', `/v1/data_sources/${dataSourceId}`, { body: { properties: { [name]: { relation } } } }));
}
