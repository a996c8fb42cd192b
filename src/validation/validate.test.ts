import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { Enum, Nullable, Strict, Uuid } from '../schemas/common.js';
import { parseUuid } from './validate.js';
import { DASHED, DASHLESS, issueOf, valueOf } from './test-support.js';

describe('parseUuid', () => {
  it('keeps a dashed id as given', () => {
    expect(parseUuid(DASHED)).toBe(DASHED);
  });

  it('accepts a dashed upper-case id without folding it (Notion answers 404 for it, not 400)', () => {
    expect(parseUuid(DASHED.toUpperCase())).toBe(DASHED.toUpperCase());
  });

  it('adds the dashes to a dashless lower-case id', () => {
    expect(parseUuid(DASHLESS)).toBe(DASHED);
  });

  it('does not recognise a dashless upper-case id', () => {
    expect(parseUuid(DASHLESS.toUpperCase())).toBeUndefined();
  });

  it.each([
    ['empty', ''],
    ['too short', DASHLESS.slice(1)],
    ['too long', `${DASHLESS}0`],
    ['not hex', DASHLESS.replace('5', 'g')],
    ['dashes misplaced', '5b5c4ea10-f7f-4a0b-9a8c-0d7f1d5e4a11'],
    ['surrounding space', ` ${DASHED}`],
    ['braces', `{${DASHED}}`],
  ])('rejects %s', (_name, value) => {
    expect(parseUuid(value)).toBeUndefined();
  });
});

describe('validate: required and optional', () => {
  const schema = Strict({ a: Type.String(), b: Type.Optional(Type.String()) });

  it('reports a missing required key at its path', () => {
    expect(issueOf(schema, { b: 'x' })).toEqual({ kind: 'required', path: 'body.a' });
  });

  it('reports an explicit undefined like a missing key', () => {
    expect(issueOf(schema, { a: undefined })).toEqual({ kind: 'required', path: 'body.a' });
  });

  it('reports a missing root value with the root name as path', () => {
    expect(issueOf(schema, undefined, 'query')).toEqual({ kind: 'required', path: 'query' });
  });

  it('lets an optional key be absent', () => {
    expect(valueOf(schema, { a: 'x' })).toEqual({ a: 'x' });
  });

  it('checks the type of a present optional key and offers `undefined`', () => {
    expect(issueOf(schema, { a: 'x', b: 42 })).toEqual({
      kind: 'expected',
      path: 'body.b',
      expected: ['a string', '`undefined`'],
      value: 42,
    });
  });

  it('does not offer `undefined` for a required key of the wrong type', () => {
    expect(issueOf(schema, { a: 42 })).toEqual({ kind: 'expected', path: 'body.a', expected: ['a string'], value: 42 });
  });

  it('reports only the first failure, in schema order', () => {
    const two = Strict({ first: Type.String(), second: Type.String() });
    expect(issueOf(two, { first: 1, second: 2 })).toMatchObject({ path: 'body.first' });
    expect(issueOf(two, { second: 2 })).toEqual({ kind: 'required', path: 'body.first' });
  });
});

describe('validate: unknown keys', () => {
  const strict = Strict({ a: Type.Optional(Type.String()) });

  it('reports an unknown key of a closed object as not present, with its value', () => {
    expect(issueOf(strict, { colour: 'red' })).toEqual({ kind: 'not_present', path: 'body.colour', value: 'red' });
  });

  it('treats an unknown key set to undefined as absent', () => {
    expect(valueOf(strict, { colour: undefined })).toEqual({ colour: undefined });
  });

  it('checks declared keys before unknown ones', () => {
    expect(issueOf(strict, { colour: 'red', a: 1 })).toMatchObject({ kind: 'expected', path: 'body.a' });
  });

  it('lets an open object carry unknown keys', () => {
    const open = Type.Object({ a: Type.Optional(Type.String()) });
    expect(valueOf(open, { colour: 'red' })).toEqual({ colour: 'red' });
  });

  it('checks unknown keys against an additionalProperties schema, names inserted raw', () => {
    const map = Type.Object({}, { additionalProperties: Strict({ title: Type.String() }) });
    expect(valueOf(map, { Name: { title: 'x' } })).toEqual({ Name: { title: 'x' } });
    expect(issueOf(map, { 'Project type': { title: 1 } })).toEqual({
      kind: 'expected',
      path: 'body.Project type.title',
      expected: ['a string'],
      value: 1,
    });
  });
});

