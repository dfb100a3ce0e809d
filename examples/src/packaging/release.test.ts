import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { publishedPackages, repositoryRoot, run } from './run.js';

// README.md, "Publishing": what `pnpm changeset`, `pnpm version-packages` and `pnpm release` rely on.
describe('the release setup', () => {
  it('versions every published package together: one fixed group of changesets holds them all', async () => {
    const config = JSON.parse(await readFile(join(repositoryRoot, '.changeset', 'config.json'), 'utf8')) as { fixed: string[][] };
    expect(config.fixed).toHaveLength(1);
    expect([...(config.fixed[0] ?? [])].sort()).toEqual(publishedPackages().sort());
  });

  it('runs the changesets CLI on this Node.js (3.x needs 22.11 or later, the packages promise 20.19)', async () => {
    const { stdout } = await run('pnpm', ['--silent', 'exec', 'changeset', '--version'], { cwd: repositoryRoot });
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
