import { BehaviorSubject, filter, firstValueFrom, Observable, of, Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { WebSocketClient } from './client.js';
import { UnimplementedError } from './errors.js';
import { Frame } from './frame.js';
import { ID } from './id.js';
import type { ConnectionStatus } from './status.js';
import { toStream } from './to-stream.js';
import { testClient, unimplemented } from './unimplemented.js';

describe('the unimplemented client', () => {
  const id = ID();
  it.each(['open', 'status', 'receive', 'post', 'isConnected'] as const)('%s throws, naming the method', (method) => {
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

  it('injects a post, which code that does not await its writes calls', () => {
    const posted: Frame[] = [];
    const client = testClient({ post: (_id, frame) => void posted.push(frame) });
    client.post(ID(), Frame.text('tick'));
    expect(posted).toEqual([Frame.text('tick')]);
    expect(() => testClient().post(ID(), Frame.text('tick'))).toThrow('WebSocketClient.post is unimplemented');
  });

  it('makes a test fail loudly when the code uses a method the test did not provide', async () => {
    await expect(greet(testClient(), ID(), 'Ada')).rejects.toThrow('WebSocketClient.isConnected is unimplemented');
  });
});

// Code that listens, as an app would write it: the texts of a connection until its close frame.
async function texts(client: WebSocketClient, id: ID): Promise<string[]> {
  const seen: string[] = [];
  for await (const frame of client.receive(id)) {
    if (frame.type === 'close') break;
    if (frame.type === 'message' && frame.message.type === 'text') seen.push(frame.message.text);
  }
  return seen;
}

describe('testClient streams', () => {
  const id = ID();

  it('takes a Subject for receive, which the test pushes frames through', async () => {
    const frames = new Subject<Frame>();
    const client = testClient({ receive: frames });
    const listening = texts(client, id);
    await Promise.resolve();
    frames.next(Frame.text('a'));
    frames.next(Frame.ping());
    frames.next(Frame.text('b'));
    frames.next(Frame.close(1000, ''));
    expect(await listening).toEqual(['a', 'b']);
    expect(frames.observed).toBe(false);
  });

  it('takes of(...) for receive, replayed to every call, and keeps the Observable members', async () => {
    const client = testClient({ receive: of(Frame.text('hi'), Frame.close(1000, '')) });
    expect(await texts(client, id)).toEqual(['hi']);
    expect(await texts(client, ID())).toEqual(['hi']);
    const close = await firstValueFrom(client.receive(id).pipe(filter((frame) => frame.type === 'close')));
    expect(close).toEqual(Frame.close(1000, ''));
  });

  it('takes a Subject for status', async () => {
    const statuses = new BehaviorSubject<ConnectionStatus>({ type: 'connecting', attempt: 0 });
    const client = testClient({ status: statuses });
    const connected = firstValueFrom(client.status(id).pipe(filter((status) => status.type === 'connected')));
    statuses.next({ type: 'connected', protocol: '', extensions: '' });
    expect(await connected).toEqual({ type: 'connected', protocol: '', extensions: '' });
    expect(() => client.receive(id)).toThrow('WebSocketClient.receive is unimplemented');
  });

  it('takes arrays of frames and statuses with the Observable class of rxjs', async () => {
    const statuses: ConnectionStatus[] = [
      { type: 'connecting', attempt: 0 },
      { type: 'connected', protocol: 'chat', extensions: '' },
    ];
    const client = testClient({ receive: [Frame.text('x'), Frame.close(1000, '')], status: statuses }, { Observable });
    expect(await texts(client, id)).toEqual(['x']);
    const seen: ConnectionStatus[] = [];
    for await (const status of client.status(id)) seen.push(status);
    expect(seen).toEqual(statuses);
    expect(client.status(id)).toBeInstanceOf(Observable);
  });

  it('still takes the methods themselves', async () => {
    const perId = new Map([[id, of(Frame.text('mine'), Frame.close(1000, ''))]]);
    const client = testClient({ receive: (wanted) => toStream(perId.get(wanted) ?? of<Frame>()) });
    expect(await texts(client, id)).toEqual(['mine']);
    expect(await texts(client, ID())).toEqual([]);
  });

  it('refuses an array without the Observable class, at compile time and at run time', () => {
    // @ts-expect-error an array needs { Observable } as the second argument
    const build = () => testClient({ receive: [Frame.text('x')] });
    expect(build).toThrow('testClient: an array for receive needs the Observable class');
  });
});
