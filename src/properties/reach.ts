// What an integration reaches beyond the object it asked for. Direct access is decided by
// `reachable` (access.ts); this module decides what shows through that object: properties based
// on a relation to a data source the integration was not given are left out of everything it
// reads and refused in everything it writes, and mentions name only what it reaches
// (https://developers.notion.com/reference/page-property-values#relation, docs/decisions.md
// "Isolation between integrations"). It is computed once per request, with one query for every
// data source and page it has to decide on.
import { FormulaError } from '../formula/index.js';
import { blocksByIds, reachableAmong } from '../store/blocks.js';
import type { BlockRow } from '../store/schema.js';
import type { Db } from '../store/store.js';
import type { Actor } from '../actor.js';
import { FormulaCatalog, RELATION_DEPTH } from './formula-catalog.js';
import type { PropertySchema, Schema } from './schema.js';
import { schemaOf } from './row-properties.js';
import { forEachMention, mentionTarget, UNREACHED_TITLE } from './mentions.js';

/** Which schema properties an integration sees; every one unless said otherwise. */
export type SchemaVisibility = (p: PropertySchema) => boolean;

const decode = (id: unknown): string => {
  try {
    return decodeURIComponent(String(id ?? ''));
  } catch {
    return String(id ?? '');
  }
};

const NOTHING_HIDDEN = new Map<string, Set<string>>();

/** The properties an integration does not see, over the data sources a request reads. */
export class Reach {
  constructor(
    /** The schemas read: those asked for and those their relations lead to, by data source id. */
    readonly schemas: Map<string, Schema>,
    private readonly hidden: Map<string, Set<string>> = NOTHING_HIDDEN,
  ) {}

  /** Whether the integration sees `property` of data source `dataSourceId`. */
  sees(dataSourceId: string, property: Pick<PropertySchema, 'id'>): boolean {
    return !this.hidden.get(dataSourceId)?.has(property.id);
  }

  /** A data source's schema as the integration sees it. */
  visibleSchema(dataSourceId: string, schema: Schema): Schema {
    const hidden = this.hidden.get(dataSourceId);
    return hidden ? schema.filter((p) => !hidden.has(p.id)) : schema;
  }

  /**
   * Every schema read, as the integration sees it. Formulas and rollups computed over these read
   * nothing hidden, and no page is loaded for a hidden relation.
   */
  visibleSchemas(): Map<string, Schema> {
    if (this.hidden.size === 0) return this.schemas;
    return new Map([...this.schemas].map(([id, schema]) => [id, this.visibleSchema(id, schema)]));
  }

  /** Visibility of the properties of the data sources `dataSourceIds` (shown one at a time). */
  visibility(dataSourceIds: string[]): SchemaVisibility {
    const hidden = dataSourceIds.map((id) => this.hidden.get(id)).filter((h): h is Set<string> => h !== undefined);
    return hidden.length === 0 ? () => true : (p) => !hidden.some((h) => h.has(p.id));
  }
}

/**
 * What `actor` sees of the data sources `roots` (schemas by id). When they hold rollups or
 * formulas, their relations are followed as deep as formulas read (RELATION_DEPTH); one query
 * tells which related data sources the integration reaches. A property is hidden when it is a
 * relation to one it does not reach, a rollup of a hidden relation or of a hidden property, or a
 * formula that reads a hidden property, here or through a relation.
 */
export async function reachOver(db: Db, actor: Actor, roots: Map<string, Schema>): Promise<Reach> {
  const schemas = new Map(roots);
  let frontier = [...roots.values()];
  // Without rollups or formulas nothing reads the related data sources: whether they are reached
  // is all that matters, and their schemas are not loaded.
  const computed = frontier.some((schema) => schema.some((p) => p.type === 'rollup' || p.type === 'formula'));
  for (let level = 0; level < (computed ? RELATION_DEPTH : 0) && frontier.length > 0; level++) {
    const wanted = new Set<string>();
    for (const schema of frontier)
      for (const p of schema) if (p.type === 'relation' && !schemas.has(p.config.data_source_id as string)) wanted.add(p.config.data_source_id as string);
    if (wanted.size === 0) break;
    const found = await blocksByIds(db, [...wanted]);
    for (const row of found) schemas.set(row.id, schemaOf(row));
    frontier = found.map((row) => schemas.get(row.id)!);
  }
  const targets = new Set<string>();
  for (const schema of schemas.values()) for (const p of schema) if (p.type === 'relation') targets.add(p.config.data_source_id as string);
  if (targets.size === 0) return new Reach(schemas);
  const reached = await reachableAmong(db, [...targets], actor.reach);
  if ([...targets].every((id) => reached.has(id))) return new Reach(schemas);
  return new Reach(schemas, hiddenProperties(schemas, reached));
}

