import { describe, expect, it } from 'vitest';
import { NotionError } from '../errors.js';
import type { Predicate } from '../store/query.js';
import type { PropertySchema, Schema } from './schema.js';
import { compileFilter, compileSorts, dateTest, relativeRange, spanOf, type CompileContext } from './query-compile.js';

const prop = (name: string, type: PropertySchema['type'], config: Record<string, unknown> = {}, id = name.slice(0, 4)): PropertySchema => ({
  id,
  name,
  description: null,
  type,
  config,
});

const related: Schema = [prop('Title', 'title', {}, 'title'), prop('Score', 'number', {}, 'scor'), prop('Made', 'created_time', {}, 'made')];
const schema: Schema = [
  prop('Name', 'title', {}, 'title'),
  prop('Notes', 'rich_text'),
  prop('Count', 'number'),
  prop('Done', 'checkbox'),
  prop('Kind', 'select'),
  prop('Tags', 'multi_select'),
  prop('Due', 'date'),
  prop('Owner', 'people'),
  prop('Created', 'created_time', {}, 'crea'),
  prop('By', 'created_by', {}, 'byby'),
  prop('Calc', 'formula', { expression: '1' }),
  prop('Ref', 'relation', { data_source_id: 'other', type: 'single_property', single_property: {} }, 'refr'),
  prop('Total', 'rollup', { relation_property_id: 'refr', rollup_property_id: 'scor', function: 'sum' }, 'totl'),
  prop('Titles', 'rollup', { relation_property_id: 'refr', rollup_property_id: 'title', function: 'show_original' }, 'ttls'),
  prop('First made', 'rollup', { relation_property_id: 'refr', rollup_property_id: 'made', function: 'earliest_date' }, 'frst'),
];

const NOW = new Date('2024-05-15T13:45:00.000Z'); // a Wednesday

const ctx: CompileContext = {
  dataSourceId: 'ds',
  schema,
  relatedSchema: (id) => (id === 'other' ? related : undefined),
  now: NOW,
  me: ['bot', 'owner'],
};

const compile = (filter: Record<string, unknown>) => compileFilter(ctx, filter);
const has = (propertyId: string, test?: unknown): Predicate => ({ kind: 'has', dataSourceId: 'ds', propertyId, test }) as Predicate;
const iso = (s: string) => new Date(s).toISOString();

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(NotionError);
    return (e as NotionError).message;
  }
  throw new Error('expected a validation error');
}

describe('property lookup', () => {
  it('finds properties by name, id or encoded id', () => {
    expect(compile({ property: 'Count', number: { equals: 1 } })).toEqual(has('Coun', { kind: 'num', op: '=', value: 1 }));
    expect(compile({ property: 'Coun', number: { equals: 1 } })).toEqual(has('Coun', { kind: 'num', op: '=', value: 1 }));
  });

  it('answers Notion messages for an unknown property and a mismatched type', () => {
    expect(messageOf(() => compile({ property: 'Colour', select: { equals: 'red' } }))).toBe('Could not find property with name or id: Colour');
    expect(messageOf(() => compile({ property: 'Count', rich_text: { equals: '1' } }))).toBe(
      'The property type in the database does not match the property type of the filter provided: database property number does not match filter rich_text',
    );
    expect(messageOf(() => compileSorts(ctx, [{ property: 'Colour', direction: 'ascending' }]))).toBe('Could not find sort property with name or id: Colour');
  });

  it('leaves formula conditions to properties/query-formulas.ts', () => {
    expect(messageOf(() => compile({ property: 'Calc', formula: { number: { equals: 1 } } }))).toBe(
      'Conditions on the formula property Calc are not compiled to SQL.',
    );
  });
});

describe('text conditions', () => {
  it('compare lower-cased, literally', () => {
    expect(compile({ property: 'Notes', rich_text: { equals: 'HeLLo' } })).toEqual(has('Note', { kind: 'text', op: 'equals', value: 'hello' }));
    expect(compile({ property: 'Notes', rich_text: { contains: '50%_Off\\' } })).toEqual(has('Note', { kind: 'text', op: 'contains', value: '50%_off\\' }));
    expect(compile({ property: 'Name', title: { starts_with: 'Ab' } })).toEqual(has('title', { kind: 'text', op: 'starts_with', value: 'ab' }));
    expect(compile({ property: 'Name', title: { ends_with: 'Ab' } })).toEqual(has('title', { kind: 'text', op: 'ends_with', value: 'ab' }));
  });

  it('hold for empty values when negative', () => {
    expect(compile({ property: 'Notes', rich_text: { does_not_contain: 'x' } })).toEqual({
      kind: 'not',
      item: has('Note', { kind: 'text', op: 'contains', value: 'x' }),
    });
    expect(compile({ property: 'Notes', rich_text: { is_empty: true } })).toEqual({ kind: 'not', item: has('Note') });
    expect(compile({ property: 'Notes', rich_text: { is_not_empty: true } })).toEqual(has('Note'));
  });

  it('leave an empty value out', () => {
    expect(compile({ property: 'Notes', rich_text: { contains: '' } })).toEqual({ kind: 'const', value: true });
  });
});

