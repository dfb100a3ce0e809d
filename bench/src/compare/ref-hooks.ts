/**
 * Resolution hooks of a client process that measures the ref build (`pnpm bench --compare <ref>`): the benchmark's
 * own modules (the same adapters as the working tree's clients) get `@aws/client`, `@aws/client-live`,
 * `@aws/client-web` and `@aws/operators` from the ref tree's built dist. What those dist files import in turn (rxjs, ws, `@aws/core` or
 * whatever the ref's packages need) resolves as usual, inside the ref tree, so the ref's own package layout does not
 * matter: only these entry points.
 */
import type { InitializeHook, ResolveHook } from 'node:module';
import { pathToFileURL } from 'node:url';

/** The packages the clients import, and their folder under packages/. */
export const refPackages: Readonly<Record<string, string>> = {
  '@aws/client': 'client',
  '@aws/client-live': 'client-live',
  '@aws/client-web': 'client-web',
  '@aws/operators': 'operators',
};

export interface RefHooksData {
  /** The ref tree's root (a real path, so that the URLs agree with the ones Node gives inside that tree). */
  readonly tree: string;
}

let tree = '';
let treeUrl = '';

export const initialize: InitializeHook<RefHooksData> = (data) => {
  tree = data.tree;
  treeUrl = pathToFileURL(`${tree}/`).href;
};

export const resolve: ResolveHook = (specifier, context, nextResolve) => {
  const folder = refPackages[specifier];
  // Inside the ref tree, its own node_modules links already lead to its own packages.
  if (folder === undefined || context.parentURL?.startsWith(treeUrl) === true) return nextResolve(specifier, context);
  return { url: pathToFileURL(`${tree}/packages/${folder}/dist/index.js`).href, format: 'module', shortCircuit: true };
};
