// The clone's walk over a Notion API: from the ids asked for (or everything search finds), every
// page with its blocks to any depth, every database with its data sources, rows, templates and
// views, comments, the users that appear, and the Notion-hosted files, downloaded as soon as the
// object that names them is read, while their signed URLs are valid
// (https://developers.notion.com/reference/file-object#notion-hosted-files).
import { createHash } from 'node:crypto';
import { ATTACHED_SCHEME } from '../files/attach.js';
import type { DownloadedFile, Journal } from './journal.js';
import { paginate, SourceError, type Source } from './source.js';

import type { Json } from './json.js';

/** A downloaded file, stored as an upload of the clone. */
export interface ClonedFile {
  uploadId: string;
  name: string;
  file: DownloadedFile;
}

export interface Collected {
  /** The integration that read (GET /v1/users/me). */
  bot: Json;
  users: Map<string, Json>;
  /** Pages, blocks, databases and data sources, with their place among their parent's children. */
  pages: Map<string, { page: Json; position: number }>;
  blocks: Map<string, { block: Json; position: number }>;
  databases: Map<string, { database: Json; position: number }>;
  dataSources: Map<string, Json>;
  comments: Map<string, Json>;
  views: Map<string, Json>;
  templates: Array<{ page_id: string; data_source_id: string; is_default: boolean }>;
  files: Map<string, ClonedFile>;
  /** What did not come over, and why. */
  notes: string[];
}

export interface ReadOptions {
  /** Page, database or data source ids; none: everything search finds. */
  ids: readonly string[];
  comments: boolean;
  /** Download Notion-hosted files (a dry run does not). */
  files: boolean;
  onObject?: () => void;
}

// Page property values show at most 25 items; longer ones are read from the property item
// endpoint (https://developers.notion.com/reference/retrieve-a-page-property).
const PAGE_ITEM_LIMIT = 25;
const PAGINATED = new Set(['title', 'rich_text', 'relation', 'people']);

