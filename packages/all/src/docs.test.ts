import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The style rule "TSDoc on every public export, with an example on every function, class and value", checked on
// what each package's barrel exports: a new export without them fails here.
const packages = fileURLToPath(new URL('../../', import.meta.url));
const entries = readdirSync(packages)
  .filter((name) => name !== 'test-utils')
  .map((name) => `${packages}${name}/src/index.ts`);

function undocumented(): string[] {
  const program = ts.createProgram(entries, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    customConditions: ['@aws/source'],
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const missing: string[] = [];
  for (const entry of entries) {
    const file = program.getSourceFile(entry);
    const module = file === undefined ? undefined : checker.getSymbolAtLocation(file);
    if (module === undefined) throw new Error(`cannot read the exports of ${entry}`);
    const name = entry.slice(packages.length).split('/')[0];
    for (const exported of checker.getExportsOfModule(module)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const isValue = (symbol.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Class | ts.SymbolFlags.Variable)) !== 0;
      if (symbol.getDocumentationComment(checker).length === 0) missing.push(`@aws/${name} ${exported.name}: no doc comment`);
      else if (isValue && !symbol.getJsDocTags(checker).some((tag) => tag.name === 'example'))
        missing.push(`@aws/${name} ${exported.name}: no @example`);
    }
  }
  return missing;
}

describe('the public API documentation', () => {
  it('has a doc comment on every export, and an example on every function, class and value', () => {
    expect(undocumented()).toEqual([]);
  }, 60_000);
});
