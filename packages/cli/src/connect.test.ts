import { Frame } from '@aws/client';
import { refuse } from '@aws/server';
import { activeHandles, settledHandles, within } from '@aws/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from './exit-code.js';
import { runCli } from './main.js';
import { testIo, type TestIo } from './testing/io.js';
import { certificatePath, startTestServer, type TestServer } from './testing/server.js';

// The client mode run in this process, on streams of the test's own, against the project's live server on
// 127.0.0.1: every path of a session without the cost of a process (bin.test.ts runs the binary itself).
const run = (io: TestIo, ...args: string[]) => within(runCli(['node', 'aws-ws', ...args], io), 10_000, `aws-ws ${args.join(' ')}`);
const jsonLines = (io: TestIo) => io.stdout.lines().map((line) => JSON.parse(line) as unknown);

let baseline: Record<string, number>;
let echo: TestServer;
beforeAll(async () => {
  baseline = activeHandles();
  echo = await startTestServer();
});
afterAll(async () => {
  await echo.close();
  expect(await settledHandles(baseline)).toEqual({});
});

describe('an interactive session through stdin', () => {
  it('sends each line, prints what arrives with direction, type and time, and closes with /close', async () => {
    const io = testIo();
    const session = run(io, echo.url, '--output', 'text', '-P');
    await io.stdout.waitFor(/connected to/);
    io.type('hello', '/ping hi', '//slash', '/nope', '/help');
    await io.stdout.waitFor(/< \S+ text {3}\/slash/);
    io.type('/close 4000 bye');
    expect(await session).toBe(ExitCode.closedAbnormally);
    const out = io.stdout.text;
    expect(out).toMatch(/^\* \d\d:\d\d:\d\d\.\d{3} connected to ws:\/\/127\.0\.0\.1:\d+\/$/m);
    expect(out).toMatch(/^> \d\d:\d\d:\d\d\.\d{3} text {3}hello$/m);
    expect(out).toMatch(/^< \d\d:\d\d:\d\d\.\d{3} text {3}hello$/m);
    expect(out).toMatch(/^< \S+ pong {3}2 B 68 69$/m);
    expect(out).toContain('/close [code] [reason]');
    expect(out).toMatch(/closed 4000 application\(4000\) "bye"$/m);
    expect(io.stderr.text).toContain('error: unknown command /nope');
    expect(out).not.toContain('\u001b['); // not a terminal: no colours
  });

  it('closes with 1000 and exits with 0 when the input ends, after what was read is written', async () => {
    const io = testIo();
    const session = run(io, echo.url);
    io.type('last words');
    io.stdin.end();
    expect(await session).toBe(ExitCode.ok);
    expect(jsonLines(io)).toEqual([{ type: 'text', text: 'last words', time: expect.any(String) }]);
    expect(io.stderr.text).toMatch(/closed 1000 normalClosure/);
  });

  it('sends -x messages first, binary lines with --binary, and shows binary in that encoding', async () => {
    const io = testIo();
    const session = run(io, echo.url, '-x', '/text first', '--binary', 'base64', '--count', '3');
    io.type('AP8=', '/text plain');
    expect(await session).toBe(ExitCode.ok);
    expect(jsonLines(io)).toEqual([
      { type: 'text', text: 'first', time: expect.any(String) },
      { type: 'binary', base64: 'AP8=', time: expect.any(String) },
      { type: 'text', text: 'plain', time: expect.any(String) },
    ]);
  });

  it('answers a line that is not valid in the binary encoding with an error, and carries on', async () => {
    const io = testIo();
    const session = run(io, echo.url, '--binary', 'hex', '--count', '1');
    io.type('0g', '01 02');
    expect(await session).toBe(ExitCode.ok);
    expect(io.stderr.text).toContain('error: not hex: "0g"');
    expect(jsonLines(io)).toEqual([{ type: 'binary', hex: '0102', time: expect.any(String) }]);
  });

  it('refuses a close code that may not be sent, and carries on', async () => {
    const io = testIo();
    const session = run(io, echo.url, '--output', 'text');
    await io.stdout.waitFor(/connected/);
    io.type('/close 1005');
    await io.stderr.waitFor(/cannot close: close code 1005 may not be sent/);
    io.type('/close');
    expect(await session).toBe(ExitCode.ok);
  });
});

