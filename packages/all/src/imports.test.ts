import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The layering rules of the README, checked on the sources: a package reaches another only through its barrel
// (`@aws/name`, never `@aws/name/src/...` or a relative path into it), never imports its own barrel, and `ws` is
// imported by one module of each live package only.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const folders = ['packages', 'examples', 'bench'];

function sources(folder: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(folder)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(folder, name);
    if (statSync(path).isDirectory()) files.push(...sources(path));
    else if (/\.(ts|mts|mjs)$/.test(name)) files.push(path);
  }
  return files;
}

const imports = (text: string): string[] => Array.from(text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g), (match) => match[1] as string);
const packageOf = (path: string): string => {
  const parts = relative(root, path).split(sep);
  return parts[0] === 'packages' ? parts.slice(0, 2).join('/') : (parts[0] as string);
};
const files = folders.flatMap((folder) => sources(join(root, folder)));

describe('imports keep to the layering', () => {
  it('never reach into another package, nor back into their own barrel', () => {
    const wrong: string[] = [];
    for (const file of files) {
      const home = packageOf(file);
      for (const specifier of imports(readFileSync(file, 'utf8'))) {
        if (/^@aws\/[^/]+\/(src|dist)\b/.test(specifier)) wrong.push(`${relative(root, file)}: ${specifier}`);
        if (specifier.startsWith('.')) {
          const target = join(file, '..', specifier);
          if (packageOf(target) !== home) wrong.push(`${relative(root, file)}: ${specifier} (another package's internals)`);
          if (home.startsWith('packages/') && /\/index\.js$/.test(specifier) && !file.endsWith('.test.ts'))
            wrong.push(`${relative(root, file)}: ${specifier} (its own barrel)`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('import ws in one module of each live package, and nowhere else in the libraries', () => {
    const users = files
      .filter((file) => packageOf(file).startsWith('packages/') && !file.endsWith('.test.ts') && !packageOf(file).endsWith('test-utils'))
      .filter((file) => imports(readFileSync(file, 'utf8')).includes('ws'))
      .map((file) => relative(root, file));
    expect(users.sort()).toEqual(['packages/client-live/src/ws-transport.ts', 'packages/server-live/src/ws-server.ts']);
  });
});
