// Loading what computed values read: the pages being read, the related pages their formulas and
// rollups reach (read level by level, in batches, the first `limit` of each relation: 25 in page
// objects and query results, as Notion evaluates them), their schemas and the people they name.
// properties/page-graph.ts evaluates over what is loaded here.
import { FormulaError } from '../formula/index.js';
import type { Actor } from '../actor.js';
import { plainText, type RichTextItem } from '../rich-text.js';
import { blocksByIds } from '../store/blocks.js';
import type { BlockRow, UserRow } from '../store/schema.js';
import type { Db } from '../store/store.js';
import { usersByIds } from '../store/users.js';
import type { FormulaCatalog } from './formula-catalog.js';
import { gatherSchemas, RELATED_PAGES, RELATION_DEPTH } from './formula-catalog.js';
import { reachedAmong } from './reach.js';
import { mentionTarget, UNREACHED_TITLE } from './mentions.js';
import { schemaOf, storedValuesOf } from './row-properties.js';
import type { PropertySchema, Schema } from './schema.js';
import type { StoredValues } from './write-values.js';

export const decode = (id: unknown): string => {
  try {
    return decodeURIComponent(String(id ?? ''));
  } catch {
    return String(id ?? '');
  }
};

/** The schemas of the data sources `sourceIds` and of those their relations reach. */
export async function loadSchemas(db: Db, sourceIds: string[], known?: Map<string, Schema>): Promise<Map<string, Schema>> {
  const schemas = new Map<string, Schema>(known ?? []);
  const read = async (ids: string[]) => {
    const missing = ids.filter((id) => !schemas.has(id));
    return new Map([
      ...ids.filter((id) => schemas.has(id)).map((id) => [id, schemas.get(id)!] as const),
      ...(await blocksByIds(db, missing)).map((s) => [s.id, schemaOf(s)] as const),
    ]);
  };
  for (const [id, schema] of await read(sourceIds)) schemas.set(id, schema);
  for (const id of sourceIds) {
    const schema = schemas.get(id);
    if (schema?.some((p) => p.type === 'relation')) for (const [sid, s] of await gatherSchemas({ id, schema }, read)) schemas.set(sid, s);
  }
  return schemas;
}

/** The pages a graph evaluates over, their stored values (parsed once) and the people they name. */
export abstract class PageSet {
  protected readonly pages = new Map<string, BlockRow>();
  private readonly parsed = new Map<string, StoredValues>();
  private users = new Map<string, UserRow>();
  /** Pages and databases mentioned in the graph's text that the integration cannot reach. */
  private unreached: ReadonlySet<string> = new Set();

  protected constructor(
    protected readonly actor: Actor,
    readonly catalog: FormulaCatalog,
    /** Related pages read per relation (and items per value). */
    readonly limit: number,
  ) {}

  /**
   * Read `rows` (pages of data sources whose schemas the catalog holds) and the related pages their
   * formulas and rollups reach, the mentions in their text and the people they name.
   */
  protected async load(db: Db, rows: BlockRow[], sourceIds: string[], users?: Map<string, UserRow>): Promise<void> {
    for (const row of rows) this.pages.set(row.id, row);
    await this.loadRelated(db, rows, sourceIds);
    await this.loadMentions(db);
    // The people of the pages asked for are known when the caller looked them up already.
    if (users && this.pages.size === rows.length) this.users = users;
    else await this.loadUsers(db);
  }

  /** Relations whose pages must be read: by data source, the relation property ids. */
  private relationsRead(rootSources: string[]): Map<string, Set<string>> {
    const used = new Map<string, Set<string>>();
    const use = (ds: string, id: string) => {
      if (!used.has(ds)) used.set(ds, new Set());
      used.get(ds)!.add(id);
    };
    const seen = new Set<string>();
    const work: Array<[string, PropertySchema]> = [];
    const visit = (ds: string, p: PropertySchema) => {
      const key = `${ds}/${p.id}`;
      if (seen.has(key)) return;
      seen.add(key);
      work.push([ds, p]);
    };
    for (const ds of rootSources) for (const p of this.catalog.schema(ds) ?? []) if (p.type === 'formula' || p.type === 'rollup') visit(ds, p);
    while (work.length > 0) {
      const [ds, p] = work.pop()!;
      const schema = this.catalog.schema(ds) ?? [];
      if (p.type === 'rollup') {
        const relation = schema.find((r) => r.id === decode(p.config.relation_property_id));
        if (!relation) continue;
        use(ds, relation.id);
        const targetDs = relation.config.data_source_id as string;
        const target = this.catalog.schema(targetDs)?.find((t) => t.id === decode(p.config.rollup_property_id));
        if (target && (target.type === 'formula' || target.type === 'rollup')) visit(targetDs, target);
        continue;
      }
      if (p.type !== 'formula') continue;
      let compiled;
      try {
        compiled = this.catalog.formula(ds, p);
      } catch {
        continue;
      }
      if (compiled instanceof FormulaError) continue;
      for (const ref of compiled.references) {
        const targetDs = ref.dataSourceId ?? ds;
        const property = this.catalog.schema(targetDs)?.find((t) => t.id === ref.property.id);
        if (!property) continue;
        if (property.type === 'relation') use(targetDs, property.id);
        else if (property.type === 'formula' || property.type === 'rollup') visit(targetDs, property);
      }
    }
    return used;
  }