describe('validate: scalar types', () => {
  it.each([
    ['a string', Type.String(), 1],
    ['a boolean', Type.Boolean(), 'true'],
    ['a number', Type.Number(), '10'],
    ['an integer', Type.Integer(), 1.5],
    ['`null`', Type.Null(), 0],
    ['an array', Type.Array(Type.String()), 'x'],
    ['an object', Type.Object({}), [1]],
  ])('expects %s', (what, schema, value) => {
    expect(issueOf(Strict({ x: schema }), { x: value })).toEqual({ kind: 'expected', path: 'body.x', expected: [what], value });
  });

  it('does not take null for an object', () => {
    expect(issueOf(Strict({ x: Type.Object({}) }), { x: null })).toMatchObject({ expected: ['an object'], value: null });
  });

  it.each([NaN, Infinity, -Infinity])('does not take %s for a number', (value) => {
    expect(issueOf(Type.Number(), value)).toMatchObject({ kind: 'expected', expected: ['a number'] });
  });

  it('takes an integral number for an integer', () => {
    expect(valueOf(Type.Integer(), 3)).toBe(3);
  });

  it('compares a literal by value', () => {
    const schema = Strict({ workspace: Type.Literal(true) });
    expect(valueOf(schema, { workspace: true })).toEqual({ workspace: true });
    expect(issueOf(schema, { workspace: 'true' })).toEqual({
      kind: 'expected',
      path: 'body.workspace',
      expected: ['`true`'],
      value: 'true',
    });
  });

  it('quotes a string literal as JSON', () => {
    expect(issueOf(Type.Literal('page'), 'block')).toMatchObject({ expected: ['`"page"`'] });
  });
});

describe('validate: number bounds', () => {
  const query = Strict({ page_size: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })) });

  it('reports a number above the maximum as `≤ limit`', () => {
    expect(issueOf(query, { page_size: 101 }, 'query')).toEqual({
      kind: 'expected',
      path: 'query.page_size',
      expected: ['≤ `100`', '`undefined`'],
      value: 101,
    });
  });

  it('reports a number below the minimum as `≥ limit`', () => {
    expect(issueOf(query, { page_size: -1 }, 'query')).toMatchObject({ expected: ['≥ `0`', '`undefined`'], value: -1 });
  });

  it('takes both bounds inclusively', () => {
    expect(valueOf(query, { page_size: 100 })).toEqual({ page_size: 100 });
    expect(valueOf(query, { page_size: 0 })).toEqual({ page_size: 0 });
  });

  it('checks the type before the bounds', () => {
    expect(issueOf(query, { page_size: 'ten' }, 'query')).toMatchObject({ expected: ['a number', '`undefined`'] });
  });
});

