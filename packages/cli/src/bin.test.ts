import { type Connection, Frame, ID } from '@aws/client';
import { createLiveClient } from '@aws/client-live';
import { on } from '@aws/operators';
import { refuse } from '@aws/server';
import { firstValueFrom, take, toArray } from 'rxjs';
import { afterAll, describe, expect, it } from 'vitest';
import { ExitCode } from './exit-code.js';
import { aws, ensureScript, inTerminal, killChildren } from './testing/child.js';
import { startTestServer, type TestServer } from './testing/server.js';

// The binary itself, as a child process (one Node.js with tsx as its loader, ~1 s to start on a small machine):
// few processes, started together where they can run side by side. The paths through a session are covered in this
// process by connect.test.ts and listen.test.ts; these prove the binary, its exit codes and the terminal.
const servers: TestServer[] = [];
const client = createLiveClient();
afterAll(async () => {
  killChildren();
  await client.closeAll();
  await Promise.all(servers.map((server) => server.close()));
});
const server = async (...args: Parameters<typeof startTestServer>) => {
  const started = await startTestServer(...args);
  servers.push(started);
  return started;
};
const texts = (connection: Connection, count: number) => firstValueFrom(connection.frames.pipe(on('message.text'), take(count), toArray()));
const ESC = '\u001b[';

describe('the aws-ws binary', () => {
  it('exits by how the session ended: 1000, 1006, refused, 401; piped --json and --field; --help', async () => {
    const users = JSON.stringify({
      users: [
        { id: 1, name: 'A' },
        { id: 2, name: 'B' },
      ],
    });
    const [normal, dropping, guarded, gone, json] = await Promise.all([
      server({ connected: (connection) => void connection.close(1000) }),
      server({ connected: (connection) => void connection.drop() }),
      server({ upgrade: () => refuse(401) }),
      server(),
      server({
        received: (message, connection) => connection.send(Frame.text(message.type === 'text' && message.text === 'users?' ? users : '{}')),
      }),
    ]);
    await gone.close();
    const piped = aws([json.url, '--field', 'users.1.name', '-n', '1']);
    piped.type('users?');
    // A reader that goes away (`| head -1`): the session closes with 1000 and ends with 0, no 'error' thrown.
    const headed = aws([json.url]);
    headed.type('first');
    headed.process.stdout.once('data', () => {
      headed.process.stdout.destroy();
      headed.type('second', 'third');
    });
    const children = [aws([normal.url]), aws([dropping.url]), aws([gone.url]), aws([guarded.url]), piped, aws(['--help'])];
    const codes = await Promise.all([...children, headed].map((child) => child.exit));
    expect(codes).toEqual([
      ...[ExitCode.ok, ExitCode.dropped, ExitCode.connectionFailed, ExitCode.handshakeRefused, ExitCode.ok, ExitCode.ok],
      ExitCode.ok,
    ]);
    expect(headed.stderr).toMatch(/closed 1000 normalClosure/);
    expect(headed.stderr).not.toContain('EPIPE');
    const [closed, dropped, refused, unauthorized, field, help] = children.map((child) => child!);
    expect(closed?.stderr).toMatch(/closed 1000 normalClosure/);
    expect(dropped?.stderr).toMatch(/closed 1006 abnormalClosure/);
    expect(refused?.stderr).toBe(`error: cannot connect to ${gone.url}: connection refused (ECONNREFUSED)\n`);
    expect(unauthorized?.stderr).toBe(`error: the server refused the connection to ${guarded.url}: HTTP 401 Unauthorized\n`);
    expect(
      field?.stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as unknown),
    ).toEqual(['B']);
    expect(help?.stdout).toContain('Examples:');
    for (const child of children) expect(child.stderr).not.toMatch(/\n\s+at /); // no stack trace
  }, 60_000);

  it('--listen --broadcast: a chat of three clients, one of them aws-ws itself; reconnection after a restart', async () => {
    const chat = aws(['--listen', '0', '--broadcast']);
    const [, url = ''] = await chat.waitFor(/listening on (ws:\/\/\S+)/);
    const port = new URL(url).port;
    const member = aws([url, '--reconnect']);
    await chat.waitFor(/#1 connected/);
    const [ann, bob] = await Promise.all([client.connect({ id: ID(), url }), client.connect({ id: ID(), url })]);
    await chat.waitFor(/#3 connected/);
    const [toAnn, toBob] = [texts(ann, 2), texts(bob, 1)];
    member.type('member: hi all');
    await chat.waitFor(/member: hi all/);
    await bob.send(Frame.text('bob: hi member'));
    expect(await toBob).toEqual(['member: hi all']);
    expect(await toAnn).toEqual(['member: hi all', 'bob: hi member']);
    await member.waitFor(/"text":"bob: hi member"/);
    expect(member.stdout).not.toContain('member: hi all'); // not relayed back to its sender

    // The server stops (1001: the client reconnects) and starts again on the same port.
    chat.process.kill('SIGTERM');
    expect(await chat.exit).toBe(ExitCode.ok);
    expect(chat.stdout).toMatch(/#2 disconnected 1001 goingAway "server stopping"/);
    const again = aws(['--listen', port, '--echo']);
    await again.waitFor(/#1 connected/, 10_000);
    member.type('/close');
    expect(await member.exit).toBe(ExitCode.ok);
    expect(member.stderr).toMatch(/reconnecting in \d+\.\d s \(attempt 1; closed 1001 goingAway "server stopping"\)/);
    expect(member.stderr.match(/connected to ws:/g)).toHaveLength(2);
    again.process.kill('SIGINT');
    expect(await again.exit).toBe(ExitCode.ok);
  }, 60_000);

  it('in a terminal: a prompt, colours, the session typed in; NO_COLOR turns the colours off', async () => {
    await ensureScript();
    const echo = await server();
    const coloured = inTerminal([echo.url, '--json']);
    const plain = inTerminal([echo.url], { env: { NO_COLOR: '1' } });
    await Promise.all([coloured.waitFor(/connected to/), plain.waitFor(/connected to/)]);
    coloured.process.stdin.write('{"a":[1,"x"]}\r');
    plain.process.stdin.write('hello\r');
    await Promise.all([coloured.waitFor(/"x"/), plain.waitFor(/< \S+ text {3}hello/)]);
    plain.process.stdin.write('\u001b[A\r'); // up: the history gives the last line back, enter sends it again
    await plain.waitFor(/< \S+ text {3}hello[\s\S]*< \S+ text {3}hello/);
    coloured.process.stdin.write('/close 4000 bye\r');
    plain.process.stdin.write('\u0004'); // Ctrl-D: the end of the input, a close with 1000
    expect(await Promise.all([coloured.exit, plain.exit])).toEqual([ExitCode.closedAbnormally, ExitCode.ok]);
    // The prompt, and the line typed after it, as readline draws them.
    expect(coloured.stdout).toMatch(/> .*\{"a":\[1,"x"\]\}/);
    expect(coloured.stdout).toContain(`${ESC}36m<${ESC}39m`);
    expect(coloured.stdout).toContain(`${ESC}34m"a"${ESC}39m: [`);
    expect(coloured.stdout).toContain(`${ESC}32m"x"${ESC}39m`);
    expect(coloured.stdout).toMatch(/closed 4000 application\(4000\) "bye"/);
    expect(plain.stdout).toMatch(/> .*hello/);
    expect(plain.stdout).toMatch(/closed 1000 normalClosure/);
    expect(plain.stdout).not.toMatch(new RegExp(`${ESC.replace('[', '\\[')}3\\dm`));
  }, 330_000);
});