describe('other property types', () => {
  it('checkbox: equals and does_not_equal on the checked state', () => {
    const checked = has('Done', { kind: 'num', op: '=', value: 1 });
    expect(compile({ property: 'Done', checkbox: { equals: true } })).toEqual(checked);
    expect(compile({ property: 'Done', checkbox: { does_not_equal: false } })).toEqual(checked);
    expect(compile({ property: 'Done', checkbox: { equals: false } })).toEqual({ kind: 'not', item: checked });
  });

  it('select and multi_select: option names without regard to case, one or any of several', () => {
    expect(compile({ property: 'Kind', select: { equals: 'Red' } })).toEqual(has('Kind', { kind: 'text_in', values: ['red'] }));
    expect(compile({ property: 'Kind', select: { does_not_equal: ['A', 'b'] } })).toEqual({
      kind: 'not',
      item: has('Kind', { kind: 'text_in', values: ['a', 'b'] }),
    });
    expect(compile({ property: 'Tags', multi_select: { contains: 'X' } })).toEqual(has('Tags', { kind: 'text_in', values: ['x'] }));
    expect(compile({ property: 'Kind', select: { equals: [] } })).toEqual({ kind: 'const', value: false });
  });

  it('people: "me" is the integration and its owner', () => {
    expect(compile({ property: 'Owner', people: { contains: 'me' } })).toEqual(has('Owne', { kind: 'id_in', values: ['bot', 'owner'] }));
    expect(compile({ property: 'By', created_by: { does_not_contain: 'me' } })).toEqual({
      kind: 'not',
      item: { kind: 'user', column: 'created_by', ids: ['bot', 'owner'] },
    });
    expect(compile({ property: 'By', created_by: { is_empty: true } })).toEqual({ kind: 'const', value: false });
  });

  it('compounds nest as given', () => {
    const filter = {
      or: [
        { property: 'Done', checkbox: { equals: true } },
        {
          and: [
            { property: 'Count', number: { greater_than: 1 } },
            { property: 'Count', number: { is_not_empty: true } },
          ],
        },
      ],
    };
    expect(compile(filter)).toEqual({
      kind: 'or',
      items: [has('Done', { kind: 'num', op: '=', value: 1 }), { kind: 'and', items: [has('Coun', { kind: 'num', op: '>', value: 1 }), has('Coun')] }],
    });
  });
});

describe('dates', () => {
  it('a date covers its whole UTC day; a date-time one instant', () => {
    expect(spanOf('2024-05-01', NOW, 'x')).toEqual({ from: Date.parse('2024-05-01T00:00:00Z'), to: Date.parse('2024-05-02T00:00:00Z') });
    expect(spanOf('2024-05-01T10:00:00+02:00', NOW, 'x')).toEqual({ from: Date.parse('2024-05-01T08:00:00Z'), to: Date.parse('2024-05-01T08:00:00Z') + 1 });
  });

  it('relative dates are days around now in UTC', () => {
    const day = (s: string) => spanOf(s, NOW, 'x').from;
    expect(day('today')).toBe(Date.parse('2024-05-15T00:00:00Z'));
    expect(day('tomorrow')).toBe(Date.parse('2024-05-16T00:00:00Z'));
    expect(day('yesterday')).toBe(Date.parse('2024-05-14T00:00:00Z'));
    expect(day('one_week_ago')).toBe(Date.parse('2024-05-08T00:00:00Z'));
    expect(day('one_week_from_now')).toBe(Date.parse('2024-05-22T00:00:00Z'));
    expect(day('one_month_ago')).toBe(Date.parse('2024-04-15T00:00:00Z'));
    expect(day('one_month_from_now')).toBe(Date.parse('2024-06-15T00:00:00Z'));
  });

  it('relative ranges include today; weeks start on Sunday', () => {
    const range = (c: string) => {
      const r = relativeRange(c, NOW);
      return [iso(new Date(r.from).toISOString()), new Date(r.to).toISOString()];
    };
    expect(range('this_week')).toEqual(['2024-05-12T00:00:00.000Z', '2024-05-19T00:00:00.000Z']);
    expect(range('past_week')).toEqual(['2024-05-08T00:00:00.000Z', '2024-05-16T00:00:00.000Z']);
    expect(range('past_month')).toEqual(['2024-04-15T00:00:00.000Z', '2024-05-16T00:00:00.000Z']);
    expect(range('past_year')).toEqual(['2023-05-15T00:00:00.000Z', '2024-05-16T00:00:00.000Z']);
    expect(range('next_week')).toEqual(['2024-05-15T00:00:00.000Z', '2024-05-23T00:00:00.000Z']);
    expect(range('next_month')).toEqual(['2024-05-15T00:00:00.000Z', '2024-06-16T00:00:00.000Z']);
    expect(range('next_year')).toEqual(['2024-05-15T00:00:00.000Z', '2025-05-16T00:00:00.000Z']);
  });

  it('conditions are ranges of the start', () => {
    const d = (c: Record<string, unknown>) => dateTest(c, NOW, 'x');
    const day = Date.parse('2024-05-01T00:00:00Z');
    const next = Date.parse('2024-05-02T00:00:00Z');
    expect(d({ equals: '2024-05-01' })).toEqual({ kind: 'range', gte: day, lt: next });
    expect(d({ before: '2024-05-01' })).toEqual({ kind: 'range', lt: day });
    expect(d({ after: '2024-05-01' })).toEqual({ kind: 'range', gte: next });
    expect(d({ on_or_before: '2024-05-01' })).toEqual({ kind: 'range', lt: next });
    expect(d({ on_or_after: '2024-05-01' })).toEqual({ kind: 'range', gte: day });
    expect(d({ is_empty: true })).toEqual({ kind: 'empty', empty: true });
  });

  it('refuses a value that is no date', () => {
    expect(messageOf(() => compile({ property: 'Due', date: { equals: 'soon' } }))).toBe(
      'body failed validation: body.filter.date.equals should be a valid ISO 8601 date string or a relative date such as `"today"`, instead was `"soon"`.',
    );
  });

  it('timestamps compare the minute pages show', () => {
    expect(compile({ timestamp: 'created_time', created_time: { on_or_before: '2024-05-01T10:00:30Z' } })).toEqual({
      kind: 'timestamp',
      column: 'created_time',
      gte: undefined,
      lt: '2024-05-01T10:01:00.000Z',
    });
    expect(compile({ property: 'Created', created_time: { after: '2024-05-01T10:00:00Z' } })).toEqual({
      kind: 'timestamp',
      column: 'created_time',
      gte: '2024-05-01T10:01:00.000Z',
      lt: undefined,
    });
  });

  it('a timestamp filter names no property', () => {
    expect(messageOf(() => compile({ timestamp: 'created_time', property: 'Created', created_time: { past_week: {} } }))).toBe(
      'body failed validation: body.filter.property should be not present, instead was `"Created"`.',
    );
    expect(messageOf(() => compile({ created_time: { past_week: {} } }))).toBe(
      'body failed validation: body.filter.property should be defined, instead was `undefined`.',
    );
  });
});

