import { describe, expect, it } from 'vitest';
import { normalizeUrl, parseArguments } from './args.js';

function parse(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const parsed = parseArguments(['node', 'aws-ws', ...args], { out: (text) => out.push(text), err: (text) => err.push(text) });
  return { parsed, out: out.join(''), err: err.join('') };
}

const options = (...args: string[]) => {
  const { parsed, err } = parse(...args);
  if (parsed.kind !== 'run') throw new Error(`expected options, got exit ${parsed.code}: ${err}`);
  return parsed.options;
};

describe('parseArguments', () => {
  it('reads a URL and the defaults of connect mode', () => {
    expect(options('ws://127.0.0.1:8080/chat')).toEqual({
      mode: 'connect',
      url: 'ws://127.0.0.1:8080/chat',
      headers: {},
      protocols: [],
      execute: [],
      reconnect: false,
      heartbeat: undefined,
      ca: undefined,
      insecure: false,
      maxSize: undefined,
      count: undefined,
      timeout: undefined,
      binary: undefined,
      selection: { json: false, case: undefined, field: undefined },
      output: undefined,
      color: true,
      showPingPong: false,
      verbose: false,
    });
  });

  it('reads every connect option, repeatable ones included', () => {
    const parsed = options(
      ...['localhost:1', '-H', 'Authorization: Bearer a:b', '-H', 'X-A:1', '-s', 'chat', '-s', 'v2', '-x', 'hi', '-r'],
      ...['--heartbeat', '5s', '--ca', 'ca.pem', '-k', '--max-size', '64k', '--binary', 'base64', '--case', 'event.newUser'],
      ...['--field', 'user.name', '-n', '3', '-t', '500ms', '-P', '--output', 'jsonl', '--no-color', '-v'],
    );
    expect(parsed).toMatchObject({
      mode: 'connect',
      url: 'ws://localhost:1/',
      headers: { Authorization: 'Bearer a:b', 'X-A': '1' },
      protocols: ['chat', 'v2'],
      execute: ['hi'],
      reconnect: true,
      heartbeat: 5000,
      ca: 'ca.pem',
      insecure: true,
      maxSize: 65536,
      binary: 'base64',
      selection: { json: false, case: 'event.newUser', field: 'user.name' },
      count: 3,
      timeout: 500,
      showPingPong: true,
      output: 'jsonl',
      color: false,
      verbose: true,
    });
  });

  it('reads listen mode', () => {
    expect(options('--listen', '0', '--broadcast', '--path', '/chat', '--json')).toMatchObject({
      mode: 'listen',
      port: 0,
      host: '127.0.0.1',
      path: '/chat',
      behaviour: 'broadcast',
      selection: { json: true },
    });
    expect(options('-l', '8080', '--echo')).toMatchObject({ behaviour: 'echo', port: 8080 });
    expect(options('-l', '8080')).toMatchObject({ behaviour: 'interactive' });
  });

  it('prints the help with examples and the exit codes, and exits with 0', () => {
    const { parsed, out } = parse('--help');
    expect(parsed).toEqual({ kind: 'exit', code: 0 });
    expect(out).toContain('Usage: aws-ws [options] <url>');
    expect(out).toContain('--listen <port>');
    expect(out).toContain('Examples:');
    expect(out).toContain('Exit codes: 0 closed with 1000');
  });

  it('answers bad usage with a message, a hint and exit code 2', () => {
    const cases: [string[], RegExp][] = [
      [[], /missing the URL/],
      [['ftp://x'], /the scheme must be ws: or wss:/],
      [['ws://'], /invalid URL/],
      [['ws://h', '-n', '0'], /-n, --count.*whole number from 1/],
      [['ws://h', '--heartbeat', 'soon'], /duration such as/],
      [['ws://h', '-H', 'no colon'], /"Name: value"/],
      [['ws://h', '--binary', 'octal'], /Allowed choices are hex, base64/],
      [['ws://h', '--bogus'], /unknown option '--bogus'/],
      [['ws://h', '--listen', '1'], /not both/],
      [['-l', '1', '--echo', '--broadcast'], /cannot go together/],
      [['-l', '1', '--reconnect'], /--reconnect is for connecting/],
      [['-l', '70000'], /from 0 to 65535/],
      [['ws://h', '--echo'], /need --listen/],
    ];
    for (const [args, message] of cases) {
      const { parsed, err } = parse(...args);
      expect(parsed, args.join(' ')).toEqual({ kind: 'exit', code: 2 });
      expect(err, args.join(' ')).toMatch(message);
      expect(err).toContain('aws-ws --help');
    }
  });
});

describe('normalizeUrl', () => {
  it('takes http as ws, https as wss, and no scheme as ws', () => {
    expect(normalizeUrl('http://h/x')).toBe('ws://h/x');
    expect(normalizeUrl('https://h')).toBe('wss://h/');
    expect(normalizeUrl('h:1/p?q=1')).toBe('ws://h:1/p?q=1');
    expect(normalizeUrl('wss://h:443/')).toBe('wss://h/');
  });
});
