import { ID } from '@aws/client';
import { createLiveClient } from '@aws/client-live';
import { jsonRpcClient } from '@aws/rpc';
import { activeHandles, settledHandles } from '@aws/test-utils';
import { firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { Calculator } from './calculator.js';
import { calculatorClient } from './calculator-client.js';
import { startCalculatorServer } from './calculator-server.js';

describe('the JSON-RPC example', () => {
  it('runs the client against the server: calls, a typed error, a subscription', async () => {
    const baseline = activeHandles();
    const server = await startCalculatorServer({ host: '127.0.0.1', port: 0 });
    const client = createLiveClient();
    const lines: string[] = [];
    try {
      await calculatorClient(client, server.url, { print: (line) => lines.push(line) });
    } finally {
      await client.closeAll();
      await server.close();
    }
    expect(lines).toEqual([
      '1 + 2 = 3',
      '1 / 4 = 0.25, 9 / 3 = 3',
      '1 / 0: error 1, division by zero',
      'count: 10',
      'count: 11',
      'count: 12',
    ]);
    expect(await settledHandles(baseline)).toEqual({});
  });

  it('answers params the server refuses with an error object', async () => {
    const server = await startCalculatorServer({ host: '127.0.0.1', port: 0 });
    const client = createLiveClient();
    try {
      using rpc = jsonRpcClient<Calculator>(await client.connect({ id: ID(), url: server.url }));
      await expect(firstValueFrom(rpc.subscribe({ method: 'count', params: { from: 0, every: 1 } }))).rejects.toMatchObject({
        code: -32602,
      });
    } finally {
      await client.closeAll();
      await server.close();
    }
  });
});
