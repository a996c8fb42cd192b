// Formula properties (https://developers.notion.com/reference/property-object): the type each property yields in a formula, formulas compiled
// against the schemas they read (their own data source's and, through relations, others'), the
// check a formula passes when a schema is written, and the form expressions are stored in.
//
// Expressions are stored as Notion stores and returns them: each `prop("Name")` replaced by
// `{{notion:block_property:<property id>:<data source>:<workspace id>}}`, where <data source> is
// the nil uuid for the formula's own data source and the related data source's id for a property
// read through a relation. References are by id, so renaming a property changes no formula.
import { validationError } from '../errors.js';
import {
  compileFormula,
  FormulaError,
  rewriteReferences,
  T,
  type CompiledFormula,
  type FormulaType,
  type PropertyRef,
  type SchemaEnv,
} from '../formula/index.js';
import type { RollupFunction } from '../schemas/properties.js';
import type { PropertySchema, Schema } from './schema.js';
import { DATE_ROLLUPS, NUMERIC_ROLLUPS } from './rollups.js';

export const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** Relations are followed this many data sources deep when schemas are gathered for formulas. */
export const RELATION_DEPTH = 4;

/**
 * Formulas and rollups reading one another are followed this many deep, Notion's reference chain
 * limit (docs/decisions.md, Formula limits); a value further down the chain reads as empty.
 */
export const REFERENCE_CHAIN = 15;

/** Related pages read for the formulas and rollups of one request, whatever their depth and breadth. */
export const RELATED_PAGES = 25_000;

const decode = (id: unknown): string => {
  try {
    return decodeURIComponent(String(id ?? ''));
  } catch {
    return String(id ?? '');
  }
};

/**
 * Formulas of the data sources whose schemas are known, compiled once each. A formula reading
 * another formula gets that formula's type; one that reads itself, directly or through others,
 * is a cycle.
 */
export class FormulaCatalog {
  private readonly compiled = new Map<string, CompiledFormula | FormulaError>();
  private readonly compiling: string[] = [];

  constructor(private readonly schemas: Map<string, Schema>) {}

  schema(dataSourceId: string): Schema | undefined {
    return this.schemas.get(dataSourceId);
  }

  /** Every schema the catalog knows, by data source id. */
  get known(): Map<string, Schema> {
    return this.schemas;
  }

  /** The formula of `property` of `dataSourceId`, or the error that keeps it from compiling. */
  formula(dataSourceId: string, property: PropertySchema): CompiledFormula | FormulaError {
    const key = `${dataSourceId}/${property.id}`;
    const known = this.compiled.get(key);
    if (known) return known;
    if (this.compiling.includes(key)) {
      const names = [...this.compiling.slice(this.compiling.indexOf(key)), key].map((k) => this.nameOf(k));
      throw new FormulaError(`Formulas cannot reference themselves: ${names.join(' → ')}`, 'cycle');
    }
    this.compiling.push(key);
    let result: CompiledFormula | FormulaError;
    try {
      result = compileFormula((property.config.expression as string | undefined) ?? '', this.env(dataSourceId));
    } catch (caught) {
      // Formulas typed through a long chain of formulas can exhaust the call stack: too complex.
      const error = caught instanceof RangeError ? new FormulaError('Formula is too complex: it reads too long a chain of formulas', 'limit') : caught;
      if (!(error instanceof FormulaError)) throw error;
      // A cycle is an error of every formula on it, reported from where it was entered.
      if (error.kind === 'cycle' && this.compiling[0] !== key) {
        this.compiling.pop();
        throw error;
      }
      result = error;
    }
    this.compiling.pop();
    this.compiled.set(key, result);
    return result;
  }

  private nameOf(key: string): string {
    const [dataSourceId, id] = [key.slice(0, key.indexOf('/')), key.slice(key.indexOf('/') + 1)];
    return this.schemas.get(dataSourceId)?.find((p) => p.id === id)?.name ?? id;
  }

  /** What a formula of `dataSourceId` may read. */
  env(dataSourceId: string): SchemaEnv {
    return {
      property: (target, key) => {
        const sourceId = target ?? dataSourceId;
        const schema = this.schemas.get(sourceId);
        const property = schema && ('name' in key ? schema.find((p) => p.name === key.name) : schema.find((p) => p.id === key.id));
        if (!property) return undefined;
        return { id: property.id, name: property.name, type: this.typeOf(sourceId, property) } satisfies PropertyRef;
      },
    };
  }

