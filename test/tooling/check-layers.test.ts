// The layer rules of scripts/check-layers.ts, on small graphs held in memory and on src/ itself.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importGraph, type ImportGraph } from '../../scripts/check-cycles.js';
import { allImports, layerViolations } from '../../scripts/check-layers.js';

const graphOf = (edges: Record<string, string[]>): ImportGraph => new Map(Object.entries(edges));

describe('the layer check', () => {
  it('reports a use case importing a presenter, and properties importing use cases or routes', () => {
    const graph = graphOf({
      'src/services/pages.ts': ['src/present/page.ts', 'src/properties/read-values.ts', 'src/store/blocks.ts'],
      'src/properties/read-values.ts': ['src/services/access.ts', 'src/http/reply.ts', 'src/actor.ts'],
      'src/http/routes/pages.ts': ['src/services/pages.ts', 'src/present/page.ts'],
      'src/present/page.ts': ['src/services/pages.ts'],
    });
    expect(layerViolations(graph)).toEqual([
      { layer: 'src/services/', file: 'src/services/pages.ts', target: 'src/present/page.ts', forbidden: 'src/present/' },
      { layer: 'src/properties/', file: 'src/properties/read-values.ts', target: 'src/services/access.ts', forbidden: 'src/services/' },
      { layer: 'src/properties/', file: 'src/properties/read-values.ts', target: 'src/http/reply.ts', forbidden: 'src/http/' },
    ]);
    expect(layerViolations(graphOf({ 'src/services/pages.ts': ['src/rich-text.ts', 'src/urls.ts'], 'src/properties/reach.ts': ['src/actor.ts'] }))).toEqual([]);
  });

  it('counts type-only imports and re-exports as well as the ones loaded at run time', () => {
    const source = [
      "import { a } from './a.js';",
      "import type { B } from './b.js';",
      "import { type C } from './c.js';",
      "export type { F } from './f.js';",
      "export * from './g.js';",
      'export const h = 1;',
    ].join('\n');
    expect(allImports('x.ts', source)).toEqual(['./a.js', './b.js', './c.js', './f.js', './g.js']);
  });

  it('finds no import across layers in src/', () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    expect(layerViolations(importGraph(join(root, 'src'), root, allImports))).toEqual([]);
  });
});