  private async loadRelated(db: Db, rows: BlockRow[], rootSources: string[]): Promise<void> {
    const used = this.relationsRead(rootSources);
    let frontier = rows;
    for (let level = 0; level < RELATION_DEPTH && frontier.length > 0; level++) {
      const wanted = new Set<string>();
      for (const page of frontier) {
        const relations = used.get(page.parent_id ?? '');
        if (!relations) continue;
        const values = storedValuesOf(page);
        for (const id of relations)
          for (const target of ((values[id] as string[] | undefined) ?? []).slice(0, this.limit)) if (!this.pages.has(target)) wanted.add(target);
      }
      // Each level can hold `limit` times more pages than the last: the whole graph is bounded.
      const room = RELATED_PAGES + rows.length - this.pages.size;
      if (wanted.size === 0 || room <= 0) return;
      frontier = (await blocksByIds(db, [...wanted].slice(0, room))).filter((r) => r.type === 'child_page');
      for (const row of frontier) this.pages.set(row.id, row);
    }
  }

  /**
   * Formulas read text as the integration sees it: a mention of a page or database it cannot
   * reach reads "Untitled" (https://developers.notion.com/reference/rich-text#mention). One
   * query for every mention in the graph's pages.
   */
  private async loadMentions(db: Db): Promise<void> {
    const mentioned = new Set<string>();
    for (const page of this.pages.values()) {
      const values = this.stored(page);
      for (const p of this.schemaOf(page)) {
        if (p.type !== 'title' && p.type !== 'rich_text') continue;
        for (const item of (values[p.id] as RichTextItem[] | undefined) ?? []) {
          const id = mentionTarget(item);
          if (id !== undefined) mentioned.add(id);
        }
      }
    }
    if (mentioned.size === 0) return;
    const reached = await reachedAmong(db, this.actor, mentioned);
    this.unreached = new Set([...mentioned].filter((id) => !reached.has(id)));
  }

  /** Rich text as formulas read it. */
  protected text(items: RichTextItem[]): string {
    if (this.unreached.size === 0) return plainText(items);
    return items.map((item) => (this.unreached.has(mentionTarget(item) ?? '') ? UNREACHED_TITLE : item.plain_text)).join('');
  }

  private async loadUsers(db: Db): Promise<void> {
    const ids = new Set<string>();
    for (const page of this.pages.values()) {
      ids.add(page.created_by);
      ids.add(page.last_edited_by);
      const schema = this.schemaOf(page);
      if (!schema.some((p) => p.type === 'people' || p.type === 'verification')) continue;
      const values = this.stored(page);
      for (const p of schema) {
        if (p.type === 'people') for (const id of (values[p.id] as string[] | undefined) ?? []) ids.add(id);
        if (p.type === 'verification') {
          const by = (values[p.id] as { verified_by?: string | null } | undefined)?.verified_by;
          if (by) ids.add(by);
        }
      }
    }
    this.users = new Map((await usersByIds(db, [...ids])).map((u) => [u.id, u]));
  }

  get usersById(): Map<string, UserRow> {
    return this.users;
  }

  page(id: string): BlockRow | undefined {
    return this.pages.get(id);
  }

  schemaOf(row: BlockRow): Schema {
    return this.catalog.schema(row.parent_id ?? '') ?? [];
  }

  /** A page's stored values, parsed once. */
  protected stored(row: BlockRow): StoredValues {
    let values = this.parsed.get(row.id);
    if (!values) {
      values = storedValuesOf(row);
      this.parsed.set(row.id, values);
    }
    return values;
  }

  /** Stored values of a page the caller parsed already. */
  prime(row: BlockRow, values: StoredValues): void {
    this.parsed.set(row.id, values);
  }
}