describe('JSON from the shell', () => {
  let events: TestServer;
  const newUser = (id: number, name: string) => JSON.stringify({ event: { _0: { newUser: { _0: { user: { id, name } } } } } });
  beforeAll(async () => {
    events = await startTestServer({
      connected: async (connection) => {
        for (const text of [newUser(1, 'A'), '{"event":{"_0":{"streamStarted":{}}}}', 'not json', newUser(2, 'B')]) {
          await connection.send(Frame.text(text));
        }
      },
    });
  });
  afterAll(() => events.close());

  it('writes one JSON line per message with --json when piped, and says on stderr what was not JSON', async () => {
    const io = testIo();
    expect(await run(io, events.url, '--json', '--count', '3')).toBe(ExitCode.ok);
    expect(jsonLines(io)).toEqual([
      { event: { _0: { newUser: { _0: { user: { id: 1, name: 'A' } } } } } },
      { event: { _0: { streamStarted: {} } } },
      { event: { _0: { newUser: { _0: { user: { id: 2, name: 'B' } } } } } },
    ]);
    expect(io.stderr.text).toMatch(/not JSON, left out: the message is not valid JSON/);
  });

  it('keeps one case with --case and one field with --field, and counts what they keep', async () => {
    const io = testIo();
    expect(await run(io, events.url, '--case', 'event.newUser', '--field', 'user.name', '--count', '2')).toBe(ExitCode.ok);
    expect(jsonLines(io)).toEqual(['A', 'B']);
    const verbose = testIo();
    expect(await run(verbose, events.url, '--case', 'event.newUser', '-n', '2', '-v')).toBe(ExitCode.ok);
    expect(jsonLines(verbose)).toEqual([{ user: { id: 1, name: 'A' } }, { user: { id: 2, name: 'B' } }]);
    expect(verbose.stderr.text).toMatch(/skipped: expected case "newUser" after "event", got case "streamStarted"/);
  });

  it('pretty-prints JSON in text mode, in colour on a terminal and not with NO_COLOR', async () => {
    const terminal = testIo({ stdoutTTY: true });
    expect(await run(terminal, events.url, '--field', 'event._0.newUser._0.user', '-n', '1')).toBe(ExitCode.ok);
    expect(terminal.stdout.text).toContain('\u001b[35mjson\u001b[39m\n{\n  \u001b[34m"id"\u001b[39m: \u001b[33m1\u001b[39m,');
    const plain = testIo({ stdoutTTY: true, env: { NO_COLOR: '1' } });
    expect(await run(plain, events.url, '--case', 'event.newUser', '-n', '1')).toBe(ExitCode.ok);
    expect(plain.stdout.text).toContain('json\n{\n  "user": {\n    "id": 1,');
    expect(plain.stdout.text).not.toContain('\u001b[3');
  });

  it('exits with 7 when --timeout elapses before --count messages, and with 0 after --timeout alone', async () => {
    const io = testIo();
    expect(await run(io, events.url, '--case', 'event.newUser', '-n', '5', '-t', '300ms')).toBe(ExitCode.timedOut);
    expect(io.stdout.lines()).toHaveLength(2);
    expect(await run(testIo(), events.url, '-t', '200ms')).toBe(ExitCode.ok);
  });
});

describe('exit codes and errors', () => {
  it('0 when the server closes with 1000, 5 with another code, 6 when it drops the connection', async () => {
    const closing = await startTestServer({ connected: (connection) => void connection.close(1000, 'done') });
    const going = await startTestServer({ connected: (connection) => void connection.close(4001, 'kicked') });
    const dropping = await startTestServer({ connected: (connection) => void connection.drop() });
    try {
      const ios = [testIo(), testIo(), testIo()];
      const codes = await Promise.all([run(ios[0]!, closing.url), run(ios[1]!, going.url), run(ios[2]!, dropping.url)]);
      expect(codes).toEqual([ExitCode.ok, ExitCode.closedAbnormally, ExitCode.dropped]);
      expect(ios[1]!.stderr.text).toMatch(/closed 4001 application\(4001\) "kicked"/);
      expect(ios[2]!.stderr.text).toMatch(/closed 1006 abnormalClosure/);
    } finally {
      await Promise.all([closing.close(), going.close(), dropping.close()]);
    }
  });

  it('3 for a refused connection and 4 for a 401, with one line saying so and no stack trace', async () => {
    const guarded = await startTestServer({ upgrade: () => refuse(401, { body: 'who are you?' }) });
    const gone = await startTestServer();
    await gone.close();
    try {
      const refused = testIo();
      const unauthorized = testIo();
      expect(await run(refused, gone.url)).toBe(ExitCode.connectionFailed);
      expect(await run(unauthorized, guarded.url)).toBe(ExitCode.handshakeRefused);
      expect(refused.stderr.text).toBe(`error: cannot connect to ${gone.url}: connection refused (ECONNREFUSED)\n`);
      expect(unauthorized.stderr.text).toBe(`error: the server refused the connection to ${guarded.url}: HTTP 401 Unauthorized\n`);
      expect(refused.stdout.text + unauthorized.stdout.text).toBe('');
    } finally {
      await guarded.close();
    }
  });

  it('2 for a bad URL or an unreadable --ca file', async () => {
    const bad = testIo();
    expect(await run(bad, 'ws://exa mple')).toBe(ExitCode.usage);
    expect(bad.stderr.text).toMatch(/^error: invalid URL "ws:\/\/exa mple": not a URL\n/);
    const ca = testIo();
    expect(await run(ca, echo.url, '--ca', '/nonexistent/ca.pem')).toBe(ExitCode.usage);
    expect(ca.stderr.text).toMatch(/^error: cannot read the --ca file \/nonexistent\/ca.pem: ENOENT/);
  });

  it('closes with 1009 a message over --max-size', async () => {
    const big = await startTestServer({ connected: (connection) => void connection.send(Frame.text('x'.repeat(2048))) });
    try {
      const io = testIo();
      expect(await run(io, big.url, '--max-size', '1k')).toBe(ExitCode.closedAbnormally);
      expect(io.stderr.text).toMatch(/closed 1009 messageTooLarge/);
    } finally {
      await big.close();
    }
  });

  it('ends with 0 on SIGINT or SIGTERM, closing with 1000', async () => {
    const io = testIo();
    const session = run(io, echo.url);
    await io.stderr.waitFor(/connected/);
    io.signals.emit('SIGTERM');
    expect(await session).toBe(ExitCode.ok);
    expect(echo.seen.at(-1) !== undefined && (await echo.seen.at(-1)?.closed)).toEqual({ code: 1000, reason: '' });
  });
});

