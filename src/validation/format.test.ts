import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { Strict, Uuid } from '../schemas/common.js';
import { formatIssue, formatIssueLine, joinAlternatives, renderValue } from './format.js';
import { validate } from './validate.js';

describe('renderValue', () => {
  it.each([
    ['undefined', undefined, '`undefined`'],
    ['null', null, '`null`'],
    ['a string, as JSON', 'red', '`"red"`'],
    ['a string with quotes, escaped', 'say "hi"', '`"say \\"hi\\""`'],
    ['an empty string', '', '`""`'],
    ['a number', 101, '`101`'],
    ['a negative decimal', -1.5, '`-1.5`'],
    ['a boolean', true, '`true`'],
    ['an object, as compact JSON', { type: 'end', n: 1 }, '`{"type":"end","n":1}`'],
    ['an empty object', {}, '`{}`'],
    ['an empty array', [], '`[]`'],
    ['an array, abbreviated', [1, 2], '`[...]`'],
    ['an array of objects, abbreviated', [{ paragraph: {} }], '`[...]`'],
  ])('renders %s', (_name, value, rendered) => {
    expect(renderValue(value)).toBe(rendered);
  });

  it('keeps a value of exactly 100 characters of JSON whole', () => {
    const value = 'x'.repeat(98);
    expect(renderValue(value)).toBe(`\`"${value}"\``);
  });

  it('truncates longer JSON to its first 100 characters and an ellipsis', () => {
    const value = 'x'.repeat(99);
    expect(renderValue(value)).toBe(`\`"${'x'.repeat(99)}...\``);
    expect(renderValue('y'.repeat(5000))).toBe(`\`"${'y'.repeat(99)}...\``);
  });

  it('truncates a long object the same way', () => {
    const rendered = renderValue({ content: 'z'.repeat(200) });
    expect(rendered).toBe(`\`{"content":"${'z'.repeat(88)}...\``);
  });
});

describe('joinAlternatives', () => {
  it.each([
    [[], ''],
    [['a'], 'a'],
    [['a', 'b'], 'a or b'],
    [['a', 'b', 'c'], 'a, b, or c'],
    [['a', 'b', 'c', 'd'], 'a, b, c, or d'],
  ])('joins %j as %j', (items, joined) => {
    expect(joinAlternatives(items)).toBe(joined);
  });

  it('joins the Notion-Version values the way Notion lists them', () => {
    const versions = ['2021-05-11', '2022-06-28', '2026-03-11'].map((v) => `\`"${v}"\``);
    expect(joinAlternatives(versions)).toBe('`"2021-05-11"`, `"2022-06-28"`, or `"2026-03-11"`');
  });
});

describe('formatIssueLine', () => {
  it('required', () => {
    expect(formatIssueLine({ kind: 'required', path: 'body.parent.page_id' })).toBe('body.parent.page_id should be defined, instead was `undefined`.');
  });

  it('not present', () => {
    expect(formatIssueLine({ kind: 'not_present', path: 'body.colour', value: 'red' })).toBe('body.colour should be not present, instead was `"red"`.');
  });

  it('not present, with an array value', () => {
    expect(
      formatIssueLine({
        kind: 'not_present',
        path: 'body.children[0].toggle.children[0].toggle.children[0].toggle.children',
        value: [{ paragraph: {} }],
      }),
    ).toBe('body.children[0].toggle.children[0].toggle.children[0].toggle.children should be not present, instead was `[...]`.');
  });

  it('expected, one alternative', () => {
    expect(formatIssueLine({ kind: 'expected', path: 'body.parent.database_id', expected: ['a valid uuid'], value: 'DATABASE_ID' })).toBe(
      'body.parent.database_id should be a valid uuid, instead was `"DATABASE_ID"`.',
    );
  });

  it('expected, two alternatives', () => {
    expect(formatIssueLine({ kind: 'expected', path: 'query.page_size', expected: ['≤ `100`', '`undefined`'], value: 101 })).toBe(
      'query.page_size should be ≤ `100` or `undefined`, instead was `101`.',
    );
  });

  it('expected, three alternatives', () => {
    expect(formatIssueLine({ kind: 'expected', path: 'body.icon', expected: ['an object', '`null`', '`undefined`'], value: 'x' })).toBe(
      'body.icon should be an object, `null`, or `undefined`, instead was `"x"`.',
    );
  });

  it('length, at most', () => {
    expect(formatIssueLine({ kind: 'length', path: 'body.children.length', op: '≤', limit: 100, actual: 101 })).toBe(
      'body.children.length should be ≤ `100`, instead was `101`.',
    );
  });

  it('length, at least', () => {
    expect(formatIssueLine({ kind: 'length', path: 'body.file.name.length', op: '≥', limit: 1, actual: 0 })).toBe(
      'body.file.name.length should be ≥ `1`, instead was `0`.',
    );
  });
});

