import { ConnectionFailedError, Frame, iterate, type ConnectionStatus, type WebSocketClientError } from '@aws/client';
import { Subject, lastValueFrom, of, toArray, type Subscribable } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { on } from './on.js';

const bytes = (...values: number[]): Uint8Array => new Uint8Array(values);
const frames: Frame[] = [
  Frame.text('hello'),
  Frame.binary(bytes(1, 2)),
  Frame.ping(bytes(3)),
  Frame.pong(bytes(4)),
  Frame.text('world'),
  Frame.close(1001, 'bye'),
];

describe('on (frames)', () => {
  it.each([
    ['message.text', ['hello', 'world']],
    ['message.binary', [bytes(1, 2)]],
    [
      'message',
      [
        { type: 'text', text: 'hello' },
        { type: 'binary', data: bytes(1, 2) },
        { type: 'text', text: 'world' },
      ],
    ],
    ['ping', [bytes(3)]],
    ['pong', [bytes(4)]],
    ['close', [{ code: 1001, reason: 'bye' }]],
  ] as const)('keeps %s frames and emits their content', async (path, expected) => {
    const values = await lastValueFrom(of(...frames).pipe(on(path), toArray()));
    expect(values).toEqual(expected);
  });

  it('runs onClose on the close frame, whatever the path keeps', async () => {
    const onClose = vi.fn();
    const values = await lastValueFrom(of(...frames).pipe(on('message.text', { onClose }), toArray()));
    expect(values).toEqual(['hello', 'world']);
    expect(onClose).toHaveBeenCalledExactlyOnceWith({ code: 1001, reason: 'bye' });
  });

  it('waits for an async onClose before emitting the close and completing', async () => {
    const events: string[] = [];
    let release = (): void => {};
    const onClose = (): Promise<void> => new Promise<void>((resolve) => (release = resolve)).then(() => void events.push('onClose done'));
    const source = new Subject<Frame>();
    source.pipe(on('close', { onClose })).subscribe({
      next: (close) => events.push(`close ${close.code}`),
      complete: () => events.push('complete'),
    });
    source.next(Frame.close(1000));
    source.complete();
    await Promise.resolve();
    expect(events).toEqual([]);
    release();
    await vi.waitFor(() => expect(events).toEqual(['onClose done', 'close 1000', 'complete']));
  });

  it('errors the stream when onClose throws', async () => {
    const failure = new Error('boom');
    const result = lastValueFrom(
      of(Frame.close()).pipe(
        on('close', {
          onClose: () => {
            throw failure;
          },
        }),
      ),
    );
    await expect(result).rejects.toBe(failure);
  });

  it('accepts a plain subscribable and can be consumed with for await', async () => {
    const subject = new Subject<Frame>();
    const plain: Subscribable<Frame> = { subscribe: (observer) => subject.subscribe(observer) };
    const texts: string[] = [];
    const loop = (async () => {
      for await (const text of iterate(on('message.text')(plain))) texts.push(text);
    })();
    await Promise.resolve();
    for (const frame of frames) subject.next(frame);
    subject.complete();
    await loop;
    expect(texts).toEqual(['hello', 'world']);
  });
});

const connected: ConnectionStatus = { type: 'connected', protocol: 'chat', extensions: '' };
const failed = new ConnectionFailedError(new Error('refused')) as WebSocketClientError;

describe('on (statuses)', () => {
  it('keeps the statuses of one type', async () => {
    const statuses: ConnectionStatus[] = [{ type: 'connecting', attempt: 0 }, connected, { type: 'didClose', code: 1000, reason: '' }];
    expect(await lastValueFrom(of(...statuses).pipe(on('connected'), toArray()))).toEqual([connected]);
  });

  it('calls onDidClose and onDidFail with the close and the error', async () => {
    const onDidClose = vi.fn();
    const onDidFail = vi.fn();
    const statuses: ConnectionStatus[] = [
      { type: 'didClose', code: 1006, reason: 'gone' },
      { type: 'didFail', error: failed },
    ];
    const kept = await lastValueFrom(of(...statuses).pipe(on('connecting', { onDidClose, onDidFail }), toArray()));
    expect(kept).toEqual([]);
    expect(onDidClose).toHaveBeenCalledExactlyOnceWith({ code: 1006, reason: 'gone' });
    expect(onDidFail).toHaveBeenCalledExactlyOnceWith(failed);
  });

  it('lets status types it does not know pass by without failing', async () => {
    const later = { type: 'suspended', until: 100 } as unknown as ConnectionStatus;
    const kept = await lastValueFrom(of(later, connected).pipe(on('connected'), toArray()));
    expect(kept).toEqual([connected]);
  });
});
