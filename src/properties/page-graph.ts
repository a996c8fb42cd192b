// Computed values of pages in data sources: formulas and rollups, evaluated when pages are read
// (so `now()` is the time of the request and a changed input shows at once, through relations
// and rollups too). A PageGraph holds the pages being read, the related pages their formulas and
// rollups reach (read level by level, in batches, the first `limit` of each relation: 25 in page
// objects and query results, as Notion evaluates them), their schemas and the people they name.
import { PAGE_PROPERTY_ITEM_LIMIT } from './limits.js';
import { Budget, FormulaError, sharedLimits, toText, type DateValue, type FormulaType, type PageScope, type PageValue, type PersonValue, type Value } from '../formula/index.js';
import type { RollupFunction } from '../schemas/properties.js';
import { blocksByIds } from '../store/blocks.js';
import type { BlockRow, UserRow } from '../store/schema.js';
import type { Db } from '../store/store.js';
import { usersByIds } from '../store/users.js';
import type { Actor } from '../services/access.js';
import { FormulaCatalog, gatherSchemas, REFERENCE_CHAIN, RELATED_PAGES, RELATION_DEPTH } from './formula-catalog.js';
import { instantOf, isDateOnly, minuteTime } from './instants.js';
import type { StoredDate, StoredFile, StoredValues } from './write-values.js';
import { propertyValue, type PropertyValue } from './property-value.js';
import { optionsOf, type PropertySchema, type Schema } from './schema.js';
import { reduce, type RolledValue } from './rollups.js';
import { mentionTarget, reachedAmong } from './reach.js';
import { plainText, type RichTextItem } from '../services/rich-text.js';

const decode = (id: unknown): string => {
  try {
    return decodeURIComponent(String(id ?? ''));
  } catch {
    return String(id ?? '');
  }
};

const storedOf = (row: Pick<BlockRow, 'properties'>): StoredValues => (row.properties ? (JSON.parse(row.properties) as StoredValues) : {});
const schemaIn = (row: Pick<BlockRow, 'properties'>): Schema => (row.properties ? (JSON.parse(row.properties) as Schema) : []);

