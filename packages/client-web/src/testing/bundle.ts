import { build, type BuildOptions } from 'esbuild';

/** How the browser, Bun and Deno get the sources: esbuild resolves the workspace packages to their TypeScript
 * through the `@aws/source` condition, and bundles rxjs with them. */
export const sourceBuild: BuildOptions = {
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  mainFields: ['module', 'main'],
  conditions: ['@aws/source', 'import', 'default'],
  write: false,
  logLevel: 'silent',
};

/** Bundles one entry into a single ES module, returned as text. */
export async function bundle(entry: string, options: BuildOptions = {}): Promise<string> {
  const result = await build({ ...sourceBuild, ...options, entryPoints: [entry] });
  const file = result.outputFiles?.[0];
  if (file === undefined) throw new Error(`esbuild wrote nothing for ${entry}`);
  return file.text;
}
