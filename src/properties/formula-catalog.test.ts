// The type each property yields in formulas, formulas reading formulas, cycles, and the stored
// form of expressions.
import { describe, expect, it } from 'vitest';
import { typeName } from '../formula/index.js';
import { FormulaCatalog, NIL_UUID, resolveFormulas } from './formula-catalog.js';
import type { PropertySchema, Schema } from './schema.js';

const p = (id: string, name: string, type: PropertySchema['type'], config: Record<string, unknown> = {}): PropertySchema => ({
  id,
  name,
  description: null,
  type,
  config,
});

const ITEMS = 'ds-items';
const items: Schema = [p('title', 'Name', 'title'), p('prc', 'Price', 'number'), p('tax', 'Taxed', 'formula', { expression: 'prop("Price") * 1.2' })];

function orders(): Schema {
  return [
    p('title', 'Name', 'title'),
    p('txt', 'Text', 'rich_text'),
    p('num', 'Number', 'number'),
    p('sel', 'Select', 'select', { options: [] }),
    p('mul', 'Multi', 'multi_select', { options: [] }),
    p('sta', 'Status', 'status', { options: [], groups: [] }),
    p('dat', 'Date', 'date'),
    p('ppl', 'People', 'people'),
    p('fil', 'Files', 'files'),
    p('chk', 'Check', 'checkbox'),
    p('url', 'Url', 'url'),
    p('eml', 'Email', 'email'),
    p('phn', 'Phone', 'phone_number'),
    p('rel', 'Items', 'relation', { data_source_id: ITEMS, database_id: 'db', type: 'single_property', single_property: {} }),
    p('sum', 'Sum', 'rollup', { function: 'sum', relation_property_id: 'rel', rollup_property_id: 'prc' }),
    p('ear', 'Earliest', 'rollup', { function: 'earliest_date', relation_property_id: 'rel', rollup_property_id: 'prc' }),
    p('org', 'Original', 'rollup', { function: 'show_original', relation_property_id: 'rel', rollup_property_id: 'tax' }),
    p('ctm', 'Created', 'created_time'),
    p('cby', 'Creator', 'created_by'),
    p('etm', 'Edited', 'last_edited_time'),
    p('eby', 'Editor', 'last_edited_by'),
    p('uid', 'ID', 'unique_id', { prefix: 'T' }),
    p('ver', 'Verified', 'verification'),
    p('plc', 'Where', 'place'),
    p('fml', 'Double', 'formula', { expression: 'prop("Number") * 2' }),
    p('lst', 'Prices', 'formula', { expression: 'prop("Items").map(current.prop("Taxed"))' }),
  ];
}

describe('the type of each property in formulas', () => {
  const catalog = new FormulaCatalog(
    new Map([
      ['ds-orders', orders()],
      [ITEMS, items],
    ]),
  );
  it.each([
    ['Name', 'text'],
    ['Text', 'text'],
    ['Number', 'number'],
    ['Select', 'text'],
    ['Multi', 'list of text'],
    ['Status', 'text'],
    ['Date', 'date'],
    ['People', 'list of person'],
    ['Files', 'list of text'],
    ['Check', 'boolean'],
    ['Url', 'text'],
    ['Email', 'text'],
    ['Phone', 'text'],
    ['Items', 'list of page'],
    ['Sum', 'number'],
    ['Earliest', 'date'],
    ['Original', 'list of number'],
    ['Created', 'date'],
    ['Creator', 'person'],
    ['Edited', 'date'],
    ['Editor', 'person'],
    ['ID', 'number'],
    ['Verified', 'text'],
    ['Where', 'text'],
    ['Double', 'number'],
    ['Prices', 'list of number'],
  ])('%s is %s', (name, type) => {
    const property = orders().find((x) => x.name === name)!;
    expect(typeName(catalog.typeOf('ds-orders', property))).toBe(type);
  });
});

describe('resolveFormulas', () => {
  it('stores references by id, related ones with their data source', () => {
    const schema = [...orders(), p('new', 'New', 'formula', { expression: 'prop("Double") + prop("Items").map(current.prop("Price")).sum()' })];
    resolveFormulas(
      'ds-orders',
      new Map([
        ['ds-orders', schema],
        [ITEMS, items],
      ]),
      ['new'],
      'ws',
    );
    expect(schema.at(-1)!.config.expression).toBe(
      `{{notion:block_property:fml:${NIL_UUID}:ws}} + {{notion:block_property:rel:${NIL_UUID}:ws}}.map(current.{{notion:block_property:prc:${ITEMS}:ws}}).sum()`,
    );
  });

  it('refuses cycles, naming the formulas on them', () => {
    const schema: Schema = [
      p('a', 'A', 'formula', { expression: 'prop("B") + 1' }),
      p('b', 'B', 'formula', { expression: 'prop("C") + 1' }),
      p('c', 'C', 'formula', { expression: 'prop("A") + 1' }),
    ];
    expect(() => resolveFormulas('ds', new Map([['ds', schema]]), ['a'], 'ws')).toThrow(
      'Invalid formula expression for property A: Formulas cannot reference themselves: A → B → C → A',
    );
  });
});