describe('the options of the connection', () => {
  it('sends -H headers and offers -s subprotocols; prints the protocol chosen', async () => {
    const io = testIo({ stdoutTTY: true, env: { NO_COLOR: '1' } });
    const session = run(io, echo.url, '-H', 'Authorization: Bearer t0k', '-H', 'X-Trace: 1', '-s', 'chat', '-s', 'v2', '-x', '/close');
    expect(await session).toBe(ExitCode.ok);
    const connection = echo.seen.at(-1);
    expect(connection?.headers).toMatchObject({ authorization: 'Bearer t0k', 'x-trace': '1' });
    expect(connection?.protocol).toBe('chat');
    expect(io.stdout.text).toMatch(/connected to ws:\S+ \(protocol chat/);
  });

  it('wss: refuses a certificate it cannot verify, with a hint; trusts it with --ca, or skips the check with --insecure', async () => {
    const secure = await startTestServer(undefined, 0, { tls: true });
    try {
      const [unverified, trusted, insecure] = [testIo(), testIo(), testIo()];
      expect(await run(unverified, secure.url)).toBe(ExitCode.connectionFailed);
      expect(unverified.stderr.text).toMatch(
        /^error: cannot connect to wss:\/\/127\.0\.0\.1:\d+\/: self.signed certificate.*--ca <file>.*--insecure/,
      );
      expect(await run(trusted, secure.url, '--ca', certificatePath, '-x', 'secure', '-n', '1')).toBe(ExitCode.ok);
      expect(await run(insecure, secure.url, '-k', '-x', 'anyway', '-n', '1')).toBe(ExitCode.ok);
      expect(jsonLines(trusted)).toMatchObject([{ text: 'secure' }]);
      expect(jsonLines(insecure)).toMatchObject([{ text: 'anyway' }]);
    } finally {
      await secure.close();
    }
  });

  it('pings with --heartbeat, and shows the pongs with -P', async () => {
    const io = testIo();
    const session = run(io, echo.url, '--heartbeat', '20ms', '-P', '-t', '150ms');
    expect(await session).toBe(ExitCode.ok);
    expect(io.stdout.lines().filter((line) => (JSON.parse(line) as { type: string }).type === 'pong').length).toBeGreaterThanOrEqual(2);
  });

  it('--timeout bounds the opening too: --reconnect against a server that is down exits with 7', async () => {
    const gone = await startTestServer();
    await gone.close();
    const io = testIo();
    expect(await run(io, gone.url, '--reconnect', '-t', '300ms')).toBe(ExitCode.timedOut);
    expect(io.stderr.text).toMatch(/reconnecting in [\s\S]*error: no connection to ws:\S+ within --timeout\n$/);
  });

  it('reconnects with --reconnect after the server restarts, printing the statuses', async () => {
    const first = await startTestServer();
    const io = testIo();
    const session = run(io, first.url, '--reconnect', '-n', '2');
    io.type('before');
    await io.stdout.waitFor(/"before"/);
    await first.close(); // 1001, which the client's policy retries
    await io.stderr.waitFor(/reconnecting in/);
    const second = await startTestServer(undefined, first.port);
    try {
      await io.stderr.waitFor(/connected[^\n]*\n[\s\S]*connected/, 8000);
      io.type('after');
      expect(await session).toBe(ExitCode.ok);
      expect(jsonLines(io)).toMatchObject([{ text: 'before' }, { text: 'after' }]);
      expect(io.stderr.text).toMatch(/reconnecting in \d\.\d s \(attempt 1; closed 1001 goingAway/);
    } finally {
      await second.close();
    }
  });
});