describe('validate: lengths', () => {
  it('reports a string above maxLength on `.length`, in UTF-16 code units', () => {
    const schema = Strict({ content: Type.String({ maxLength: 2000 }) });
    expect(valueOf(schema, { content: 'x'.repeat(2000) })).toEqual({ content: 'x'.repeat(2000) });
    expect(issueOf(schema, { content: 'x'.repeat(2001) })).toEqual({
      kind: 'length',
      path: 'body.content.length',
      op: '≤',
      limit: 2000,
      actual: 2001,
    });
    // One emoji outside the BMP is two code units.
    expect(issueOf(schema, { content: `${'x'.repeat(1999)}😀` })).toMatchObject({ actual: 2001 });
  });

  it('reports a string below minLength as `≥`', () => {
    const schema = Strict({ name: Type.String({ minLength: 1, maxLength: 100 }) });
    expect(issueOf(schema, { name: '' })).toEqual({ kind: 'length', path: 'body.name.length', op: '≥', limit: 1, actual: 0 });
  });

  it('reports an array above maxItems on `.length`', () => {
    const schema = Strict({ children: Type.Array(Type.Number(), { maxItems: 100 }) });
    expect(valueOf(schema, { children: new Array(100).fill(1) })).toMatchObject({ children: { length: 100 } });
    expect(issueOf(schema, { children: new Array(101).fill(1) })).toEqual({
      kind: 'length',
      path: 'body.children.length',
      op: '≤',
      limit: 100,
      actual: 101,
    });
  });

  it('reports an array below minItems as `≥`', () => {
    const schema = Strict({ children: Type.Array(Type.Number(), { minItems: 2 }) });
    expect(issueOf(schema, { children: [1] })).toEqual({ kind: 'length', path: 'body.children.length', op: '≥', limit: 2, actual: 1 });
  });

  it('checks the length of an array before its items', () => {
    const schema = Type.Array(Type.String(), { maxItems: 1 });
    expect(issueOf(schema, [1, 2])).toMatchObject({ kind: 'length' });
  });

  it('names an item by its index', () => {
    const schema = Strict({ rich_text: Type.Array(Strict({ text: Type.String() })) });
    expect(issueOf(schema, { rich_text: [{ text: 'a' }, { text: 'b' }, {}] })).toEqual({ kind: 'required', path: 'body.rich_text[2].text' });
  });
});

describe('validate: patterns', () => {
  it('says what a patterned string should be', () => {
    const schema = Type.String({ pattern: '^#[0-9a-f]{6}$', 'x-expected': 'a hex color' });
    expect(valueOf(schema, '#00ff00')).toBe('#00ff00');
    expect(issueOf(schema, 'green')).toEqual({ kind: 'expected', path: 'body', expected: ['a hex color'], value: 'green' });
  });

  it('falls back to "a string" without x-expected', () => {
    expect(issueOf(Type.String({ pattern: '^a+$' }), 'b')).toMatchObject({ expected: ['a string'] });
  });
});

describe('validate: uuids', () => {
  const params = Strict({ page_id: Uuid });

  it('takes a dashed lower-case id as is', () => {
    expect(valueOf(params, { page_id: DASHED }, 'path')).toEqual({ page_id: DASHED });
  });

  it('normalizes a dashless lower-case id to the dashed form', () => {
    expect(valueOf(params, { page_id: DASHLESS }, 'path')).toEqual({ page_id: DASHED });
  });

  it('takes a dashed upper-case id but does not fold its case', () => {
    expect(valueOf(params, { page_id: DASHED.toUpperCase() }, 'path')).toEqual({ page_id: DASHED.toUpperCase() });
  });

  it('rejects a dashless upper-case id', () => {
    const value = DASHLESS.toUpperCase();
    expect(issueOf(params, { page_id: value }, 'path')).toEqual({ kind: 'expected', path: 'path.page_id', expected: ['a valid uuid'], value });
  });

  it('rejects a string that is not an id', () => {
    expect(issueOf(params, { page_id: 'not-an-id' }, 'path')).toMatchObject({ expected: ['a valid uuid'], value: 'not-an-id' });
  });

  it('says "a valid uuid" for a value that is not a string', () => {
    expect(issueOf(params, { page_id: 42 }, 'path')).toMatchObject({ expected: ['a valid uuid'], value: 42 });
  });

  it('offers `undefined` for an optional id', () => {
    const query = Strict({ start_cursor: Type.Optional(Uuid) });
    expect(issueOf(query, { start_cursor: 'bogus' }, 'query')).toEqual({
      kind: 'expected',
      path: 'query.start_cursor',
      expected: ['a valid uuid', '`undefined`'],
      value: 'bogus',
    });
  });

  it('normalizes ids inside nested objects and arrays, in place', () => {
    const schema = Strict({ ids: Type.Array(Strict({ id: Uuid })), after: Type.Optional(Uuid) });
    const body = { ids: [{ id: DASHLESS }, { id: DASHED }], after: DASHLESS };
    expect(valueOf(schema, body)).toEqual({ ids: [{ id: DASHED }, { id: DASHED }], after: DASHED });
    expect(body.ids[0]!.id).toBe(DASHED);
  });
});