/** A stable upload id for a file: a resumed clone gives the same file the same id. */
function uploadIdOf(key: string): string {
  const h = createHash('sha256').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const fileKey = (url: string) => `file ${url.split('?')[0]}`;

export class Reader {
  readonly out: Collected;
  private readonly positions = new Map<string, number>();
  private readonly memoryFiles: Map<string, Buffer>;

  constructor(
    private readonly source: Source,
    private readonly journal: Journal,
    private readonly options: ReadOptions,
    memoryFiles: Map<string, Buffer>,
  ) {
    this.memoryFiles = memoryFiles;
    this.out = {
      bot: {},
      users: new Map(),
      pages: new Map(),
      blocks: new Map(),
      databases: new Map(),
      dataSources: new Map(),
      comments: new Map(),
      views: new Map(),
      templates: [],
      files: new Map(),
      notes: [],
    };
  }

  async read(): Promise<Collected> {
    this.out.bot = await this.source.get('/users/me');
    await this.readUsers();
    if (this.options.ids.length > 0) for (const id of this.options.ids) await this.readRoot(id);
    else await this.readEverything();
    return this.out;
  }

  private seen(id: string): boolean {
    return this.out.pages.has(id) || this.out.databases.has(id) || this.out.dataSources.has(id) || this.out.blocks.has(id);
  }

  private place(parentKey: string): number {
    const next = (this.positions.get(parentKey) ?? 0) + 1;
    this.positions.set(parentKey, next);
    return next;
  }

  private async readUsers(): Promise<void> {
    try {
      for await (const user of paginate((cursor) => this.source.get('/users', { start_cursor: cursor, page_size: '100' })))
        this.out.users.set(user.id as string, user);
    } catch (error) {
      // Without user information capabilities people come over by id, as pages name them.
      if (!(error instanceof SourceError) || error.status !== 403) throw error;
      this.out.notes.push('users: the token may not list users; people come over by id only');
    }
  }

  private async readEverything(): Promise<void> {
    const found: Json[] = [];
    for await (const item of paginate((cursor) => this.source.post('/search', { page_size: 100, ...(cursor ? { start_cursor: cursor } : {}) })))
      found.push(item);
    // Containers first, so that what sits in them keeps its place under its parent.
    for (const item of found) if (item.parent?.type === 'workspace') await this.readFound(item);
    for (const item of found) await this.readFound(item);
  }

  private async readFound(item: Json): Promise<void> {
    if (item.object === 'page') await this.readPage(item.id as string, 'workspace', item);
    else if (item.object === 'data_source') await this.readDatabase(item.parent?.database_id as string, 'workspace');
    else if (item.object === 'database') await this.readDatabase(item.id as string, 'workspace');
  }

  private async readRoot(id: string): Promise<void> {
    for (const kind of ['pages', 'databases', 'data_sources'] as const) {
      let object: Json;
      try {
        object = await this.source.get(`/${kind}/${id}`);
      } catch (error) {
        if (error instanceof SourceError && (error.status === 404 || error.status === 400)) continue;
        throw error;
      }
      if (kind === 'pages') await this.readPage(object.id as string, 'workspace', object);
      else await this.readDatabase(kind === 'databases' ? (object.id as string) : (object.parent.database_id as string), 'workspace');
      return;
    }
    this.out.notes.push(`${id}: no page, database or data source with this id is shared with the token`);
  }

  private async readPage(id: string, parentKey: string, given?: Json): Promise<void> {
    if (this.seen(id)) return;
    const page = structuredClone(given ?? (await this.source.get(`/pages/${id}`)));
    this.out.pages.set(id, { page, position: this.place(parentKey) });
    this.options.onObject?.();
    await this.readLongValues(page);
    await this.keepFiles(page);
    if (this.options.comments) await this.readComments(id);
    await this.readChildren(id);
  }

  private async readLongValues(page: Json): Promise<void> {
    for (const value of Object.values((page.properties ?? {}) as Record<string, Json>)) {
      const items = value[value.type] as unknown;
      const long = value.type === 'relation' ? value.has_more === true : Array.isArray(items) && items.length >= PAGE_ITEM_LIMIT;
      if (!PAGINATED.has(value.type as string) || !long) continue;
      const all: unknown[] = [];
      const path = `/pages/${page.id}/properties/${value.id}`;
      for await (const item of paginate((cursor) => this.source.get(path, { start_cursor: cursor, page_size: '100' }))) all.push(item[value.type]);
      value[value.type] = all;
      if (value.type === 'relation') value.has_more = false;
    }
  }

  private async readComments(id: string): Promise<void> {
    try {
      for await (const comment of paginate((cursor) => this.source.get('/comments', { block_id: id, start_cursor: cursor, page_size: '100' }))) {
        const copy = structuredClone(comment);
        await this.keepFiles(copy);
        this.out.comments.set(copy.id as string, copy);
      }
    } catch (error) {
      if (!(error instanceof SourceError) || error.status !== 403) throw error;
      this.options.comments = false;
      this.out.notes.push('comments: the token may not read comments; none came over');
    }
  }

  private async readChildren(parentId: string): Promise<void> {
    const path = `/blocks/${parentId}/children`;
    for await (const item of paginate((cursor) => this.source.get(path, { start_cursor: cursor, page_size: '100' }))) {
      const block = structuredClone(item);
      if (block.type === 'child_page') await this.readPage(block.id as string, parentId);
      else if (block.type === 'child_database') await this.readChildDatabase(block.id as string, parentId);
      else {
        this.out.blocks.set(block.id as string, { block, position: this.place(parentId) });
        this.options.onObject?.();
        await this.keepFiles(block);
        // A synced block's copy shows its original's children; they are the original's to clone.
        const copy = block.type === 'synced_block' && block.synced_block?.synced_from;
        if (block.has_children && !copy) await this.readChildren(block.id as string);
      }
    }
  }

  /** A database block in a page; a linked one cannot be retrieved, and is left out with a note. */
  private async readChildDatabase(id: string, parentKey: string): Promise<void> {
    try {
      await this.readDatabase(id, parentKey);
    } catch (error) {
      if (!(error instanceof SourceError && error.status === 400 && /linked database/.test(error.message))) throw error;
      this.out.notes.push(`${id}: a linked database; the API does not retrieve linked databases, so it was left out`);
    }
  }

  private async readDatabase(id: string, parentKey: string): Promise<void> {
    if (this.seen(id)) return;
    const database = structuredClone(await this.source.get(`/databases/${id}`));
    this.out.databases.set(id, { database, position: this.place(parentKey) });
    this.options.onObject?.();
    await this.keepFiles(database);
    for (const { id: dsId } of (database.data_sources ?? []) as Json[]) {
      const dataSource = structuredClone(await this.source.get(`/data_sources/${dsId}`));
      this.out.dataSources.set(dsId as string, dataSource);
      await this.keepFiles(dataSource);
      const query = `/data_sources/${dsId}/query`;
      for await (const row of paginate((cursor) => this.source.post(query, { page_size: 100, ...(cursor ? { start_cursor: cursor } : {}) }))) {
        await this.readPage(row.id as string, dsId as string, row);
      }
      await this.readTemplates(dsId as string);
    }
    await this.readViews(id);
  }

  private async readTemplates(dsId: string): Promise<void> {
    try {
      const path = `/data_sources/${dsId}/templates`;
      let cursor: string | undefined;
      do {
        const page = await this.source.get(path, { start_cursor: cursor, page_size: '100' });
        for (const t of (page.templates ?? []) as Json[]) {
          await this.readPage(t.id as string, dsId);
          this.out.templates.push({ page_id: t.id as string, data_source_id: dsId, is_default: t.is_default === true });
        }
        cursor = page.has_more ? (page.next_cursor as string) : undefined;
      } while (cursor);
    } catch (error) {
      if (!(error instanceof SourceError) || ![400, 404].includes(error.status)) throw error;
      this.out.notes.push(`data source ${dsId}: its templates could not be listed (${error.code})`);
    }
  }

  private async readViews(databaseId: string): Promise<void> {
    try {
      for await (const ref of paginate((cursor) => this.source.get('/views', { database_id: databaseId, start_cursor: cursor, page_size: '100' }))) {
        this.out.views.set(ref.id as string, structuredClone(await this.source.get(`/views/${ref.id}`)));
      }
    } catch (error) {
      if (!(error instanceof SourceError) || ![400, 404].includes(error.status)) throw error;
      this.out.notes.push(`database ${databaseId}: its views could not be listed (${error.code})`);
    }
  }

  /**
   * Download every Notion-hosted file an object names and point the object at the clone's upload
   * instead, as an attached upload is stored (src/files/attach.ts).
   */
  private async keepFiles(value: unknown): Promise<void> {
    if (Array.isArray(value)) {
      for (const item of value) await this.keepFiles(item);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const o = value as Json;
    // A file object, or a comment's attachment (`{category, file: {url}}`, no type).
    if ((o.type === 'file' || typeof o.category === 'string') && typeof o.file?.url === 'string') {
      if (!this.options.files) return;
      const url = o.file.url as string;
      const key = fileKey(url);
      let kept = this.journal.answer(key) as DownloadedFile | undefined;
      if (kept) this.source.stats.replayed += 1;
      else {
        const { bytes, contentType } = await this.source.download(url);
        kept = this.journal.keepFile(key, bytes, contentType, this.memoryFiles);
      }
      const uploadId = uploadIdOf(key);
      const name = typeof o.name === 'string' ? o.name : decodeURIComponent(new URL(url).pathname.split('/').pop() ?? 'file');
      this.out.files.set(uploadId, { uploadId, name, file: kept });
      // In place of `file`, keeping the order of the keys the source sent.
      const entries = Object.entries(o).map(([k, v]): [string, unknown] => (k === 'file' ? ['external', { url: `${ATTACHED_SCHEME}${uploadId}` }] : [k, v]));
      for (const k of Object.keys(o)) delete o[k];
      Object.assign(o, Object.fromEntries(entries));
      if (o.type === 'file') o.type = 'external';
      return;
    }
    for (const v of Object.values(o)) await this.keepFiles(v);
  }
}
