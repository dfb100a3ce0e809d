/**
 * `--import`ed (after tsx) by the client processes of the ref build: registers the hooks of `ref-hooks.ts` for the
 * ref tree named by the environment variable `BENCH_REF_TREE`.
 */
import { register } from 'node:module';
import type { RefHooksData } from './ref-hooks.js';

const tree = process.env.BENCH_REF_TREE;
if (tree === undefined || tree === '') throw new Error('BENCH_REF_TREE is not set: this module is for the ref clients of --compare');
register<RefHooksData>('./ref-hooks.ts', import.meta.url, { data: { tree } });
