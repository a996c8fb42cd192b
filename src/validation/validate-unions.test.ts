// validate() on unions: every alternative listed ("Fix one:"), or the one a keyed union names.
import { Type, type TSchema } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { Keyed, Nullable, Strict, Uuid } from '../schemas/common.js';
import { DASHED, DASHLESS, issueOf, valueOf } from './test-support.js';

// The page parent, as Notion lists its alternatives.
const Parent = Type.Union([
  Strict({ type: Type.Optional(Type.Literal('page_id')), page_id: Uuid }),
  Strict({ type: Type.Optional(Type.Literal('database_id')), database_id: Uuid }),
  Strict({ type: Type.Optional(Type.Literal('workspace')), workspace: Type.Literal(true) }),
]);

describe('validate: unions in list mode', () => {
  const body = Strict({ parent: Parent });

  it('passes with the first alternative that fits, normalized', () => {
    expect(valueOf(body, { parent: { database_id: DASHLESS } })).toEqual({ parent: { database_id: DASHED } });
  });

  it('lists the first failure of every alternative, in schema order', () => {
    expect(issueOf(body, { parent: { database_id: 'DATABASE_ID' } })).toEqual({
      kind: 'union',
      options: [
        { kind: 'required', path: 'body.parent.page_id' },
        { kind: 'expected', path: 'body.parent.database_id', expected: ['a valid uuid'], value: 'DATABASE_ID' },
        { kind: 'required', path: 'body.parent.workspace' },
      ],
    });
  });

  it('reports a missing union as required, not per alternative', () => {
    expect(issueOf(body, {})).toEqual({ kind: 'required', path: 'body.parent' });
  });

  it('reports a value that is no object once for a union of objects', () => {
    expect(issueOf(body, { parent: 'x' })).toEqual({ kind: 'expected', path: 'body.parent', expected: ['an object'], value: 'x' });
    const optional = Strict({ parent: Type.Optional(Nullable(Parent)) });
    expect(issueOf(optional, { parent: [] })).toMatchObject({ expected: ['an object', '`null`', '`undefined`'] });
    expect(valueOf(optional, { parent: null })).toEqual({ parent: null });
  });

  it('flattens nested unions into one list', () => {
    const nested = Type.Union([Type.Union([Strict({ a: Type.String() }), Strict({ b: Type.String() })]), Strict({ c: Type.String() })]);
    expect(issueOf(nested, { d: 1 })).toEqual({
      kind: 'union',
      options: [
        { kind: 'required', path: 'body.a' },
        { kind: 'required', path: 'body.b' },
        { kind: 'required', path: 'body.c' },
      ],
    });
  });

  it('merges alternatives that all reject the same value into one enumeration', () => {
    const position = Type.Union([
      Strict({ type: Type.Literal('end') }),
      Strict({ type: Type.Literal('start') }),
      Strict({ type: Type.Optional(Type.Literal('after_block')), after_block: Strict({ id: Uuid }) }),
    ]);
    expect(issueOf(Strict({ position }), { position: { type: 'middle' } })).toEqual({
      kind: 'expected',
      path: 'body.position.type',
      expected: ['`"end"`', '`"start"`', '`"after_block"`', '`undefined`'],
      value: 'middle',
    });
  });

  it('checks an object or an array only against the one alternative of its kind', () => {
    const title = Type.Union([Type.Array(Type.String()), Strict({ title: Type.Array(Type.String()) })]);
    expect(issueOf(title, { title: 'x' }, 'body.properties.title')).toEqual({
      kind: 'expected',
      path: 'body.properties.title.title',
      expected: ['an array'],
      value: 'x',
    });
    expect(issueOf(title, [1], 'body.properties.title')).toEqual({
      kind: 'expected',
      path: 'body.properties.title[0]',
      expected: ['a string'],
      value: 1,
    });
  });

  it('merges differing kinds expected of one value, without repeats', () => {
    const schema = Type.Union([Type.Array(Type.String()), Strict({ title: Type.String() }), Type.Array(Type.Number())]);
    expect(issueOf(schema, 42, 'body.properties.title')).toEqual({
      kind: 'expected',
      path: 'body.properties.title',
      expected: ['an array', 'an object'],
      value: 42,
    });
  });
});

describe('validate: keyed unions', () => {
  const Block = Keyed(
    [
      Strict({ type: Type.Optional(Type.Literal('paragraph')), paragraph: Strict({ text: Type.String() }) }),
      Strict({ type: Type.Optional(Type.Literal('divider')), divider: Strict({}) }),
    ],
    ['paragraph', 'divider'],
  );
  const body = Strict({ children: Type.Array(Block) });

  it('marks the union and its alternatives', () => {
    const schema = Block as TSchema & { anyOf: Array<Record<string, unknown>> };
    expect(schema['x-keyed']).toBe(true);
    expect(schema.anyOf.map((a) => a['x-key'])).toEqual(['paragraph', 'divider']);
  });

  it('picks the alternative named by `type`', () => {
    expect(issueOf(body, { children: [{ type: 'paragraph' }] })).toEqual({ kind: 'required', path: 'body.children[0].paragraph' });
  });

  it('picks the alternative named by the one key present', () => {
    expect(issueOf(body, { children: [{ paragraph: {} }] })).toEqual({ kind: 'required', path: 'body.children[0].paragraph.text' });
  });

  it('lets `type` win over the key present', () => {
    expect(issueOf(body, { children: [{ type: 'divider', paragraph: { text: 'x' } }] })).toEqual({
      kind: 'required',
      path: 'body.children[0].divider',
    });
  });

  it('passes a value that fits the picked alternative', () => {
    expect(valueOf(body, { children: [{ paragraph: { text: 'x' } }, { type: 'divider', divider: {} }] })).toEqual({
      children: [{ paragraph: { text: 'x' } }, { type: 'divider', divider: {} }],
    });
  });

  it('lists every alternative when no key names one', () => {
    expect(issueOf(body, { children: [{ text: 'x' }] })).toEqual({
      kind: 'union',
      options: [
        { kind: 'required', path: 'body.children[0].paragraph' },
        { kind: 'required', path: 'body.children[0].divider' },
      ],
    });
  });

  it('lists every alternative when two keys are present', () => {
    expect(issueOf(body, { children: [{ paragraph: { text: 'x' }, divider: {} }] })).toEqual({
      kind: 'union',
      options: [
        { kind: 'not_present', path: 'body.children[0].divider', value: {} },
        { kind: 'not_present', path: 'body.children[0].paragraph', value: { text: 'x' } },
      ],
    });
  });

  it('reports an unknown `type` once, as the enumeration of the keys', () => {
    expect(issueOf(body, { children: [{ type: 'bogus', bogus: {} }] })).toEqual({
      kind: 'expected',
      path: 'body.children[0].type',
      expected: ['`"paragraph"`', '`"divider"`', '`undefined`'],
      value: 'bogus',
    });
  });
});
