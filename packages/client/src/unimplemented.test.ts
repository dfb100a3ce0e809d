import { describe, expect, it } from 'vitest';
import type { WebSocketClient } from './client.js';
import { UnimplementedError } from './errors.js';
import { Frame } from './frame.js';
import { ID } from './id.js';
import { testClient, unimplemented } from './unimplemented.js';

describe('the unimplemented client', () => {
  const id = ID();
  it.each(['open', 'status', 'receive', 'isConnected'] as const)('%s throws, naming the method', (method) => {
    const call = () => (unimplemented[method] as (...args: unknown[]) => unknown)({ id, url: 'ws://x' });
    expect(call).toThrow(UnimplementedError);
    expect(call).toThrow(`WebSocketClient.${method} is unimplemented`);
  });

  it.each(['connect', 'send', 'close', 'closeAll'] as const)('%s rejects, naming the method', async (method) => {
    const call = (unimplemented[method] as (...args: unknown[]) => Promise<unknown>)(id, Frame.text('x'));
    await expect(call).rejects.toThrow(`WebSocketClient.${method} is unimplemented`);
  });
});

// Code written against the interface, as an app would write it: it runs unchanged on a test double.
async function greet(client: WebSocketClient, id: ID, name: string): Promise<void> {
  if (!client.isConnected(id)) throw new Error('not connected');
  await client.send(id, Frame.text(`Hello, ${name}`));
}

describe('testClient', () => {
  it('injects the given methods and keeps the rest failing loudly', async () => {
    const sent: Frame[] = [];
    const client = testClient({ isConnected: () => true, send: async (_id, frame) => void sent.push(frame) });
    await greet(client, ID(), 'Ada');
    expect(sent).toEqual([Frame.text('Hello, Ada')]);
    expect(() => client.receive(ID())).toThrow('WebSocketClient.receive is unimplemented');
  });

  it('makes a test fail loudly when the code uses a method the test did not provide', async () => {
    await expect(greet(testClient(), ID(), 'Ada')).rejects.toThrow('WebSocketClient.isConnected is unimplemented');
  });
});
