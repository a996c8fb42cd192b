import { describe, expect, it } from 'vitest';
import { addMonths, instantOf } from './instants.js';
import type { PropertySchema } from './schema.js';
import { pageValueRows, valueCells } from './value-index.js';

const prop = (type: PropertySchema['type'], config: Record<string, unknown> = {}, id = 'p'): PropertySchema => ({
  id,
  name: id,
  description: null,
  type,
  config,
});
const CREATED = '2024-01-01T00:00:00.000Z';
const item = (plain_text: string) => ({ type: 'text', text: { content: plain_text, link: null }, annotations: {}, plain_text, href: null });
const options = {
  options: [
    { id: 'o1', name: 'First', color: 'red' },
    { id: 'o2', name: 'Second', color: 'blue' },
  ],
};

describe('instants', () => {
  it('reads dates as midnight UTC and date-times without an offset in UTC', () => {
    expect(instantOf('2024-05-01')).toBe(Date.parse('2024-05-01T00:00:00Z'));
    expect(instantOf('2024-05-01T10:30')).toBe(Date.parse('2024-05-01T10:30:00Z'));
    expect(instantOf('2024-05-01T10:30:00+02:00')).toBe(Date.parse('2024-05-01T08:30:00Z'));
    expect(instantOf('not a date')).toBeUndefined();
  });

  it('applies a time zone to a date-time without an offset, across daylight saving changes', () => {
    expect(instantOf('2024-01-15T09:00:00', 'America/New_York')).toBe(Date.parse('2024-01-15T14:00:00Z'));
    expect(instantOf('2024-07-15T09:00:00', 'America/New_York')).toBe(Date.parse('2024-07-15T13:00:00Z'));
    expect(instantOf('2024-07-15T09:00:00', 'Asia/Kolkata')).toBe(Date.parse('2024-07-15T03:30:00Z'));
    // An offset given in the value wins over the zone.
    expect(instantOf('2024-07-15T09:00:00Z', 'America/New_York')).toBe(Date.parse('2024-07-15T09:00:00Z'));
  });

  it('moves by calendar months, clamping the day', () => {
    expect(new Date(addMonths(Date.parse('2024-03-31T00:00:00Z'), -1)).toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(new Date(addMonths(Date.parse('2024-12-15T00:00:00Z'), 1)).toISOString()).toBe('2025-01-15T00:00:00.000Z');
  });
});

describe('value index rows', () => {
  it('indexes text as plain text, lower-cased beside it', () => {
    const rows = pageValueRows([prop('title', {}, 'title')], 'ds', {
      id: 'page',
      created_time: CREATED,
      properties: JSON.stringify({ title: [item('Héllo '), item('WÖRLD')] }),
    });
    expect(rows).toEqual([
      {
        page_id: 'page',
        data_source_id: 'ds',
        property_id: 'title',
        seq: 0,
        txt: 'Héllo WÖRLD',
        txt_lower: 'héllo wörld',
        num: null,
        date_start: null,
        date_end: null,
        date_only: null,
        page_created: CREATED,
      },
    ]);
  });

  it('leaves empty values out, except checkboxes, which always have a row', () => {
    expect(valueCells(prop('rich_text'), [])).toEqual([]);
    expect(valueCells(prop('url'), null)).toEqual([]);
    expect(valueCells(prop('number'), null)).toEqual([]);
    expect(valueCells(prop('date'), null)).toEqual([]);
    expect(valueCells(prop('multi_select', options), [])).toEqual([]);
    expect(valueCells(prop('checkbox'), undefined)).toEqual([{ num: 0 }]);
    expect(valueCells(prop('checkbox'), true)).toEqual([{ num: 1 }]);
  });

  it('indexes options by name, with their place among the options', () => {
    expect(valueCells(prop('select', options), 'o2')).toEqual([{ txt: 'Second', num: 1 }]);
    expect(valueCells(prop('status', options), 'o1')).toEqual([{ txt: 'First', num: 0 }]);
    expect(valueCells(prop('multi_select', options), ['o2', 'o1', 'gone'])).toEqual([
      { txt: 'Second', num: 1 },
      { txt: 'First', num: 0 },
    ]);
  });

  it('indexes one row per person, related page and file', () => {
    expect(valueCells(prop('people'), ['u1', 'u2'])).toEqual([{ txt: 'u1' }, { txt: 'u2' }]);
    expect(valueCells(prop('relation'), ['p1'])).toEqual([{ txt: 'p1' }]);
    expect(valueCells(prop('files'), [{ name: 'a.pdf', type: 'external', external: { url: 'https://x' } }])).toEqual([{ txt: 'a.pdf' }]);
    const rows = pageValueRows([prop('people', {}, 'ppl')], 'ds', { id: 'page', created_time: CREATED, properties: JSON.stringify({ ppl: ['u1', 'u2'] }) });
    expect(rows.map((r) => [r.seq, r.txt])).toEqual([
      [0, 'u1'],
      [1, 'u2'],
    ]);
  });

  it('indexes dates as UTC instants, with the time zone applied', () => {
    expect(valueCells(prop('date'), { start: '2024-05-01', end: '2024-05-03', time_zone: null })).toEqual([
      { date_start: '2024-05-01T00:00:00.000Z', date_end: '2024-05-03T00:00:00.000Z', date_only: 1 },
    ]);
    expect(valueCells(prop('date'), { start: '2024-05-01T22:00:00', end: null, time_zone: 'America/Los_Angeles' })).toEqual([
      { date_start: '2024-05-02T05:00:00.000Z', date_end: null, date_only: 0 },
    ]);
  });

  it('indexes numbers and unique ids; generated values have no rows', () => {
    expect(valueCells(prop('number'), 2.5)).toEqual([{ num: 2.5 }]);
    expect(valueCells(prop('unique_id'), 7)).toEqual([{ num: 7 }]);
    for (const type of ['formula', 'rollup', 'created_time', 'created_by', 'last_edited_time', 'last_edited_by', 'button'] as const) {
      expect(valueCells(prop(type), 'anything')).toEqual([]);
    }
  });

  it('indexes a verified page with its expiry; an unverified one has no row', () => {
    expect(
      valueCells(prop('verification'), {
        state: 'verified',
        verified_by: 'u',
        date: { start: '2024-01-01T00:00:00Z', end: '2024-02-01T00:00:00Z', time_zone: null },
      }),
    ).toEqual([{ txt: 'verified', date_start: '2024-01-01T00:00:00.000Z', date_end: '2024-02-01T00:00:00.000Z', date_only: 0 }]);
    expect(valueCells(prop('verification'), { state: 'unverified', verified_by: null, date: null })).toEqual([]);
  });

  it('limits the rows to the properties asked for', () => {
    const schema = [prop('number', {}, 'a'), prop('number', {}, 'b')];
    const rows = pageValueRows(schema, 'ds', { id: 'page', created_time: CREATED, properties: JSON.stringify({ a: 1, b: 2 }) }, new Set(['b']));
    expect(rows.map((r) => [r.property_id, r.num])).toEqual([['b', 2]]);
  });
});
