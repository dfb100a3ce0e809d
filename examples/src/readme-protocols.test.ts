import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startEmojisServer } from './servers/emojis.js';
import { startUsersServer } from './servers/users.js';
import { anyFreePort, useServer } from './testing/server-fixture.js';
import { connectPeer, type Received, type WsPeer } from './testing/ws-peer.js';

// The "Wire protocols" section of the README is what a client author reads instead of the source: every request of
// its tables is sent to the real server here, and the answers must be the ones it shows.

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The text of the `### title` section of the README, up to the next heading. */
function section(title: string): string {
  const start = readme.indexOf(`\n### ${title}\n`);
  if (start === -1) throw new Error(`the README has no section ${title}`);
  const end = readme.slice(start + 1).search(/\n##/);
  return end === -1 ? readme.slice(start) : readme.slice(start, start + 1 + end);
}

interface Exchange {
  readonly request: string;
  readonly send: string;
  /** The JSON of each answer, in order; none for a row where the server answers nothing. */
  readonly answers: readonly string[];
}

// An answer is a JSON sample; the prose around it may quote a shape with `…` in it, which is none.
const isJson = (text: string): boolean => {
  try {
    JSON.parse(text);
    return text.startsWith('{');
  } catch {
    return false;
  }
};

const codeSpans = (cell: string): string[] => Array.from(cell.matchAll(/`([^`]+)`/g), (match) => match[1] as string);

/** The rows of the `| Request | You send | The server answers |` table of a section. */
function exchanges(text: string): Exchange[] {
  const lines = text.split('\n');
  const header = lines.findIndex((line) => line.startsWith('| Request | You send | The server answers |'));
  expect(header, 'the exchanges table').toBeGreaterThan(-1);
  const rows = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    const [request = '', send = '', answers = ''] = line.slice(2, -2).split(' | ');
    const [sent] = codeSpans(send);
    if (sent === undefined) throw new Error(`no request in the row ${line}`);
    rows.push({ request, send: sent, answers: codeSpans(answers).filter(isJson) });
  }
  return rows;
}

/** Every emoji an answer carries, in order: the server is told to draw exactly those. */
function emojisOf(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => {
    if (key === 'newEmoji' && typeof inner === 'string') return [inner];
    if (key === 'emojis' && Array.isArray(inner)) return inner.filter((emoji): emoji is string => typeof emoji === 'string');
    return emojisOf(inner);
  });
}

const contentOf = (received: Received): string => {
  if (received.type === 'text') return received.text;
  if (received.type === 'binary') return received.data.toString('utf8');
  throw new Error(`expected a message, received ${JSON.stringify(received)}`);
};

async function expectAnswers(peer: WsPeer, row: Exchange, type: 'text' | 'binary'): Promise<void> {
  for (const answer of row.answers) {
    const received = await peer.next();
    expect(received.type, row.request).toBe(type);
    expect(JSON.parse(contentOf(received)), row.request).toEqual(JSON.parse(answer));
  }
  if (row.answers.length === 0) expect(await peer.drain(150), row.request).toEqual([]);
}

describe('the README on the Emojis protocol', () => {
  const emojis = section('Emojis');
  const drawn: string[] = [];
  const running = useServer((log) =>
    startEmojisServer(anyFreePort, { log, streamIntervalMs: 60_000, randomEmoji: () => drawn.shift() ?? '❓' }),
  );

  it('shows the welcome the server sends', async () => {
    await using peer = await connectPeer(running.server.url);
    const welcome = emojis.match(/`(\{"welcome":.*?\})`/)?.[1];
    expect(JSON.parse(await peer.nextText())).toEqual(JSON.parse(welcome ?? 'null'));
  });

  it('answers each request of the table as shown', async () => {
    await using peer = await connectPeer(running.server.url);
    await peer.nextText();
    const rows = exchanges(emojis);
    expect(rows.length).toBeGreaterThanOrEqual(8);
    for (const row of rows) {
      drawn.splice(0, drawn.length, ...row.answers.flatMap((answer) => emojisOf(JSON.parse(answer))));
      peer.socket.send(row.send);
      await expectAnswers(peer, row, 'text');
    }
  });
});

describe('the README on the events of an Emojis stream', () => {
  const drawn: string[] = [];
  const running = useServer((log) =>
    startEmojisServer(anyFreePort, { log, streamIntervalMs: 10, randomEmoji: () => drawn.shift() ?? '❓' }),
  );

  it('shows them as the server sends them', async () => {
    const event = section('Emojis').match(/`(\{"event":.*?\})`/)?.[1] ?? 'null';
    drawn.push(...emojisOf(JSON.parse(event)));
    await using peer = await connectPeer(running.server.url);
    await peer.nextText();
    peer.socket.send('{"request":{"_0":{"startStream":{}}}}');
    await peer.nextText();
    expect(JSON.parse(await peer.nextText())).toEqual(JSON.parse(event));
  });
});

describe('the README on the Users protocol', () => {
  const running = useServer(() => startUsersServer(anyFreePort));

  it('answers each request of the table, on one connection, as shown', async () => {
    await using peer = await connectPeer(running.server.url);
    const rows = exchanges(section('Users'));
    expect(rows.length).toBeGreaterThanOrEqual(8);
    for (const row of rows) {
      peer.socket.send(Buffer.from(row.send), { binary: true });
      await expectAnswers(peer, row, 'binary');
    }
  });
});