describe('validate: enumerations and nullables', () => {
  const color = Strict({ color: Type.Optional(Enum(['default', 'gray', 'red'] as const)) });

  it('lists the values of an enumeration, then `undefined` when optional', () => {
    expect(issueOf(color, { color: 'chartreuse' })).toEqual({
      kind: 'expected',
      path: 'body.color',
      expected: ['`"default"`', '`"gray"`', '`"red"`', '`undefined`'],
      value: 'chartreuse',
    });
  });

  it('takes a value of the enumeration', () => {
    expect(valueOf(color, { color: 'gray' })).toEqual({ color: 'gray' });
  });

  it('does not take null for a non-nullable enumeration', () => {
    expect(issueOf(color, { color: null })).toMatchObject({ path: 'body.color', value: null });
  });

  it('adds `null` before `undefined` for a nullable enumeration', () => {
    const schema = Strict({ v: Type.Optional(Nullable(Type.Union([Type.Literal('a'), Type.Literal('b')]))) });
    expect(valueOf(schema, { v: null })).toEqual({ v: null });
    expect(issueOf(schema, { v: 'c' })).toMatchObject({ expected: ['`"a"`', '`"b"`', '`null`', '`undefined`'] });
  });

  it('takes null for a nullable value and says so when the value is wrong', () => {
    const schema = Strict({ url: Type.Optional(Nullable(Type.String())) });
    expect(valueOf(schema, { url: null })).toEqual({ url: null });
    expect(issueOf(schema, { url: 42 })).toEqual({
      kind: 'expected',
      path: 'body.url',
      expected: ['a string', '`null`', '`undefined`'],
      value: 42,
    });
  });

  it('does not offer `undefined` for a required nullable value', () => {
    const schema = Strict({ synced_from: Nullable(Strict({ block_id: Uuid })) });
    expect(issueOf(schema, { synced_from: 'x' })).toMatchObject({ expected: ['an object', '`null`'] });
    expect(issueOf(schema, {})).toEqual({ kind: 'required', path: 'body.synced_from' });
  });

  it('reports a failure inside a nullable object at its own path', () => {
    const schema = Strict({ link: Type.Optional(Nullable(Strict({ url: Type.String() }))) });
    expect(issueOf(schema, { link: {} })).toEqual({ kind: 'required', path: 'body.link.url' });
  });
});

describe('validate: a schema walked again', () => {
  // What a walk learns of a schema (its properties, patterns, alternatives) is kept per schema
  // node; each value is still judged on its own.
  const schema = Strict({
    name: Type.String({ pattern: '^[a-z]+$' }),
    note: Type.Optional(Type.String()),
    parent: Type.Union([Strict({ page_id: Uuid }), Strict({ database_id: Uuid })]),
    tags: Type.Optional(Type.Record(Type.String({ pattern: '^t' }), Type.Number(), { additionalProperties: false })),
  });

  it('judges each value by itself, whatever came before', () => {
    const good = { name: 'abc', parent: { page_id: DASHLESS }, tags: { t1: 1 } };
    for (let round = 0; round < 3; round++) {
      expect(valueOf(schema, structuredClone(good))).toEqual({ ...good, parent: { page_id: DASHED } });
      expect(issueOf(schema, { name: 'ABC', parent: { page_id: DASHED } })).toEqual({
        kind: 'expected',
        path: 'body.name',
        expected: ['a string'],
        value: 'ABC',
      });
      expect(issueOf(schema, { name: 'abc', note: 1, parent: { page_id: DASHED } })).toMatchObject({
        path: 'body.note',
        expected: ['a string', '`undefined`'],
      });
      expect(issueOf(schema, { name: 'abc', parent: { database_id: 'x' } })).toMatchObject({ kind: 'union' });
      expect(issueOf(schema, { name: 'abc', parent: { page_id: DASHED }, tags: { t1: 'x' } })).toMatchObject({ path: 'body.tags.t1' });
      expect(issueOf(schema, { name: 'abc', parent: { page_id: DASHED }, tags: { x: 1 } })).toMatchObject({ kind: 'not_present', path: 'body.tags.x' });
    }
  });
});