describe('formatIssue', () => {
  it('prefixes a single failure with its location and a colon', () => {
    expect(formatIssue('body', { kind: 'required', path: 'body.children' })).toBe(
      'body failed validation: body.children should be defined, instead was `undefined`.',
    );
    expect(formatIssue('path', { kind: 'expected', path: 'path.page_id', expected: ['a valid uuid'], value: 'x' })).toBe(
      'path failed validation: path.page_id should be a valid uuid, instead was `"x"`.',
    );
    expect(formatIssue('query', { kind: 'expected', path: 'query.start_cursor', expected: ['a valid uuid', '`undefined`'], value: 'bogus' })).toBe(
      'query failed validation: query.start_cursor should be a valid uuid or `undefined`, instead was `"bogus"`.',
    );
  });

  it('renders a union as "Fix one:" with one line per alternative', () => {
    expect(
      formatIssue('body', {
        kind: 'union',
        options: [
          { kind: 'required', path: 'body.parent.page_id' },
          { kind: 'expected', path: 'body.parent.database_id', expected: ['a valid uuid'], value: 'DATABASE_ID' },
          { kind: 'required', path: 'body.parent.data_source_id' },
          { kind: 'required', path: 'body.parent.workspace' },
        ],
      }),
    ).toBe(
      [
        'body failed validation. Fix one:',
        'body.parent.page_id should be defined, instead was `undefined`.',
        'body.parent.database_id should be a valid uuid, instead was `"DATABASE_ID"`.',
        'body.parent.data_source_id should be defined, instead was `undefined`.',
        'body.parent.workspace should be defined, instead was `undefined`.',
      ].join('\n'),
    );
  });

  it('leaves out a nested union it is given rather than printing an empty line', () => {
    expect(
      formatIssue('body', {
        kind: 'union',
        options: [
          { kind: 'required', path: 'body.a' },
          { kind: 'union', options: [{ kind: 'required', path: 'body.b' }] },
          { kind: 'required', path: 'body.c' },
        ],
      }),
    ).toBe('body failed validation. Fix one:\nbody.a should be defined, instead was `undefined`.\nbody.c should be defined, instead was `undefined`.');
  });

  it('renders what the validator reports, end to end', () => {
    const schema = Strict({
      parent: Type.Union([Strict({ page_id: Uuid }), Strict({ workspace: Type.Literal(true) })]),
      position: Type.Optional(Type.Union([Strict({ type: Type.Literal('end') }), Strict({ type: Type.Literal('start') })])),
    });
    const message = (value: unknown): string => {
      const result = validate(schema, value, 'body');
      if (result.ok) throw new Error('expected a failure');
      return formatIssue('body', result.issue);
    };
    expect(message({ parent: { page_id: 'nope' } })).toBe(
      'body failed validation. Fix one:\nbody.parent.page_id should be a valid uuid, instead was `"nope"`.\nbody.parent.workspace should be defined, instead was `undefined`.',
    );
    expect(message({ parent: { workspace: true }, position: { type: 'middle' } })).toBe(
      'body failed validation: body.position.type should be `"end"` or `"start"`, instead was `"middle"`.',
    );
    expect(message({ parent: { workspace: true }, colour: 'red' })).toBe('body failed validation: body.colour should be not present, instead was `"red"`.');
  });
});
