// Imports across layers that docs/architecture.md forbids: a use case never builds response JSON
// (services/ never imports present/), and the properties subsystem stays below the use cases
// (properties/ never imports services/ nor http/). Type-only imports count: they tie a lower
// layer to an upper one as much as values do. Exits 1 on any. Run: npm run check:cycles
import { join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { importGraph, type ImportGraph } from './check-cycles.js';

/** Files under `from` may import no file under any of `forbidden` (folders relative to the repository). */
export interface LayerRule {
  from: string;
  forbidden: string[];
}

export const LAYER_RULES: LayerRule[] = [
  { from: 'src/services/', forbidden: ['src/present/'] },
  { from: 'src/properties/', forbidden: ['src/services/', 'src/http/'] },
];

/** One import that breaks a rule. */
export interface LayerViolation {
  layer: string;
  file: string;
  target: string;
  forbidden: string;
}

/** Every module a file names in an import or re-export, type-only ones included (dynamic imports left out). */
export function allImports(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const specifiers: string[] = [];
  for (const statement of source.statements) {
    if (
      (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
      statement.moduleSpecifier &&
      ts.isStringLiteral(statement.moduleSpecifier)
    ) {
      specifiers.push(statement.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(statement)) {
      const reference = statement.moduleReference;
      if (ts.isExternalModuleReference(reference) && ts.isStringLiteral(reference.expression)) specifiers.push(reference.expression.text);
    }
  }
  return specifiers;
}

/** The imports of `graph` (paths with "/" or the platform's separator) that break one of `rules`, in file order. */
export function layerViolations(graph: ImportGraph, rules: LayerRule[] = LAYER_RULES): LayerViolation[] {
  const slashed = (path: string): string => path.split(sep).join('/');
  const violations: LayerViolation[] = [];
  for (const [file, targets] of graph) {
    const from = slashed(file);
    for (const rule of rules) {
      if (!from.startsWith(rule.from)) continue;
      for (const target of targets) {
        const forbidden = rule.forbidden.find((folder) => slashed(target).startsWith(folder));
        if (forbidden) violations.push({ layer: rule.from, file: from, target: slashed(target), forbidden });
      }
    }
  }
  return violations;
}

function main(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const graph = importGraph(join(root, 'src'), root, allImports);
  const violations = layerViolations(graph);
  process.stdout.write(violations.map((v) => `${v.file} imports ${v.target} (nothing under ${v.layer} may import ${v.forbidden})\n`).join(''));
  process.stdout.write(`${violations.length} imports across layers among ${graph.size} files of src/\n`);
  process.exitCode = violations.length > 0 ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
