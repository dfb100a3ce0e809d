import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

// One run for the whole repo: every package is a project, resolved to its sources through the `@aws/source`
// export condition, so no test waits on a build.
const project = (name: string, root: string, exclude: string[] = []) => ({
  extends: true as const,
  test: { name, root, include: ['src/**/*.test.ts', 'test/**/*.test.ts'], exclude: [...configDefaults.exclude, ...exclude] },
});

const typetests = fileURLToPath(new URL('./tsconfig.typetests.json', import.meta.url));

export default defineConfig({
  resolve: { conditions: ['@aws/source'] },
  ssr: { resolve: { conditions: ['@aws/source'] } },
  test: {
    restoreMocks: true,
    unstubGlobals: true,
    testTimeout: 20_000,
    hookTimeout: 20_000,
    projects: [
      project('client', 'packages/client'),
      project('core', 'packages/core'),
      project('client-live', 'packages/client-live'),
      project('client-web', 'packages/client-web', ['src/runtimes.test.ts', 'src/session-browser.test.ts', 'src/stalled-drop.test.ts']),
      // The contract suite in Chromium, Bun and Deno at once: three runtimes busy for ten seconds, which would slow the
      // timing-sensitive tests down, so this file runs after them, with the packaging group (and the session probe in
      // Chromium with it, and the stalled-drop test in Chromium).
      {
        extends: true as const,
        test: {
          name: 'client-web-runtimes',
          root: 'packages/client-web',
          include: ['src/runtimes.test.ts', 'src/session-browser.test.ts', 'src/stalled-drop.test.ts'],
          sequence: { groupOrder: 1 },
        },
      },
      project('server', 'packages/server'),
      project('server-core', 'packages/server-core'),
      project('server-live', 'packages/server-live'),
      project('server-redis', 'packages/server-redis'),
      project('operators', 'packages/operators'),
      project('rpc', 'packages/rpc'),
      project('session', 'packages/session'),
      project('all', 'packages/all'),
      project('cli', 'packages/cli'),
      project('examples', 'examples', ['src/packaging/**']),
      // Packing the packages, installing them with npm into a project outside the workspace, compiling and running:
      // half a minute of CPU that would slow the timing-sensitive tests down, so this group runs after all the others.
      {
        extends: true as const,
        test: { name: 'packaging', root: 'examples', include: ['src/packaging/**/*.test.ts'], sequence: { groupOrder: 1 } },
      },
      // The `*.test-d.ts` type tests of every package, in one project of their own: Vitest prints its "Testing types
      // with tsc and vue-tsc is an experimental feature" warning once per project that enables `typecheck`, and has no
      // option to silence it (4.1), so enabling it once prints it once instead of once per package.
      {
        extends: true as const,
        test: {
          name: 'types',
          include: [],
          typecheck: { enabled: true, only: true, include: ['packages/*/src/**/*.test-d.ts'], tsconfig: typetests },
        },
      },
    ],
  },
});
