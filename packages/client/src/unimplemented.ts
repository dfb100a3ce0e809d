import type { WebSocketClient } from './client.js';
import { UnimplementedError } from './errors.js';

const methods = ['open', 'connect', 'status', 'receive', 'send', 'close', 'isConnected', 'closeAll'] as const;

function fail(method: string): never {
  throw new UnimplementedError(method);
}

/**
 * A {@link WebSocketClient} whose every method fails loudly with {@link UnimplementedError} naming the method:
 * synchronous methods throw, asynchronous ones reject. Start a test double from it with {@link testClient}, so that a
 * test notices at once when the code under test uses more of the client than the test expected.
 *
 * @example
 * ```ts
 * expect(() => unimplemented.receive(id)).toThrow('WebSocketClient.receive is unimplemented')
 * ```
 */
export const unimplemented: WebSocketClient = {
  open: () => fail('open'),
  connect: () => Promise.reject(new UnimplementedError('connect')),
  status: () => fail('status'),
  receive: () => fail('receive'),
  send: () => Promise.reject(new UnimplementedError('send')),
  close: () => Promise.reject(new UnimplementedError('close')),
  isConnected: () => fail('isConnected'),
  closeAll: () => Promise.reject(new UnimplementedError('closeAll')),
};

/**
 * A test double of {@link WebSocketClient}: the methods you give, and {@link unimplemented} for the rest.
 *
 * @example
 * ```ts
 * const sent: Frame[] = []
 * const client = testClient({ send: async (_id, frame) => void sent.push(frame) })
 * await greet(client, id) // the code under test, written against WebSocketClient
 * expect(sent).toEqual([Frame.text('Hello')])
 * ```
 */
export function testClient(overrides: Partial<WebSocketClient> = {}): WebSocketClient {
  const client = { ...unimplemented };
  for (const method of methods) {
    const override = overrides[method];
    if (override !== undefined) Object.assign(client, { [method]: override });
  }
  return client;
}
