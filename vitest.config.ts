import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// One run for the whole repo: every package is a project, resolved to its sources through the `@aws/source`
// export condition, so no test waits on a build.
const project = (name: string, root: string) => ({
  extends: true as const,
  test: { name, root, include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});

export default defineConfig({
  resolve: { conditions: ['@aws/source'] },
  ssr: { resolve: { conditions: ['@aws/source'] } },
  test: {
    restoreMocks: true,
    unstubGlobals: true,
    testTimeout: 20_000,
    hookTimeout: 20_000,
    typecheck: { enabled: true, include: ['**/*.test-d.ts'], tsconfig: fileURLToPath(new URL('./tsconfig.typetests.json', import.meta.url)) },
    projects: [
      project('client', 'packages/client'),
      project('core', 'packages/core'),
      project('client-live', 'packages/client-live'),
      project('operators', 'packages/operators'),
      project('all', 'packages/all'),
      project('examples', 'examples'),
    ],
  },
});