  /** The type a property's values have in formulas. */
  typeOf(dataSourceId: string, property: PropertySchema): FormulaType {
    switch (property.type) {
      case 'number':
      case 'unique_id':
        return T.number;
      case 'checkbox':
        return T.boolean;
      case 'multi_select':
      case 'files':
        return T.list(T.string);
      case 'date':
      case 'created_time':
      case 'last_edited_time':
        return T.date;
      case 'people':
        return T.list(T.person);
      case 'created_by':
      case 'last_edited_by':
        return T.person;
      case 'relation':
        return T.list(T.page((property.config.data_source_id as string | undefined) ?? null));
      case 'formula': {
        const formula = this.formula(dataSourceId, property);
        return formula instanceof FormulaError ? T.any : formula.type;
      }
      case 'rollup':
        return this.rollupType(dataSourceId, property);
      default:
        // title, rich_text, url, email, phone_number, select, status, verification, place, button
        return T.string;
    }
  }

  private rollupType(dataSourceId: string, rollup: PropertySchema): FormulaType {
    const fn = rollup.config.function as RollupFunction;
    if (NUMERIC_ROLLUPS.has(fn)) return T.number;
    if (DATE_ROLLUPS.has(fn)) return T.date;
    if (fn !== 'show_original' && fn !== 'show_unique') return T.any;
    const relation = this.schemas.get(dataSourceId)?.find((p) => p.id === decode(rollup.config.relation_property_id));
    const targetId = relation?.config.data_source_id as string | undefined;
    const target = targetId ? this.schemas.get(targetId)?.find((p) => p.id === decode(rollup.config.rollup_property_id)) : undefined;
    if (!target || !targetId) return T.list(T.any);
    const item = this.typeOf(targetId, target);
    // Show original lists each related page's items, flattened.
    return T.list(item.kind === 'list' ? item.item : item);
  }
}

/** The data sources a schema's relations reach (the schema's own included), as `load` finds them. */
export async function gatherSchemas(
  own: { id: string; schema: Schema },
  load: (dataSourceIds: string[]) => Promise<Map<string, Schema>>,
  depth = RELATION_DEPTH,
): Promise<Map<string, Schema>> {
  const schemas = new Map<string, Schema>([[own.id, own.schema]]);
  let frontier = [own.schema];
  for (let level = 0; level < depth && frontier.length > 0; level++) {
    const wanted = new Set<string>();
    for (const schema of frontier) {
      for (const p of schema) {
        const target = p.type === 'relation' ? (p.config.data_source_id as string | undefined) : undefined;
        if (target && !schemas.has(target)) wanted.add(target);
      }
    }
    if (wanted.size === 0) break;
    const found = await load([...wanted]);
    for (const [id, schema] of found) schemas.set(id, schema);
    frontier = [...found.values()];
  }
  return schemas;
}

/** A stored reference to a property, as Notion writes it into expressions. */
export const storedReference = (propertyId: string, dataSourceId: string | null, workspaceId: string): string =>
  `{{notion:block_property:${encodeURIComponent(propertyId)}:${dataSourceId ?? NIL_UUID}:${workspaceId}}}`;

/**
 * Check the formulas `ids` of data source `dataSourceId` (schema `schemas.get(dataSourceId)`)
 * and store their expressions with id references. A formula that does not parse, reads a
 * property that does not exist, does not type, or takes part in a cycle is refused.
 */
export function resolveFormulas(dataSourceId: string, schemas: Map<string, Schema>, ids: Iterable<string>, workspaceId: string): void {
  const schema = schemas.get(dataSourceId) ?? [];
  const catalog = new FormulaCatalog(schemas);
  for (const id of ids) {
    const property = schema.find((p) => p.id === id);
    if (!property || property.type !== 'formula') continue;
    const expression = (property.config.expression as string | undefined) ?? '';
    let compiled: CompiledFormula | FormulaError;
    try {
      compiled = catalog.formula(dataSourceId, property);
    } catch (error) {
      if (!(error instanceof FormulaError)) throw error;
      compiled = error;
    }
    if (compiled instanceof FormulaError) throw validationError(`Invalid formula expression for property ${property.name}: ${compiled.message}`);
    property.config = { expression: rewriteReferences(expression, compiled.references, (r) => storedReference(r.property.id, r.dataSourceId, workspaceId)) };
  }
}
