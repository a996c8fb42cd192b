import { describe, expect, it } from 'vitest';
import type { Schema } from '../properties/schema.js';
import { defaultTableConfiguration, mergeConfiguration, newConfiguration, presentConfiguration, resolveConfiguration } from './configuration.js';

const schema: Schema = [
  { id: 'title', name: 'Name', description: null, type: 'title', config: {} },
  { id: 'a:b', name: 'Due', description: null, type: 'date', config: {} },
  { id: 'st', name: 'Status', description: null, type: 'select', config: { options: [] } },
];

const message = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  return '';
};

describe('view configurations', () => {
  it('resolve property names to ids, and show ids encoded with their names', () => {
    const stored = resolveConfiguration(
      { type: 'calendar', date_property_id: 'Due', properties: [{ property_id: 'Name', visible: true }] },
      'calendar',
      schema,
    );
    expect(stored).toEqual({ type: 'calendar', date_property_id: 'a:b', properties: [{ property_id: 'title', visible: true }] });
    expect(presentConfiguration(stored, schema)).toEqual({
      type: 'calendar',
      date_property_id: 'a%3Ab',
      date_property_name: 'Due',
      properties: [{ property_id: 'title', property_name: 'Name', visible: true }],
    });
  });

  it('leave out what names a property deleted since', () => {
    const shown = presentConfiguration({ type: 'table', properties: [{ property_id: 'gone' }, { property_id: 'st' }] }, schema);
    expect(shown).toEqual({ type: 'table', properties: [{ property_id: 'st', property_name: 'Status' }] });
  });

  it('refuse a type that is not the view type, the wrong property type, unknown properties and repeats', () => {
    expect(message(() => resolveConfiguration({ type: 'list' }, 'table', schema))).toBe(
      'body failed validation: body.configuration.type should be `"table"`, instead was `"list"`.',
    );
    expect(
      message(() => resolveConfiguration({ type: 'board', group_by: { type: 'select', property_id: 'Due', sort: { type: 'manual' } } }, 'board', schema)),
    ).toBe('body.configuration.group_by.property_id should name a select property, instead was `"Due"` (a date property).');
    expect(message(() => resolveConfiguration({ type: 'table', properties: [{ property_id: 'Nope' }] }, 'table', schema))).toBe(
      'Could not find property with name or id: Nope',
    );
    expect(message(() => resolveConfiguration({ type: 'table', properties: [{ property_id: 'Name' }, { property_id: 'title' }] }, 'table', schema))).toBe(
      'body.configuration.properties names the property title more than once.',
    );
  });

  it('need the required field of each type, on creation and after a merge', () => {
    expect(newConfiguration('table', undefined, schema)).toEqual({ type: 'table' });
    expect(message(() => newConfiguration('timeline', undefined, schema))).toBe(
      'body failed validation: body.configuration should be defined, instead was `undefined`.',
    );
    const stored = newConfiguration('calendar', { type: 'calendar', date_property_id: 'Due', view_range: 'week' }, schema)!;
    expect(mergeConfiguration(stored, { type: 'calendar', view_range: null, show_weekends: true }, 'calendar', schema)).toEqual({
      type: 'calendar',
      date_property_id: 'a:b',
      show_weekends: true,
    });
    expect(message(() => mergeConfiguration(stored, { type: 'calendar', date_property_id: null }, 'calendar', schema))).toBe(
      'body failed validation: body.configuration.date_property_id should be defined, instead was `undefined`.',
    );
  });

  it('list every property, visible, in a default table', () => {
    expect(defaultTableConfiguration(schema)).toEqual({
      type: 'table',
      properties: ['title', 'a:b', 'st'].map((property_id) => ({ property_id, visible: true })),
    });
  });
});
