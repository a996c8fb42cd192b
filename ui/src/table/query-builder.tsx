import { useState } from 'preact/hooks';
import type { PropertySchema } from '../workspace/notion.js';
import type { Query } from './rows.js';

const TEXT = ['contains', 'does_not_contain', 'equals', 'does_not_equal', 'starts_with', 'ends_with', 'is_empty', 'is_not_empty'];
const NUMBER = ['equals', 'does_not_equal', 'greater_than', 'less_than', 'greater_than_or_equal_to', 'less_than_or_equal_to', 'is_empty', 'is_not_empty'];
const DATE = ['equals', 'before', 'after', 'on_or_before', 'on_or_after', 'is_empty', 'is_not_empty'];
const SELECT = ['equals', 'does_not_equal', 'is_empty', 'is_not_empty'];

/** The conditions each property type's filter takes (https://developers.notion.com/reference/filter-data-source-entries). */
const OPERATORS: Record<string, string[]> = {
  title: TEXT,
  rich_text: TEXT,
  url: TEXT,
  email: TEXT,
  phone_number: TEXT,
  number: NUMBER,
  checkbox: ['equals', 'does_not_equal'],
  select: SELECT,
  status: SELECT,
  multi_select: ['contains', 'does_not_contain', 'is_empty', 'is_not_empty'],
  date: DATE,
  created_time: DATE,
  last_edited_time: DATE,
};

export interface Condition {
  property: string;
  operator: string;
  value: string;
}

export interface SortRule {
  property: string;
  direction: 'ascending' | 'descending';
}

function conditionOf(schema: PropertySchema, c: Condition): unknown {
  let value: unknown = c.value;
  if (c.operator === 'is_empty' || c.operator === 'is_not_empty') value = true;
  else if (schema.type === 'number') value = Number(c.value);
  else if (schema.type === 'checkbox') value = c.value === 'true';
  return { property: c.property, [schema.type]: { [c.operator]: value } };
}

/** The query the builder's conditions (all of them must hold) and sorts make, over a view's own. */
export function queryOf(schemas: Record<string, PropertySchema>, conditions: Condition[], sorts: SortRule[], base: Query): Query {
  const filters = conditions.filter((c) => schemas[c.property]).map((c) => conditionOf(schemas[c.property]!, c));
  if (base.filter) filters.unshift(base.filter);
  const query: Query = {};
  if (filters.length === 1) query.filter = filters[0];
  else if (filters.length > 1) query.filter = { and: filters };
  const sortList = sorts.length ? sorts : (base.sorts ?? []);
  if (sortList.length) query.sorts = sortList;
  return query;
}

const blankCondition = (schema: PropertySchema): Condition => ({
  property: schema.name,
  operator: OPERATORS[schema.type]![0]!,
  value: schema.type === 'checkbox' ? 'true' : '',
});

interface Props {
  schemas: Record<string, PropertySchema>;
  apply(conditions: Condition[], sorts: SortRule[]): void;
}

/** A small filter and sort builder; Apply sends them as the data source query's filter and sorts. */
export function QueryBuilder({ schemas, apply }: Props) {
  const filterable = Object.values(schemas).filter((s) => OPERATORS[s.type]);
  const [conditions, setConditions] = useState<Condition[]>([]);
  const [sorts, setSorts] = useState<SortRule[]>([]);
  const first = filterable[0];
  const setCondition = (i: number, patch: Partial<Condition>) => setConditions(conditions.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  const setSort = (i: number, patch: Partial<SortRule>) => setSorts(sorts.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const names = Object.keys(schemas);
  return (
    <form
      class="query-builder"
      aria-label="Filter and sort"
      onSubmit={(e) => {
        e.preventDefault();
        apply(conditions, sorts);
      }}
    >
      {conditions.map((c, i) => {
        const schema = schemas[c.property];
        return (
          <div class="query-line" key={`f${i}`}>
            <select aria-label="Filter property" value={c.property} onChange={(e) => setCondition(i, blankCondition(schemas[e.currentTarget.value]!))}>
              {filterable.map((s) => (
                <option key={s.id}>{s.name}</option>
              ))}
            </select>
            <select aria-label="Condition" value={c.operator} onChange={(e) => setCondition(i, { operator: e.currentTarget.value })}>
              {(OPERATORS[schema?.type ?? ''] ?? []).map((op) => (
                <option key={op} value={op}>
                  {op.replace(/_/g, ' ')}
                </option>
              ))}
            </select>
            {c.operator === 'is_empty' || c.operator === 'is_not_empty' ? null : schema?.type === 'checkbox' ? (
              <select aria-label="Value" value={c.value} onChange={(e) => setCondition(i, { value: e.currentTarget.value })}>
                <option value="true">checked</option>
                <option value="false">unchecked</option>
              </select>
            ) : (
              <input
                aria-label="Value"
                type={(schema?.type === 'number' ? 'number' : /date|time/.test(schema?.type ?? '') ? 'date' : 'text') as 'text'}
                value={c.value}
                onInput={(e) => setCondition(i, { value: e.currentTarget.value })}
              />
            )}
            <button type="button" aria-label="Remove filter" onClick={() => setConditions(conditions.filter((_, j) => j !== i))}>
              ×
            </button>
          </div>
        );
      })}
      {sorts.map((s, i) => (
        <div class="query-line" key={`s${i}`}>
          <span>Sort by</span>
          <select aria-label="Sort property" value={s.property} onChange={(e) => setSort(i, { property: e.currentTarget.value })}>
            {names.map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
          <select aria-label="Direction" value={s.direction} onChange={(e) => setSort(i, { direction: e.currentTarget.value as SortRule['direction'] })}>
            <option value="ascending">ascending</option>
            <option value="descending">descending</option>
          </select>
          <button type="button" aria-label="Remove sort" onClick={() => setSorts(sorts.filter((_, j) => j !== i))}>
            ×
          </button>
        </div>
      ))}
      <div class="query-buttons">
        {first ? (
          <button type="button" onClick={() => setConditions([...conditions, blankCondition(first)])}>
            + Filter
          </button>
        ) : null}
        <button type="button" onClick={() => setSorts([...sorts, { property: names[0]!, direction: 'ascending' }])}>
          + Sort
        </button>
        <button type="submit">Apply</button>
      </div>
    </form>
  );
}
