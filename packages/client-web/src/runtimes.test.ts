import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startContractServer, type ContractServer } from '@aws/test-utils';
import { caseTimeout, contractCases, registerResults, type ContractResult } from '@aws/test-utils/contract';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { bundle } from './testing/bundle.js';
import { installTimeoutMs, launchChromium } from '@aws/test-utils/chromium';
import { resultsMarker, webImplementation } from './testing/declarations.js';

// The contract suite in the runtimes other than Node: one bundle of the suite and createWebClient() on the
// platform's own WebSocket, run in one headless Chromium page, one Bun process and one Deno process, all three at
// once against one contract server (which also serves the page). Each case is then judged here as a test.
const bin = (name: string) => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));
const entry = fileURLToPath(new URL('./testing/contract-entry.ts', import.meta.url));
// Every case one after the other, with room for a slow machine; the cases themselves take a few seconds.
const runLimit = contractCases.length * caseTimeout;

type Outcome = { readonly results: readonly ContractResult[] } | { readonly error: string };
const outcomes = new Map<string, Outcome>();
let server: ContractServer;
let directory: string;

const page = '<!doctype html><meta charset="utf-8"><title>contract</title><script type="module" src="/contract.js"></script>';

beforeAll(
  async () => {
    const script = await bundle(entry);
    server = await startContractServer((request, response) => {
      const path = new URL(request.url ?? '/', 'http://x').pathname;
      if (path === '/') response.writeHead(200, { 'content-type': 'text/html' }).end(page);
      else if (path === '/contract.js') response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
      else return false;
      return true;
    });
    directory = await mkdtemp(join(tmpdir(), 'client-web-contract-'));
    const file = join(directory, 'contract.mjs');
    await writeFile(file, script);
    const args = [server.base, server.refusedUrl];
    const env = { ...process.env, DENO_DIR: join(directory, 'deno'), DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' };
    await Promise.all([
      settle('Chromium', inChromium()),
      settle('Bun', inProcess(bin('bun'), ['run', file, ...args], env)),
      settle('Deno', inProcess(bin('deno'), ['run', '--allow-net', '--no-prompt', file, ...args], env)),
    ]);
  },
  installTimeoutMs + runLimit + 60_000,
);

afterAll(async () => {
  await server?.close();
  if (directory !== undefined) await rm(directory, { recursive: true, force: true });
});

// Chromium runs the suite twice: on the default (the plain WebSocket) and on WebSocketStream, opted into.
for (const runtime of ['Chromium', 'Chromium, WebSocketStream', 'Bun', 'Deno']) {
  describe(`client-web in ${runtime}`, () => {
    registerResults(it, webImplementation(runtime), () => {
      const outcome = outcomes.get(runtime);
      if (outcome === undefined) throw new Error(`${runtime} did not run`);
      if ('error' in outcome) throw new Error(`${runtime} could not run the suite: ${outcome.error}`);
      return outcome.results;
    });
  });
}

/** Records each run of a runtime: `default` under the runtime's name, the others (Chromium's WebSocketStream) after it. */
async function settle(runtime: string, results: Promise<Record<string, ContractResult[]>>): Promise<void> {
  try {
    for (const [client, list] of Object.entries(await results)) {
      outcomes.set(client === 'default' ? runtime : `${runtime}, ${client}`, { results: list });
    }
  } catch (error) {
    const outcome = { error: error instanceof Error ? error.message : String(error) };
    outcomes.set(runtime, outcome);
    outcomes.set(`${runtime}, WebSocketStream`, outcome);
  }
}

async function inChromium(): Promise<Record<string, ContractResult[]>> {
  const browser = await launchChromium();
  try {
    const tab = await browser.newPage();
    const errors: string[] = [];
    tab.on('pageerror', (error) => errors.push(error.message));
    await tab.goto(`${server.httpBase}/?refused=${encodeURIComponent(server.refusedUrl)}`);
    await tab
      .waitForFunction(() => 'contractResults' in globalThis, undefined, { timeout: 10_000 })
      .catch(() => {
        throw new Error(`the page did not start the suite ${errors.join('; ')}`);
      });
    return await tab.evaluate(
      () => (globalThis as unknown as { contractResults: Promise<Record<string, ContractResult[]>> }).contractResults,
    );
  } finally {
    await browser.close();
  }
}

function inProcess(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Record<string, ContractResult[]>> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), runLimit);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((text) => text.startsWith(resultsMarker));
      if (line !== undefined) return resolve(JSON.parse(line.slice(resultsMarker.length)) as Record<string, ContractResult[]>);
      reject(new Error(`exited with ${code ?? signal} and no results; stderr: ${stderr.slice(-2000)}`));
    });
  });
}
