import { DecodingError } from '../shared/swift-decoding.js';
import { decodeMessage } from './decode.js';
import { ServerMessage, type Message } from './protocol.js';
import { randomEmoji } from './random-emoji.js';

/** The most emojis one `getRandomEmojiList` returns: a count is the client's to choose, memory is not. */
export const maxEmojiListCount = 1_000;

export interface EmojisSessionOptions {
  /** Milliseconds between two emojis of a stream. @default 1000 */
  readonly streamIntervalMs?: number;
  /** Draws the emojis. @default {@link randomEmoji} */
  readonly randomEmoji?: () => string;
}

/**
 * What the Emojis server does for one connection, apart from the socket: it reads each text frame as a request and
 * answers through `send`, which returns whether the message could be written. A stream belongs to its connection, and
 * starting one again replaces the one running.
 */
export class EmojisSession {
  private stream: NodeJS.Timeout | undefined;
  private readonly streamIntervalMs: number;
  private readonly draw: () => string;

  constructor(
    private readonly send: (message: Message) => boolean,
    options: EmojisSessionOptions = {},
  ) {
    this.streamIntervalMs = options.streamIntervalMs ?? 1_000;
    this.draw = options.randomEmoji ?? randomEmoji;
  }

  /** Greets the client; the server calls it once the connection is open. */
  welcome(): void {
    this.send(ServerMessage.welcome());
  }

  /** Handles the text of one frame. Messages other than requests are ignored, as in the Swift server. */
  receive(text: string): void {
    const message = this.decode(text);
    if (message?.kind !== 'request') return;
    const { request } = message;
    switch (request.kind) {
      case 'getRandomEmojiList':
        return void this.send(ServerMessage.success({ kind: request.kind, emojis: this.drawList(request.count) }));
      case 'startStream':
        return this.startStream();
      case 'stopStream':
        this.stopStream();
        return void this.send(ServerMessage.success({ kind: request.kind }));
    }
  }

  /** Stops the stream, if one runs; the server calls it when the connection closes. */
  stopStream(): void {
    clearInterval(this.stream);
    this.stream = undefined;
  }

  private decode(text: string): Message | undefined {
    try {
      return decodeMessage(text);
    } catch (error) {
      if (!(error instanceof DecodingError)) throw error;
      this.send(ServerMessage.malformedRequest(error.message));
      return undefined;
    }
  }

  // A missing, zero or negative count means one emoji, as in the Swift server.
  private drawList(count = 1): string[] {
    const length = Math.min(Math.max(count, 1), maxEmojiListCount);
    return Array.from({ length }, () => this.draw());
  }

  private startStream(): void {
    this.stopStream();
    if (!this.send(ServerMessage.success({ kind: 'startStream' }))) return;
    this.stream = setInterval(() => {
      if (!this.send(ServerMessage.newEmoji(this.draw()))) this.stopStream();
    }, this.streamIntervalMs);
  }
}
