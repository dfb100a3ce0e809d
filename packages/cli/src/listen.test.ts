import { type Connection, Frame, ID } from '@aws/client';
import { createLiveClient } from '@aws/client-live';
import { on } from '@aws/operators';
import { activeHandles, settledHandles, waitFor, within } from '@aws/test-utils';
import { firstValueFrom, lastValueFrom, take, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from './exit-code.js';
import { runCli } from './main.js';
import { testIo } from './testing/io.js';

// The server mode run in this process on streams of the test's own, with the project's live client as the other end.
const client = createLiveClient();
let baseline: Record<string, number>;
beforeAll(() => {
  baseline = activeHandles();
});
afterAll(async () => {
  await client.closeAll();
  expect(await settledHandles(baseline)).toEqual({});
});

async function serve(...args: string[]) {
  const io = testIo();
  const exit = within(runCli(['node', 'aws-ws', '--listen', '0', ...args], io), 10_000, 'the server');
  const [, url = ''] = await io.stdout.waitFor(/listening on (ws:\/\/\S+)/);
  return { io, exit, url };
}

const join = (url: string, protocols?: string[]) => client.connect({ id: ID(), url, ...(protocols === undefined ? {} : { protocols }) });
const texts = (connection: Connection, count: number) => firstValueFrom(connection.frames.pipe(on('message.text'), take(count), toArray()));

describe('aws-ws --listen', () => {
  it('--broadcast relays every message to every other client: the chat, with three clients', async () => {
    const { io, exit, url } = await serve('--broadcast', '--path', '/chat');
    expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/chat$/);
    const [ann, bob, cy] = await Promise.all([join(url), join(url), join(url)]);
    if (ann === undefined || bob === undefined || cy === undefined) throw new Error('three clients');
    await waitFor(() => io.stdout.text.includes('#3 connected'), 5000, 'three connections');
    const [toAnn, toBob, toCy] = [texts(ann, 2), texts(bob, 2), texts(cy, 2)];
    await ann.send(Frame.text('ann: hi'));
    await waitFor(() => io.stdout.text.includes('ann: hi'), 5000, 'the first message');
    await bob.send(Frame.text('bob: hello'));
    await waitFor(() => io.stdout.text.includes('bob: hello'), 5000, 'the second message');
    await cy.send(Frame.text('cy: hey'));
    expect(await toAnn).toEqual(['bob: hello', 'cy: hey']);
    expect(await toBob).toEqual(['ann: hi', 'cy: hey']);
    expect(await toCy).toEqual(['ann: hi', 'bob: hello']);
    await bob.close(4000, 'gone');
    await io.stdout.waitFor(/#2 disconnected 4000 application\(4000\) "gone"/);
    io.signals.emit('SIGINT');
    expect(await exit).toBe(ExitCode.ok);
    // The others were closed with 1001 when the server stopped.
    expect(await lastValueFrom(ann.status)).toEqual({ type: 'didClose', code: 1001, reason: 'server stopping' });
    expect(io.stdout.text).toMatch(/^\* \S+ #1 connected from 127\.0\.0\.1 \(\/chat\)$/m);
    expect(io.stdout.text).toMatch(/^< \S+ #1 text {3}ann: hi$/m);
    expect(io.stdout.text).toMatch(/#3 disconnected 1001 goingAway "server stopping"/);
  });

  it('--echo sends every message back, and accepts a -s subprotocol the client offers', async () => {
    const { io, exit, url } = await serve('--echo', '-s', 'chat');
    const connection = await join(`${url}?user=ann`, ['other', 'chat']);
    expect(connection.protocol).toBe('chat');
    const echoed = texts(connection, 1);
    await connection.send(Frame.text('ping?'));
    expect(await echoed).toEqual(['ping?']);
    // An echo server runs on when its input ends.
    io.stdin.end();
    await connection.close();
    io.signals.emit('SIGTERM');
    expect(await exit).toBe(ExitCode.ok);
    expect(io.stdout.text).toMatch(/#1 connected from 127\.0\.0\.1 \(\/\?user=ann, protocol chat\)/);
  });

  it('interactive: the lines typed go to every client; /close closes them with its code and stops', async () => {
    const { io, exit, url } = await serve('--json');
    const [one, two] = await Promise.all([join(url), join(url)]);
    if (one === undefined || two === undefined) throw new Error('two clients');
    await waitFor(() => io.stdout.text.includes('#2 connected'), 5000, 'two connections');
    const [toOne, toTwo] = [texts(one, 1), texts(two, 1)];
    io.type('hello everyone');
    expect(await toOne).toEqual(['hello everyone']);
    expect(await toTwo).toEqual(['hello everyone']);
    await io.stdout.waitFor(/sent to 2 connections/);
    await one.send(Frame.text('{"n":1}'));
    await io.stdout.waitFor(/#1 json\n\{\n {2}"n": 1\n\}/);
    io.type('/close 4001 maintenance');
    expect(await exit).toBe(ExitCode.ok);
    expect(await lastValueFrom(two.status)).toEqual({ type: 'didClose', code: 4001, reason: 'maintenance' });
  });

  it('interactive: the end of the input stops the server', async () => {
    const { io, exit } = await serve();
    io.stdin.end();
    expect(await exit).toBe(ExitCode.ok);
    expect(io.stdout.text).toMatch(/stopping: closing 0 connection\(s\) with 1001/);
  });

  it('exits with 3 when the port is taken', async () => {
    const { io: first, exit, url } = await serve('--echo');
    const port = new URL(url).port;
    const io = testIo();
    expect(await runCli(['node', 'aws-ws', '--listen', port], io)).toBe(ExitCode.connectionFailed);
    expect(io.stderr.text).toBe(`error: cannot listen on 127.0.0.1:${port}: the address is in use\n`);
    first.signals.emit('SIGTERM');
    expect(await exit).toBe(ExitCode.ok);
  });
});
