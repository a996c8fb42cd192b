/**
 * The Notion objects the workspace screens read, typed loosely: the UI shows what the API
 * answers and sends edits back through it, so it only names the fields it reads.
 */
import { ApiError, api, getSession } from '../api.js';

export interface RichText {
  type: 'text' | 'mention' | 'equation';
  plain_text: string;
  href: string | null;
  annotations: {
    bold: boolean;
    italic: boolean;
    strikethrough: boolean;
    underline: boolean;
    code: boolean;
    color: string;
  };
  text?: { content: string; link: { url: string } | null };
  mention?: Record<string, unknown> & { type: string };
  equation?: { expression: string };
}

export type FileRef =
  | { type: 'external'; external: { url: string } }
  | { type: 'file'; file: { url: string; expiry_time?: string } }
  | { type: 'file_upload'; file_upload: { id: string } };

export type Icon =
  | { type: 'emoji'; emoji: string }
  | { type: 'custom_emoji'; custom_emoji: { id: string; name?: string; url?: string } }
  | (FileRef & { type: 'external' | 'file' | 'file_upload' })
  | null;

export type Parent =
  | { type: 'workspace'; workspace: true }
  | { type: 'page_id'; page_id: string }
  | { type: 'block_id'; block_id: string }
  | { type: 'database_id'; database_id: string }
  | { type: 'data_source_id'; data_source_id: string; database_id?: string };

export interface PropertyValue {
  id: string;
  type: string;
  [key: string]: unknown;
}

export interface Page {
  object: 'page';
  id: string;
  parent: Parent;
  icon: Icon;
  cover: FileRef | null;
  in_trash: boolean;
  url: string;
  last_edited_time: string;
  last_edited_by: { id: string };
  properties: Record<string, PropertyValue>;
}

export interface Block {
  object: 'block';
  id: string;
  type: string;
  has_children: boolean;
  in_trash?: boolean;
  last_edited_time: string;
  parent: Parent;
  [key: string]: unknown;
}

export interface PropertySchema {
  id: string;
  name: string;
  type: string;
  [key: string]: unknown;
}

export interface DataSource {
  object: 'data_source';
  id: string;
  title: RichText[];
  icon: Icon;
  parent: { type: 'database_id'; database_id: string };
  database_parent?: Parent;
  properties: Record<string, PropertySchema>;
}

export interface Database {
  object: 'database';
  id: string;
  title: RichText[];
  icon: Icon;
  parent: Parent;
  data_sources: { id: string; name: string }[];
}

export interface List<T> {
  results: T[];
  next_cursor: string | null;
  has_more: boolean;
}

export const plainText = (rich: RichText[] | undefined): string => (rich ?? []).map((r) => r.plain_text).join('');

/** A page's title: the value of its one title property. */
export function pageTitle(page: Page): string {
  const title = Object.values(page.properties).find((p) => p.type === 'title');
  return plainText(title?.title as RichText[] | undefined);
}

export function titleProperty(page: Page): string | undefined {
  return Object.entries(page.properties).find(([, p]) => p.type === 'title')?.[0];
}

/** Every child of a block, following the cursor (the API gives at most 100 a call). */
export async function allChildren(id: string): Promise<Block[]> {
  const blocks: Block[] = [];
  let cursor: string | null = null;
  do {
    const query = cursor ? `?page_size=100&start_cursor=${encodeURIComponent(cursor)}` : '?page_size=100';
    const page: List<Block> = await api('GET', `/blocks/${id}/children${query}`);
    blocks.push(...page.results);
    cursor = page.has_more ? page.next_cursor : null;
  } while (cursor);
  return blocks;
}

/**
 * A call at another Notion-Version: listing the trash needs search's `filter.in_trash`, which
 * 2026-03-11 added (https://developers.notion.com/reference/post-search).
 */
export async function apiAt<T>(version: string, method: string, path: string, body?: unknown): Promise<T> {
  const { token } = await getSession();
  const response = await fetch(`/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'notion-version': version, 'content-type': 'application/json' },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const answer = (await response.json().catch(() => ({}))) as T & { code?: string; message?: string };
  if (!response.ok) throw new ApiError(response.status, answer);
  return answer;
}

export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Where a data source's table lives, from a database id (a child_database block's id). */
export async function firstDataSource(databaseId: string): Promise<string | undefined> {
  try {
    const database: Database = await api('GET', `/databases/${databaseId}`);
    return database.data_sources[0]?.id;
  } catch (error) {
    // A linked database cannot be retrieved as a database: its views name the data source it shows.
    if (!(error instanceof ApiError) || error.status !== 400) throw error;
    const views = await api<List<{ id: string }>>('GET', `/views?database_id=${databaseId}&page_size=1`);
    const first = views.results[0];
    return first ? ((await api<{ data_source_id: string | null }>('GET', `/views/${first.id}`)).data_source_id ?? undefined) : undefined;
  }
}
