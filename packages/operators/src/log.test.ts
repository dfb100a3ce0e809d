import { ConnectionFailedError, Frame, type ConnectionStatus } from '@aws/client';
import { lastValueFrom, of, toArray } from 'rxjs';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// The default logger is pino on stdout; the test swaps pino for a recorder to see what it would write.
const records = vi.hoisted(() => ({ lines: [] as Array<[object, string]>, created: 0 }));
vi.mock('pino', () => ({
  pino: (options: { name: string }) => {
    records.created += 1;
    return { info: (object: object, message: string) => records.lines.push([{ name: options.name, ...object }, message]) };
  },
}));

const { log, LogName } = await import('./log.js');

const frames: Frame[] = [Frame.text('hi'), Frame.binary(new Uint8Array([1, 255])), Frame.ping(), Frame.close(1001, 'bye')];
const error = new ConnectionFailedError(new Error('refused'));
const statuses: ConnectionStatus[] = [
  { type: 'connecting', attempt: 0 },
  { type: 'connected', protocol: '', extensions: '' },
  { type: 'didFail', error },
];

describe('log', () => {
  beforeEach(() => {
    records.lines.length = 0;
  });

  it('creates no logger before it logs', () => {
    log();
    expect(records.created).toBe(0);
  });

  it('passes every frame through and logs it with pino under async-websocket.frame', async () => {
    expect(await lastValueFrom(of(...frames).pipe(log(), toArray()))).toEqual(frames);
    expect(records.created).toBe(1);
    expect(records.lines).toEqual([
      [{ name: LogName.frame, frame: 'message.text', text: 'hi' }, 'message.text'],
      [{ name: LogName.frame, frame: 'message.binary', byteLength: 2, data: '01ff' }, 'message.binary'],
      [{ name: LogName.frame, frame: 'ping', byteLength: 0, data: '' }, 'ping'],
      [{ name: LogName.frame, frame: 'close', code: 1001, reason: 'bye' }, 'close'],
    ]);
    expect(LogName.frame).toBe('async-websocket.frame');
  });

  it('logs statuses under async-websocket.connection, with a failure under err', async () => {
    expect(await lastValueFrom(of(...statuses).pipe(log(), toArray()))).toEqual(statuses);
    expect(records.lines).toEqual([
      [{ name: 'async-websocket.connection', status: 'connecting', attempt: 0 }, 'connecting'],
      [{ name: 'async-websocket.connection', status: 'connected', protocol: '', extensions: '' }, 'connected'],
      [{ name: 'async-websocket.connection', status: 'didFail', err: error }, 'didFail'],
    ]);
    // One pino logger per name, each made once: the frame logger of the test before, and this one.
    expect(records.created).toBe(2);
  });

  it('writes to an injected logger instead of the default, with the name in a logger field (pino has its own name)', async () => {
    const info = vi.fn();
    await lastValueFrom(of(Frame.text('x')).pipe(log({ logger: { info } })));
    expect(info).toHaveBeenCalledExactlyOnceWith({ logger: LogName.frame, frame: 'message.text', text: 'x' }, 'message.text');
    expect(records.lines).toEqual([]);
  });

  it('runs a custom action instead of logging', async () => {
    const action = vi.fn();
    expect(await lastValueFrom(of(...frames).pipe(log(action), toArray()))).toEqual(frames);
    expect(action.mock.calls.map(([frame]) => frame)).toEqual(frames);
    expect(records.lines).toEqual([]);
  });

  it('logs other elements under a generic name', async () => {
    await lastValueFrom(of(42).pipe(log()));
    expect(records.lines).toEqual([[{ name: 'async-websocket', value: 42 }, 'element']]);
  });
});
