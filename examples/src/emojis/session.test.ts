import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ClientRequest, encodeMessage, ServerMessage, type Message } from './protocol.js';
import { EmojisSession, maxEmojiListCount } from './session.js';

const request = (message: Message): string => JSON.stringify(encodeMessage(message));

describe('EmojisSession', () => {
  let sent: Message[];
  let writable: boolean;
  let session: EmojisSession;

  beforeEach(() => {
    vi.useFakeTimers();
    sent = [];
    writable = true;
    session = new EmojisSession(
      (message) => {
        if (writable) sent.push(message);
        return writable;
      },
      { randomEmoji: () => '🌺' },
    );
  });

  afterEach(() => {
    session.stopStream();
    vi.useRealTimers();
  });

  it('welcomes', () => {
    session.welcome();
    expect(sent).toEqual([ServerMessage.welcome()]);
  });

  it.each([
    ['no count', undefined, 1],
    ['a count of 0', 0, 1],
    ['a negative count', -5, 1],
    ['a count of 3', 3, 3],
    ['a huge count', 10 ** 12, maxEmojiListCount],
  ])('answers getRandomEmojiList with %s', (_name, count, expected) => {
    session.receive(request(ClientRequest.getRandomEmojiList(count)));
    expect(sent).toEqual([ServerMessage.success({ kind: 'getRandomEmojiList', emojis: Array(expected).fill('🌺') })]);
  });

  it('answers startStream, then sends an emoji every second until stopStream', () => {
    session.receive(request(ClientRequest.startStream()));
    expect(sent).toEqual([ServerMessage.success({ kind: 'startStream' })]);
    vi.advanceTimersByTime(999);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(2_001);
    expect(sent.slice(1)).toEqual([ServerMessage.newEmoji('🌺'), ServerMessage.newEmoji('🌺'), ServerMessage.newEmoji('🌺')]);

    session.receive(request(ClientRequest.stopStream()));
    vi.advanceTimersByTime(5_000);
    expect(sent.slice(4)).toEqual([ServerMessage.success({ kind: 'stopStream' })]);
  });

  it('replaces a running stream when asked to start again, so one stopStream stops all', () => {
    session.receive(request(ClientRequest.startStream()));
    vi.advanceTimersByTime(500);
    session.receive(request(ClientRequest.startStream()));
    vi.advanceTimersByTime(1_000);
    const events = sent.filter((message) => message.kind === 'event');
    expect(events).toHaveLength(1);
    session.receive(request(ClientRequest.stopStream()));
    expect(vi.getTimerCount()).toBe(0);
  });

  it('answers stopStream even when no stream runs', () => {
    session.receive(request(ClientRequest.stopStream()));
    expect(sent).toEqual([ServerMessage.success({ kind: 'stopStream' })]);
  });

  it('stops the stream when a message can no longer be written', () => {
    session.receive(request(ClientRequest.startStream()));
    writable = false;
    vi.advanceTimersByTime(1_000);
    expect(vi.getTimerCount()).toBe(0);
  });

  it.each(['not json', '{"request":{"_0":{"dance":{}}}}', '42'])('answers %j with malformedJSONResquest', (text) => {
    session.receive(text);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ kind: 'response', result: { kind: 'failure', reason: 'malformedJSONResquest' } });
  });

  it('ignores messages that are not requests', () => {
    session.receive(JSON.stringify(encodeMessage(ServerMessage.welcome())));
    session.receive(JSON.stringify(encodeMessage(ServerMessage.newEmoji('🌍'))));
    session.receive(JSON.stringify(encodeMessage(ServerMessage.success({ kind: 'stopStream' }))));
    expect(sent).toEqual([]);
  });
});
