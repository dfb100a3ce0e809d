import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repositoryRoot, run } from './run.js';

// README.md, "Try it in your own file": `pnpm try <file>` from the repository root, with files of one's own in
// examples/scratch/ (git ignores them, so the temporary files below leave nothing behind even if a run is cut short).
const scratch = join(repositoryRoot, 'examples', 'scratch');

describe('pnpm try <file>', () => {
  it('runs the sample examples/scratch/hello.ts from the repository root', async () => {
    const { stdout } = await run('pnpm', ['--silent', 'try', 'examples/scratch/hello.ts'], { cwd: repositoryRoot });
    expect(stdout).toBe('echoed: Hello\n');
  });

  it('resolves the packages to their sources, so an edit to a package is seen without a build', async () => {
    const file = join(scratch, `.resolve-${process.pid}.ts`);
    await writeFile(file, "console.log(import.meta.resolve('@aws/client-live'));\n");
    try {
      const { stdout } = await run('pnpm', ['--silent', 'try', file], { cwd: repositoryRoot });
      expect(stdout.trim()).toBe(pathToFileURL(join(repositoryRoot, 'packages', 'client-live', 'src', 'index.ts')).href);
    } finally {
      await rm(file, { force: true });
    }
  });

  it('type-checks the sample with the tsconfig.json of examples/scratch, the one an editor uses there', async () => {
    // Only the sample: whatever else is in the folder is someone's work in progress.
    const config = join(scratch, `.tsconfig-${process.pid}.json`);
    await writeFile(config, JSON.stringify({ extends: './tsconfig.json', include: [], files: ['hello.ts'] }));
    try {
      await run(process.execPath, [join(repositoryRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', config], {
        cwd: repositoryRoot,
      });
    } finally {
      await rm(config, { force: true });
    }
  }, 60_000);
});
