/**
 * `pnpm --filter @aws/bench run native-helpers`: what `bufferutil` and `utf-8-validate` change for `ws`, measured as
 * CPU time per echoed message in a raw `ws` client and server (two processes, loopback), with the helpers loaded and
 * with `ws` told not to load them (`WS_NO_BUFFER_UTIL`, `WS_NO_UTF_8_VALIDATE`), rounds alternating. The findings are
 * in BENCHMARKS.md, "Native helpers".
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = (name: string): string => fileURLToPath(new URL(`./native-helpers/${name}`, import.meta.url));
const rounds = 4;

interface Reading {
  readonly client: number;
  readonly server: number;
}

async function once(env: Record<string, string>, size: number, kind: 'text' | 'binary', total: number): Promise<Reading> {
  const options = { env: { ...process.env, ...env }, execArgv: ['--import', 'tsx'] };
  const server = fork(here('echo-server.ts'), [], options);
  const port = await new Promise<number>((resolve) => server.once('message', (port) => resolve(port as number)));
  const client = fork(here('echo-client.ts'), [`ws://127.0.0.1:${port}/`, String(total), String(size), kind], options);
  const clientCpu = await new Promise<number>((resolve) => client.once('message', (us) => resolve(us as number)));
  server.send('report');
  const serverCpu = await new Promise<number>((resolve) => server.once('message', (us) => resolve(us as number)));
  server.kill();
  await new Promise((resolve) => client.once('exit', resolve));
  return { client: clientCpu, server: serverCpu / total };
}

const configurations: ReadonlyArray<readonly [string, Record<string, string>]> = [
  ['both loaded', {}],
  ['utf-8-validate only', { WS_NO_BUFFER_UTIL: '1' }],
  ['neither', { WS_NO_BUFFER_UTIL: '1', WS_NO_UTF_8_VALIDATE: '1' }],
];
const cases = [
  { size: 64, kind: 'text', total: 100_000 },
  { size: 16 * 1024, kind: 'binary', total: 30_000 },
  { size: 16 * 1024, kind: 'text', total: 30_000 },
] as const;

const list = (readings: readonly Reading[], side: keyof Reading): string => readings.map((reading) => reading[side].toFixed(2)).join(' ');
console.log('| message | helpers | client µs/msg | server µs/msg |\n|---|---|---|---|');
for (const { size, kind, total } of cases) {
  const readings = new Map(configurations.map(([name]) => [name, [] as Reading[]]));
  for (let round = 0; round < rounds; round += 1) {
    for (const [name, env] of configurations) readings.get(name)?.push(await once(env, size, kind, total));
  }
  for (const [name, rows] of readings) console.log(`| ${size} B ${kind} | ${name} | ${list(rows, 'client')} | ${list(rows, 'server')} |`);
}
