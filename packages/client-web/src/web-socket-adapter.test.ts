import type { Frame } from '@aws/client';
import type { SocketEvents } from '@aws/core';
import { describe, expect, it } from 'vitest';
import { WebSocketAdapter } from './web-socket-adapter.js';
import type { WebSocketEvent, WebSocketLike } from './web-socket-api.js';

type Listener = Parameters<WebSocketLike['addEventListener']>[1];

/** A socket that keeps its listeners, so the test dispatches events the way a platform would. */
function fakeSocket(): WebSocketLike & { listeners: Map<string, Listener[]> } {
  const listeners = new Map<string, Listener[]>();
  return {
    listeners,
    readyState: 1,
    bufferedAmount: 0,
    protocol: '',
    extensions: '',
    binaryType: 'blob',
    send() {},
    close() {},
    addEventListener(type, listener) {
      listeners.set(type, [...(listeners.get(type) ?? []), listener]);
    },
    removeEventListener(type, listener) {
      listeners.set(
        type,
        (listeners.get(type) ?? []).filter((candidate) => candidate !== listener),
      );
    },
  };
}

function recorder(): { events: SocketEvents; received: Frame[]; opened: number } {
  const record = { received: [] as Frame[], opened: 0 };
  const events: SocketEvents = {
    opened: () => (record.opened += 1),
    received: (frame) => record.received.push(frame),
    dropped() {},
    openingFailed() {},
    failed() {},
    ended() {},
  };
  return Object.assign(record, { events });
}

const limits = { maxMessageSize: 1024, closeTimeout: 1000, protocolsOffered: false, receiveOverflow: 'close' } as const;

describe('WebSocketAdapter listeners', () => {
  it('registers a function (Node’s EventTarget wraps a handleEvent object in an async call per event) that also has handleEvent', () => {
    const socket = fakeSocket();
    const record = recorder();
    new WebSocketAdapter(socket, record.events, limits);
    const [listener] = socket.listeners.get('message') ?? [];
    expect(typeof listener).toBe('function');
    // A platform that calls functions, and one that only knows listener objects, both reach the adapter.
    (listener as unknown as (event: WebSocketEvent) => void)({ type: 'open' });
    listener?.handleEvent({ type: 'message', data: 'by handleEvent' } as never);
    (listener as unknown as (event: WebSocketEvent) => void)({ type: 'message', data: 'by call' });
    expect(record.opened).toBe(1);
    expect(record.received).toEqual([
      { type: 'message', message: { type: 'text', text: 'by handleEvent' } },
      { type: 'message', message: { type: 'text', text: 'by call' } },
    ]);
  });

  it('registers one listener for the four events and removes it from all of them when the socket ends', () => {
    const socket = fakeSocket();
    const adapter = new WebSocketAdapter(socket, recorder().events, limits);
    const types = ['open', 'message', 'error', 'close'];
    const all = types.flatMap((type) => socket.listeners.get(type) ?? []);
    expect(all).toHaveLength(4);
    expect(new Set(all).size).toBe(1);
    adapter.handleEvent({ type: 'close', code: 1000, reason: '' });
    expect(types.flatMap((type) => socket.listeners.get(type) ?? [])).toEqual([]);
  });
});