describe('rollups', () => {
  it('any/every/none test the related pages with the condition of the rolled-up type', () => {
    expect(compile({ property: 'Titles', rollup: { any: { rich_text: { contains: 'a' } } } })).toEqual({
      kind: 'related',
      mode: 'any',
      dataSourceId: 'ds',
      relationId: 'refr',
      item: { kind: 'has', dataSourceId: 'other', propertyId: 'title', test: { kind: 'text', op: 'contains', value: 'a' } },
    });
    expect(messageOf(() => compile({ property: 'Titles', rollup: { every: { number: { equals: 1 } } } }))).toBe(
      'The property type in the database does not match the property type of the filter provided: database property rich_text does not match filter number',
    );
  });

  it('number and date forms test the rollup result', () => {
    expect(compile({ property: 'Total', rollup: { number: { greater_than: 5 } } })).toEqual({
      kind: 'aggregate',
      aggregate: { relationId: 'refr', fn: 'sum', target: { kind: 'values', propertyId: 'scor', type: 'number' } },
      test: { kind: 'num', op: '>', value: 5 },
    });
    expect(compile({ property: 'First made', rollup: { date: { before: '2024-01-01' } } })).toEqual({
      kind: 'aggregate',
      aggregate: { relationId: 'refr', fn: 'earliest_date', target: { kind: 'column', column: 'created_time' } },
      test: { kind: 'range', gte: undefined, lt: '2024-01-01T00:00:00.000Z' },
    });
    expect(messageOf(() => compile({ property: 'Titles', rollup: { number: { equals: 1 } } }))).toBe(
      'The property type in the database does not match the property type of the filter provided: database property rollup (array) does not match filter number',
    );
  });
});

describe('sorts', () => {
  it('sort on the indexed column of each type, timestamps on the page', () => {
    expect(
      compileSorts(ctx, [
        { property: 'Name', direction: 'ascending' },
        { timestamp: 'last_edited_time', direction: 'descending' },
      ]),
    ).toEqual([
      { expression: { kind: 'value', propertyId: 'title', field: 'txt_lower' }, direction: 'ascending' },
      { expression: { kind: 'column', column: 'last_edited_time' }, direction: 'descending' },
    ]);
    expect(compileSorts(ctx, [{ property: 'Kind', direction: 'ascending' }])[0]!.expression).toEqual({ kind: 'value', propertyId: 'Kind', field: 'num' });
    expect(compileSorts(ctx, [{ property: 'Due', direction: 'ascending' }])[0]!.expression).toEqual({ kind: 'value', propertyId: 'Due', field: 'date_start' });
    expect(compileSorts(ctx, [{ property: 'Titles', direction: 'ascending' }])[0]!.expression).toEqual({ kind: 'none' });
  });
});
