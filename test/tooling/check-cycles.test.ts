// The import cycle finder of scripts/check-cycles.ts, on small graphs held in memory.
import { describe, expect, it } from 'vitest';
import { cycleGroups, cyclesWithin, runtimeImports, stronglyConnectedComponents, type ImportGraph } from '../../scripts/check-cycles.js';

const graphOf = (edges: Record<string, string[]>): ImportGraph => new Map(Object.entries(edges));

describe('the import cycle finder', () => {
  it('finds the groups of files that import each other, and nothing in a graph without cycles', () => {
    // a -> b -> c -> a is one group, d <-> e another; f imports into them and is in none; g imports itself.
    const graph = graphOf({ a: ['b'], b: ['c'], c: ['a', 'd'], d: ['e'], e: ['d'], f: ['a', 'e'], g: ['g'] });
    expect(stronglyConnectedComponents(graph).map((c) => [...c].sort())).toEqual(expect.arrayContaining([['a', 'b', 'c'], ['d', 'e'], ['f'], ['g']]));
    expect(cycleGroups(graph)).toEqual([['a', 'b', 'c'], ['d', 'e'], ['g']]);
    expect(cycleGroups(graphOf({ a: ['b', 'c'], b: ['c'], c: [] }))).toEqual([]);
  });

  it('lists every cycle of a group once, from its first file', () => {
    // Two cycles share a and b: a -> b -> a and a -> b -> c -> a.
    const graph = graphOf({ a: ['b'], b: ['a', 'c'], c: ['a'] });
    const [group] = cycleGroups(graph);
    expect(group).toEqual(['a', 'b', 'c']);
    expect(cyclesWithin(graph, group!)).toEqual([
      ['a', 'b', 'a'],
      ['a', 'b', 'c', 'a'],
    ]);
    expect(cyclesWithin(graph, group!, 1)).toHaveLength(1);
  });

  it('counts the imports a file loads at run time, not the ones only its types need', () => {
    const source = [
      "import { a } from './a.js';",
      "import type { B } from './b.js';",
      "import { type C } from './c.js';",
      "import './d.js';",
      "export { e } from './e.js';",
      "export type { F } from './f.js';",
      "export * from './g.js';",
      "const h = await import('./h.js');",
    ].join('\n');
    expect(runtimeImports('x.ts', source)).toEqual(['./a.js', './c.js', './d.js', './e.js', './g.js']);
  });
});
