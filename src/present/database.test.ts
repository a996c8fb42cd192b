// The schema size Notion limits is that of the schema as responses carry it: the measure in
// properties/schema.ts must agree with what presentSchema builds.
import { describe, expect, it } from 'vitest';
import type { Schema } from '../properties/schema.js';
import { schemaResponseBytes } from '../properties/schema.js';
import { presentSchema } from './database.js';

const schemas: Record<string, Schema> = {
  empty: [],
  plain: [
    { id: 'title', name: 'Name', description: null, type: 'title', config: {} },
    { id: ':UPp', name: 'Prix €', description: 'in euros', type: 'number', config: { format: 'euro' } },
  ],
  'names that are not plain keys': [
    { id: 'a%b', name: '__proto__', description: null, type: 'rich_text', config: {} },
    { id: '2', name: '10', description: null, type: 'checkbox', config: {} },
    { id: '{|}', name: 'constructor', description: null, type: 'select', config: { options: [{ id: 'x', name: 'é', color: 'red', description: null }] } },
  ],
};

describe('schemaResponseBytes', () => {
  for (const [name, schema] of Object.entries(schemas)) {
    it(`is the byte length of the presented schema: ${name}`, () => {
      expect(schemaResponseBytes(schema)).toBe(Buffer.byteLength(JSON.stringify(presentSchema(schema))));
    });
  }
});
