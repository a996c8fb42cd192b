// Import cycles in src/: every group of files that import each other at run time (a strongly
// connected component of the import graph, found with Tarjan's algorithm), printed with its files
// and each cycle through them; exits 1 when there is any. Run: npm run check:cycles
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

/** Each file and the files it imports. */
export type ImportGraph = Map<string, string[]>;

/**
 * The modules a file loads when it runs: static imports and re-exports, but not `import type` nor
 * `export type`, which the compiler erases. An import of `type` names only still loads its module
 * (tsconfig.json has verbatimModuleSyntax), so it counts.
 */
export function runtimeImports(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const specifiers: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      if (statement.importClause?.isTypeOnly) continue;
      if (ts.isStringLiteral(statement.moduleSpecifier)) specifiers.push(statement.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(statement)) {
      if (statement.isTypeOnly || !statement.moduleSpecifier) continue;
      if (ts.isStringLiteral(statement.moduleSpecifier)) specifiers.push(statement.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(statement)) {
      const reference = statement.moduleReference;
      if (!statement.isTypeOnly && ts.isExternalModuleReference(reference) && ts.isStringLiteral(reference.expression))
        specifiers.push(reference.expression.text);
    }
  }
  return specifiers;
}

/**
 * The import graph of the .ts files under `dir` (tests left out), by path relative to `root`;
 * `imports` says which imports of a file count (those loaded at run time unless told).
 */
export function importGraph(dir: string, root = process.cwd(), imports = runtimeImports): ImportGraph {
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'))
    .map((f) => resolve(dir, f))
    .sort();
  const known = new Set(files);
  const graph: ImportGraph = new Map();
  for (const file of files) {
    const targets = new Set<string>();
    for (const specifier of imports(file, readFileSync(file, 'utf8'))) {
      if (!specifier.startsWith('.')) continue; // a package, not a file of ours
      // ESM sources name the compiled file: './x.js' is ./x.ts here.
      const base = resolve(dirname(file), specifier);
      const target = [base.replace(/\.js$/, '.ts'), `${base}.ts`, join(base, 'index.ts')].find((candidate) => known.has(candidate));
      if (target) targets.add(relative(root, target));
    }
    graph.set(relative(root, file), [...targets].sort());
  }
  return graph;
}

/** The strongly connected components of `graph` (Tarjan), each in the order the search met its files. */
export function stronglyConnectedComponents(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let next = 0;
  const visit = (node: string): void => {
    index.set(node, next);
    lowLink.set(node, next);
    next++;
    stack.push(node);
    onStack.add(node);
    for (const target of graph.get(node) ?? []) {
      if (!index.has(target)) {
        visit(target);
        lowLink.set(node, Math.min(lowLink.get(node)!, lowLink.get(target)!));
      } else if (onStack.has(target)) {
        lowLink.set(node, Math.min(lowLink.get(node)!, index.get(target)!));
      }
    }
    if (lowLink.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      components.push(component.reverse());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return components;
}

/** The groups of files that import each other: components of more than one file, or a file that imports itself; files sorted. */
export function cycleGroups(graph: ImportGraph): string[][] {
  return stronglyConnectedComponents(graph)
    .filter((c) => c.length > 1 || (graph.get(c[0]!) ?? []).includes(c[0]!))
    .map((c) => [...c].sort())
    .sort((a, b) => b.length - a.length || a[0]!.localeCompare(b[0]!));
}

/**
 * The elementary cycles within one group (at most `limit`), each from its smallest file: a path
 * that starts and ends there and passes no file twice.
 */
export function cyclesWithin(graph: ImportGraph, group: string[], limit = 100): string[][] {
  const members = [...group].sort();
  const rank = new Map(members.map((file, i) => [file, i]));
  const cycles: string[][] = [];
  for (const start of members) {
    const path = [start];
    const walk = (file: string): void => {
      for (const target of graph.get(file) ?? []) {
        if (cycles.length >= limit) return;
        if (target === start) cycles.push([...path, start]);
        // Only files after the start: each cycle is found once, from its smallest file.
        else if ((rank.get(target) ?? -1) > rank.get(start)! && !path.includes(target)) {
          path.push(target);
          walk(target);
          path.pop();
        }
      }
    };
    walk(start);
  }
  return cycles;
}

function main(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const graph = importGraph(join(root, 'src'), root);
  const groups = cycleGroups(graph);
  let total = 0;
  groups.forEach((group, i) => {
    const cycles = cyclesWithin(graph, group, 100);
    total += cycles.length;
    process.stdout.write(`group ${i + 1}: ${group.length} files that import each other\n${group.map((f) => `  ${f}\n`).join('')}`);
    process.stdout.write(cycles.map((cycle) => `  cycle: ${cycle.join(' -> ')}\n`).join(''));
    if (cycles.length === 100) process.stdout.write('  (the first 100 cycles of this group)\n');
  });
  process.stdout.write(`${total} import cycles in ${groups.length} groups among ${graph.size} files of src/\n`);
  process.exitCode = groups.length > 0 ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
