import { mkdir, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repositoryRoot, run } from './packaging/run.js';

// The README's code blocks marked `<!-- checked: name.ts -->` are complete modules: each is written out as a file
// of this workspace and type-checked by tsc with the examples' settings, so a snippet that stops compiling (an
// undefined name, an API that changed) fails the suite instead of misleading a reader.
const readme = readFileSync(join(repositoryRoot, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/^<!-- checked: (\S+\.ts) -->\n```ts\n([\s\S]*?)^```$/gm)].map(([, name, code]) => ({
  name: name as string,
  code: code as string,
}));
const folder = join(repositoryRoot, 'examples', '.readme-check');

describe("the README's checked code blocks", () => {
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it('are there, one file each', () => {
    expect(blocks.map((block) => block.name)).toEqual(
      expect.arrayContaining(['greet.ts', 'shapes.ts', 'chat-server.ts', 'memory-network.ts']),
    );
    expect(new Set(blocks.map((block) => block.name)).size).toBe(blocks.length);
  });

  it('type-check with tsc', async () => {
    await rm(folder, { recursive: true, force: true });
    await mkdir(folder, { recursive: true });
    for (const block of blocks) await writeFile(join(folder, block.name), block.code);
    // A snippet declares what it shows even when it does not use it.
    // `files`, not `include`: tsc's globs skip a folder whose name starts with a dot.
    const tsconfig = { extends: '../tsconfig.json', compilerOptions: { noUnusedLocals: false }, files: blocks.map((block) => block.name) };
    await writeFile(join(folder, 'tsconfig.json'), JSON.stringify(tsconfig));
    await run(process.execPath, [join(repositoryRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', folder], { cwd: folder });
  }, 120_000);
});
