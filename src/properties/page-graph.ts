// Computed values of pages in data sources: formulas and rollups, evaluated when pages are read
// (so `now()` is the time of the request and a changed input shows at once, through relations
// and rollups too), over the pages properties/page-load.ts reads.
import { Budget, FormulaError, sharedLimits, type PageScope, type PageValue, type PersonValue, type Value } from '../formula/index.js';
import type { RollupFunction } from '../schemas/properties.js';
import type { Actor } from '../actor.js';
import type { RichTextItem } from '../rich-text.js';
import type { BlockRow, UserRow } from '../store/schema.js';
import type { Db } from '../store/store.js';
import { dateValueOf, formulaResult, rolledValue } from './computed-values.js';
import { FormulaCatalog, REFERENCE_CHAIN } from './formula-catalog.js';
import { minuteTime } from './instants.js';
import { PAGE_PROPERTY_ITEM_LIMIT } from './limits.js';
import { decode, loadSchemas, PageSet } from './page-load.js';
import { valueRecord, type FormulaResult, type PropertyRecord, type RollupResult } from './property-value.js';
import { reduce } from './rollups.js';
import { optionsOf, type PropertySchema, type Schema } from './schema.js';
import type { StoredDate, StoredFile } from './write-values.js';

export interface GraphOptions {
  /** Related pages read per relation (and items per value). */
  limit?: number;
  now: Date;
}

export class PageGraph extends PageSet {
  /** Values computed whole, with the length of the chain of formulas and rollups they read. */
  private readonly values = new Map<string, { value: Value; height: number }>();
  private readonly rollups = new Map<string, RollupResult>();
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
  private readonly now: number;

  private constructor(actor: Actor, catalog: FormulaCatalog, options: GraphOptions, pages: number) {
    super(actor, catalog, options.limit ?? PAGE_PROPERTY_ITEM_LIMIT);
    this.now = options.now.getTime();
    this.budget = new Budget(sharedLimits(pages));
  }

  /**
   * The graph of `rows` (pages of data sources; other rows are ignored): their schemas and those
   * their relations reach, and the related pages their formulas and rollups read.
   */
  static async build(
    db: Db,
    actor: Actor,
    rows: BlockRow[],
    options: GraphOptions,
    known?: Map<string, Schema>,
    users?: Map<string, UserRow>,
  ): Promise<PageGraph> {
    const inSources = rows.filter((r) => r.parent_type === 'data_source_id' && r.parent_id);
    const sourceIds = [...new Set(inSources.map((r) => r.parent_id!))];
    const graph = new PageGraph(actor, new FormulaCatalog(await loadSchemas(db, sourceIds, known)), options, inSources.length);
    await graph.load(db, inSources, sourceIds, users);
    return graph;
  }

  /** The related pages a relation value reads: loaded, not in the trash, in relation order. */
  private related(row: BlockRow, relation: PropertySchema): BlockRow[] {
    const ids = ((this.stored(row)[relation.id] as string[] | undefined) ?? []).slice(0, this.limit);
    return ids.map((id) => this.pages.get(id)).filter((r): r is BlockRow => r !== undefined && !r.in_trash);
  }

  private person(id: string): PersonValue {
    const user = this.usersById.get(id);
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
        return ((stored as string[] | undefined) ?? [])
          .map((id) => optionsOf(property).find((o) => o.id === id)?.name)
          .filter((n): n is string => n !== undefined);
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
        return rolledValue(this.rollup(row, property), (items) => this.text(items));
      case 'verification':
        return (stored as { state?: string } | undefined)?.state ?? 'unverified';
      case 'place':
        return (stored as { name?: string | null; address?: string | null } | undefined)?.name ?? '';
      default:
        return '';
    }
  }

  /** A formula property's result as page objects show it. */
  formula(row: BlockRow, property: PropertySchema): FormulaResult {
    let formula;
    try {
      formula = this.catalog.formula(row.parent_id ?? '', property);
    } catch {
      formula = undefined;
    }
    if (!formula || formula instanceof FormulaError) return { type: 'string', value: null };
    return formulaResult(formula.type, this.value(row, property));
  }

  /** A rollup's result as page objects show it, over the first `limit` related pages. */
  rollup(row: BlockRow, rollup: PropertySchema): RollupResult {
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
    let value: RollupResult;
    if (!relation || relation.type !== 'relation' || !target || this.active.has(id)) {
      value = { type: 'unsupported', function: config.function };
    } else {
      const cuts = this.cuts;
      this.active.add(id);
      try {
        value = reduce(
          config.function,
          this.related(row, relation).map((r) => this.render(target, r)),
        );
      } finally {
        this.active.delete(id);
      }
      // Computed from a chain cut short: right only where it was asked for (see value()).
      if (this.cuts !== cuts) return value;
    }
    this.rollups.set(key, value);
    return value;
  }

  /** A property's value on a page, formulas and rollups computed. */
  render(property: PropertySchema, row: BlockRow): PropertyRecord {
    const computed = property.type === 'formula' ? this.formula(row, property) : property.type === 'rollup' ? this.rollup(row, property) : undefined;
    return valueRecord(property, row, this.stored(row)[property.id], computed, this.limit);
  }
}