/** Hidden properties by data source: relations to data sources not reached, and what reads them. */
function hiddenProperties(schemas: Map<string, Schema>, reached: Set<string>): Map<string, Set<string>> {
  const hidden = new Map<string, Set<string>>();
  const isHidden = (ds: string, id: string) => hidden.get(ds)?.has(id) ?? false;
  let changed = true;
  const hide = (ds: string, id: string) => {
    if (!hidden.has(ds)) hidden.set(ds, new Set());
    hidden.get(ds)!.add(id);
    changed = true;
  };
  const catalog = new FormulaCatalog(schemas);
  const references = (ds: string, p: PropertySchema): Array<{ ds: string; id: string }> => {
    let compiled;
    try {
      compiled = catalog.formula(ds, p);
    } catch {
      return [];
    }
    if (compiled instanceof FormulaError) return [];
    return compiled.references.map((r) => ({ ds: r.dataSourceId ?? ds, id: r.property.id }));
  };
  // Until nothing more is hidden: a rollup or formula can read another that reads a hidden one.
  while (changed) {
    changed = false;
    for (const [ds, schema] of schemas) {
      for (const p of schema) {
        if (isHidden(ds, p.id)) continue;
        if (p.type === 'relation') {
          if (!reached.has(p.config.data_source_id as string)) hide(ds, p.id);
        } else if (p.type === 'rollup') {
          const relation = schema.find((r) => r.id === decode(p.config.relation_property_id));
          if (relation?.type !== 'relation') continue;
          if (isHidden(ds, relation.id) || isHidden(relation.config.data_source_id as string, decode(p.config.rollup_property_id))) hide(ds, p.id);
        } else if (p.type === 'formula') {
          if (references(ds, p).some((r) => isHidden(r.ds, r.id))) hide(ds, p.id);
        }
      }
    }
  }
  return hidden;
}

/** The schemas of `rows` (data sources), by id, for `reachOver`. */
export const schemasOfRows = (rows: BlockRow[]): Map<string, Schema> => new Map(rows.map((r) => [r.id, schemaOf(r)]));

/** Which of `ids` (pages, databases, blocks) the integration reaches, in one query. */
export async function reachedAmong(db: Db, actor: Actor, ids: Iterable<string>): Promise<Set<string>> {
  const unique = [...new Set(ids)];
  return unique.length === 0 ? new Set() : reachableAmong(db, unique, actor.reach);
}

/** A rich text item that mentions a page or database, and that page or database. */
export interface MentionFound {
  item: Record<string, unknown>;
  id: string;
}

/** The mention `o` holds when it may need hiding (see hideUnreachedMentions); undefined otherwise. */
export function mentionToCheck(o: Record<string, unknown>): MentionFound | undefined {
  const id = mentionTarget(o);
  return id !== undefined && o.plain_text !== UNREACHED_TITLE ? { item: o, id } : undefined;
}

/** The mentions of `found` whose target `actor` cannot reach read "Untitled": one query for them all. */
export async function hideMentionsFound(db: Db, actor: Actor, found: MentionFound[]): Promise<void> {
  if (found.length === 0) return;
  const reached = await reachedAmong(
    db,
    actor,
    found.map((f) => f.id),
  );
  for (const { item, id } of found) if (!reached.has(id)) item.plain_text = UNREACHED_TITLE;
}

/**
 * Mentions in a response of pages and databases the integration cannot reach read "Untitled"
 * (https://developers.notion.com/reference/rich-text#mention): rich text keeps the title a
 * mention had when it was written, by whoever wrote it. One query for every mention in `body`;
 * none when it holds no mention.
 */
export async function hideUnreachedMentions(db: Db, actor: Actor, body: unknown): Promise<void> {
  const found: MentionFound[] = [];
  forEachMention(body, (item) => {
    const f = mentionToCheck(item);
    if (f) found.push(f);
  });
  await hideMentionsFound(db, actor, found);
}