/** A date as formulas see it: its start (and end) as instants, read in its time zone. */
export function dateValueOf(stored: StoredDate | null | undefined): DateValue | null {
  if (!stored?.start) return null;
  const start = instantOf(stored.start, stored.time_zone);
  if (start === undefined) return null;
  const end = stored.end ? (instantOf(stored.end, stored.time_zone) ?? null) : null;
  return { kind: 'date', start, end, dateOnly: isDateOnly(stored.start) };
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * A formula's value as page objects carry it (spec 5.2): `string`, `number`, `boolean` or `date`.
 * Values of other types (lists, people, pages) are shown as their text; empty text and numbers
 * that are not finite are `null`.
 */
export function renderFormula(type: FormulaType, value: Value): Record<string, unknown> {
  switch (type.kind) {
    case 'number':
      return { type: 'number', number: typeof value === 'number' && Number.isFinite(value) ? value : null };
    case 'boolean':
      return { type: 'boolean', boolean: value === true };
    case 'date': {
      const d = value as DateValue | null;
      if (!d) return { type: 'date', date: null };
      const show = (ms: number) => (d.dateOnly ? isoDay(ms) : new Date(ms).toISOString());
      return { type: 'date', date: { start: show(d.start), end: d.end === null ? null : show(d.end), time_zone: null } };
    }
    default: {
      const text = value === null ? '' : toText(value);
      return { type: 'string', string: text === '' ? null : text };
    }
  }
}

/** The result type a formula's filters name: the key of its value in page objects. */
export const formulaResultType = (type: FormulaType): 'string' | 'number' | 'boolean' | 'date' =>
  type.kind === 'number' || type.kind === 'boolean' || type.kind === 'date' ? type.kind : 'string';

export interface GraphOptions {
  /** Related pages read per relation (and items per value). */
  limit?: number;
  now: Date;
}

export class PageGraph {
  private readonly pages = new Map<string, BlockRow>();
  /** Values computed whole, with the length of the chain of formulas and rollups they read. */
  private readonly values = new Map<string, { value: Value; height: number }>();
  private readonly rollups = new Map<string, Record<string, unknown>>();
  private readonly active = new Set<string>();
  /** Values computed with a chain cut short, by the depth they were computed at. */
  private readonly cutValues = new Map<string, Value>();
  /** Formulas and rollups being computed, one inside the other, and how often a chain was cut. */
  private depth = 0;
  private cuts = 0;
  /** For each formula or rollup being computed, the longest chain it has read so far. */
  private readonly heights: number[] = [];
  /** What the formulas of this read may spend together (src/formula/limits.ts). */
  private readonly budget: Budget;
  private readonly parsed = new Map<string, StoredValues>();
  private users = new Map<string, UserRow>();
  /** Pages and databases mentioned in the graph's text that the integration cannot reach. */
  private unreached: ReadonlySet<string> = new Set();
  readonly limit: number;
  private readonly now: number;

  private constructor(
    private readonly actor: Actor,
    readonly catalog: FormulaCatalog,
    options: GraphOptions,
    pages: number,
  ) {
    this.limit = options.limit ?? PAGE_PROPERTY_ITEM_LIMIT;
    this.now = options.now.getTime();
    this.budget = new Budget(sharedLimits(pages));
  }

  /**
   * The graph of `rows` (pages of data sources; other rows are ignored): their schemas and those
   * their relations reach, and the related pages their formulas and rollups read.
   */
  static async build(db: Db, actor: Actor, rows: BlockRow[], options: GraphOptions, known?: Map<string, Schema>, users?: Map<string, UserRow>): Promise<PageGraph> {
    const inSources = rows.filter((r) => r.parent_type === 'data_source_id' && r.parent_id);
    const sourceIds = [...new Set(inSources.map((r) => r.parent_id!))];
    const schemas = new Map<string, Schema>(known ?? []);
    const loadSchemas = async (ids: string[]) => {
      const missing = ids.filter((id) => !schemas.has(id));
      return new Map([...ids.filter((id) => schemas.has(id)).map((id) => [id, schemas.get(id)!] as const), ...(await blocksByIds(db, missing)).map((s) => [s.id, schemaIn(s)] as const)]);
    };
    for (const [id, schema] of await loadSchemas(sourceIds)) schemas.set(id, schema);
    for (const id of sourceIds) {
      const schema = schemas.get(id);
      if (schema?.some((p) => p.type === 'relation')) for (const [sid, s] of await gatherSchemas({ id, schema }, loadSchemas)) schemas.set(sid, s);
    }
    const graph = new PageGraph(actor, new FormulaCatalog(schemas), options, inSources.length);
    for (const row of inSources) graph.pages.set(row.id, row);
    await graph.loadRelated(db, inSources, sourceIds);
    await graph.loadMentions(db);
    // The people of the pages asked for are known when the caller looked them up already.
    if (users && graph.pages.size === inSources.length) graph.users = users;
    else await graph.loadUsers(db);
    return graph;
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
        const values = storedOf(page);
        for (const id of relations) for (const target of ((values[id] as string[] | undefined) ?? []).slice(0, this.limit)) if (!this.pages.has(target)) wanted.add(target);
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
  private text(items: RichTextItem[]): string {
    if (this.unreached.size === 0) return plainText(items);
    return items.map((item) => (this.unreached.has(mentionTarget(item) ?? '') ? 'Untitled' : item.plain_text)).join('');
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
  private stored(row: BlockRow): StoredValues {
    let values = this.parsed.get(row.id);
    if (!values) {
      values = storedOf(row);
      this.parsed.set(row.id, values);
    }
    return values;
  }

  /** The related pages a relation value reads: loaded, not in the trash, in relation order. */
  private related(row: BlockRow, relation: PropertySchema): BlockRow[] {
    const ids = ((this.stored(row)[relation.id] as string[] | undefined) ?? []).slice(0, this.limit);
    return ids.map((id) => this.pages.get(id)).filter((r): r is BlockRow => r !== undefined && !r.in_trash);
  }

  private person(id: string): PersonValue {
    const user = this.users.get(id);
    return { kind: 'person', id, name: user?.name ?? '', email: user?.email ?? '' };
  }

  private titleOf(row: BlockRow): string {
    const title = this.schemaOf(row).find((p) => p.type === 'title');
    return this.text(((this.stored(row)[title?.id ?? 'title'] as RichTextItem[] | undefined) ?? []) as RichTextItem[]);
  }

  private pageValue(row: BlockRow): PageValue {
    const scope = this.scope(row);
    return {
      kind: 'page',
      id: row.id,
      get title() {
        return scope.title;
      },
      scope,
    };
  }

  /** What formulas read of a page (its title only when asked for). */
  scope(row: BlockRow): PageScope {
    const schema = this.schemaOf(row);
    const title = () => this.titleOf(row);
    return {
      id: row.id,
      get title() {
        return title();
      },
      value: (propertyId) => {
        const property = schema.find((p) => p.id === propertyId);
        return property ? this.value(row, property) : null;
      },
    };
  }

  /** Stored values of a page the caller parsed already. */
  prime(row: BlockRow, values: StoredValues): void {
    this.parsed.set(row.id, values);
  }

  /**
   * A property's value on a page, as formulas see it. Formulas and rollups read through one
   * another at most REFERENCE_CHAIN deep, counted from the value asked for; one further is empty.
   * So a value is the same whichever order values are read in: one computed whole is reused where
   * its chain still fits, one computed from a chain cut short only at the depth it was computed at.
   */
  value(row: BlockRow, property: PropertySchema): Value {
    const key = `${row.id}/${property.id}`;
    const known = this.values.get(key);
    if (known && this.depth + known.height <= REFERENCE_CHAIN) {
      this.reached(known.height);
      return known.value;
    }
    if (this.active.has(key)) return null;
    const computed = property.type === 'formula' || property.type === 'rollup';
    if (computed && this.depth >= REFERENCE_CHAIN) {
      this.cuts++;
      return null;
    }
    const atDepth = `${key}@${this.depth}`;
    if (this.cutValues.has(atDepth)) {
      this.cuts++;
      return this.cutValues.get(atDepth)!;
    }
    const cuts = this.cuts;
    this.active.add(key);
    if (computed) {
      this.depth++;
      this.heights.push(0);
    }
    let height = 0;
    try {
      const value = this.compute(row, property);
      if (computed) height = this.heights.at(-1)! + 1;
      if (this.cuts === cuts) this.values.set(key, { value, height });
      else this.cutValues.set(atDepth, value);
      return value;
    } finally {
      this.active.delete(key);
      if (computed) {
        this.depth--;
        this.heights.pop();
      }
      this.reached(height);
    }
  }

  /** A value read by the formula or rollup being computed reached `height` formulas down. */
  private reached(height: number): void {
    const at = this.heights.length - 1;
    if (at >= 0 && height > this.heights[at]!) this.heights[at] = height;
  }

  private compute(row: BlockRow, property: PropertySchema): Value {
    const stored = this.stored(row)[property.id];
    switch (property.type) {
      case 'title':
      case 'rich_text':
        return this.text((stored as RichTextItem[] | undefined) ?? []);
      case 'url':
      case 'email':
      case 'phone_number':
        return typeof stored === 'string' ? stored : '';
      case 'number':
      case 'unique_id':
        return typeof stored === 'number' ? stored : null;
      case 'checkbox':
        return stored === true;
      case 'select':
      case 'status':
        return optionsOf(property).find((o) => o.id === stored)?.name ?? '';
      case 'multi_select':
        return ((stored as string[] | undefined) ?? []).map((id) => optionsOf(property).find((o) => o.id === id)?.name).filter((n): n is string => n !== undefined);
      case 'date':
        return dateValueOf(stored as StoredDate | undefined);
      case 'people':
        return ((stored as string[] | undefined) ?? []).map((id) => this.person(id));
      case 'files':
        return ((stored as StoredFile[] | undefined) ?? []).map((f) => f.name ?? '');
      case 'relation':
        return this.related(row, property).map((r) => this.pageValue(r));
      case 'created_time':
        return { kind: 'date', start: Date.parse(minuteTime(row.created_time)), end: null, dateOnly: false };
      case 'last_edited_time':
        return { kind: 'date', start: Date.parse(minuteTime(row.last_edited_time)), end: null, dateOnly: false };
      case 'created_by':
        return this.person(row.created_by);
      case 'last_edited_by':
        return this.person(row.last_edited_by);
      case 'formula': {
        const formula = this.catalog.formula(row.parent_id ?? '', property);
        return formula instanceof FormulaError ? null : formula.evaluate(this.scope(row), this.now, this.budget);
      }
      case 'rollup':
        return rolledValue(this.rollup(row, property));
      case 'verification':
        return (stored as { state?: string } | undefined)?.state ?? 'unverified';
      case 'place':
        return (stored as { name?: string | null; address?: string | null } | undefined)?.name ?? '';
      default:
        return '';
    }
  }

  /** A formula property's value as page objects show it. */
  formula(row: BlockRow, property: PropertySchema): Record<string, unknown> {
    let formula;
    try {
      formula = this.catalog.formula(row.parent_id ?? '', property);
    } catch {
      formula = undefined;
    }
    if (!formula || formula instanceof FormulaError) return { type: 'string', string: null };
    return renderFormula(formula.type, this.value(row, property));
  }

  /** A rollup's value as page objects show it, over the first `limit` related pages. */
  rollup(row: BlockRow, rollup: PropertySchema): Record<string, unknown> {
    // Not value()'s key for the same property, which is active while it asks for the rollup.
    const id = `rollup:${row.id}/${rollup.id}`;
    // Rolled-up formulas read at another depth may reach another length of chain.
    const key = `${id}@${this.depth}`;
    const known = this.rollups.get(key);
    if (known) return known;
    const config = rollup.config as { function: RollupFunction; relation_property_id?: string; rollup_property_id?: string };
    const schema = this.schemaOf(row);
    const relation = schema.find((p) => p.id === decode(config.relation_property_id));
    const targetSchema = relation?.type === 'relation' ? this.catalog.schema(relation.config.data_source_id as string) : undefined;
    const target = targetSchema?.find((p) => p.id === decode(config.rollup_property_id));
    let value: Record<string, unknown>;
    if (!relation || relation.type !== 'relation' || !target) {
      value = { type: 'unsupported', unsupported: {}, function: config.function };
    } else if (this.active.has(id)) {
      value = { type: 'unsupported', unsupported: {}, function: config.function };
    } else {
      const cuts = this.cuts;
      this.active.add(id);
      try {
        const rolled = this.related(row, relation).map((r) => {
          const rendered = this.render(target, r);
          delete rendered.id;
          return rendered as RolledValue;
        });
        value = reduce(config.function, rolled);
      } finally {
        this.active.delete(id);
      }
      // Computed from a chain cut short: right only where it was asked for (see value()).
      if (this.cuts !== cuts) return value;
    }
    this.rollups.set(key, value);
    return value;
  }

  /** A property's value, formulas and rollups computed; people are named by reference. */
  render(property: PropertySchema, row: BlockRow): PropertyValue {
    const computed = property.type === 'formula' ? this.formula(row, property) : property.type === 'rollup' ? this.rollup(row, property) : undefined;
    return propertyValue(property, this.stored(row)[property.id], row, computed, this.limit);
  }
}

/** A rollup's value as formulas see it: its number, its date, or the list of rolled-up values. */
function rolledValue(rollup: Record<string, unknown>): Value {
  switch (rollup.type) {
    case 'number':
      return (rollup.number as number | null) ?? null;
    case 'date':
      return dateValueOf(rollup.date as StoredDate | null);
    case 'array':
      return ((rollup.array as RolledValue[]) ?? []).flatMap((item) => {
        const v = itemValue(item);
        return Array.isArray(v) ? v : [v];
      });
    default:
      return null;
  }
}

/** One rendered value (of a rollup's list) as formulas see it. */
function itemValue(item: RolledValue): Value {
  const v = item[item.type];
  switch (item.type) {
    case 'title':
    case 'rich_text':
      return plainText((v as RichTextItem[] | undefined) ?? []);
    case 'number':
    case 'checkbox':
    case 'url':
    case 'email':
    case 'phone_number':
      return (v as Value) ?? null;
    case 'select':
    case 'status':
      return (v as { name?: string } | null)?.name ?? '';
    case 'multi_select':
      return ((v as Array<{ name: string }> | undefined) ?? []).map((o) => o.name);
    case 'date':
      return dateValueOf(v as StoredDate | null);
    case 'created_time':
    case 'last_edited_time':
      return typeof v === 'string' ? { kind: 'date', start: Date.parse(v), end: null, dateOnly: false } : null;
    case 'people':
      return ((v as Array<{ id: string; name?: string; person?: { email?: string } }> | undefined) ?? []).map((u) => ({ kind: 'person', id: u.id, name: u.name ?? '', email: u.person?.email ?? '' }));
    case 'created_by':
    case 'last_edited_by': {
      const u = v as { id: string; name?: string } | undefined;
      return u ? { kind: 'person', id: u.id, name: u.name ?? '', email: '' } : null;
    }
    case 'relation':
      return ((v as Array<{ id: string }> | undefined) ?? []).map((p) => ({ kind: 'page', id: p.id, title: '' }));
    case 'formula': {
      const f = v as Record<string, unknown> | undefined;
      if (!f) return null;
      return f.type === 'date' ? dateValueOf(f.date as StoredDate | null) : ((f[f.type as string] as Value) ?? null);
    }
    case 'unique_id':
      return (v as { number?: number | null } | undefined)?.number ?? null;
    default:
      return null;
  }
}
