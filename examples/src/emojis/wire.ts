import type { CodableCase, CodableEnum } from '@aws/operators';

// The Emoji Service Protocol as it travels, in the JSON of Swift's `Codable` (the shapes `encodeMessage` writes): what
// the client of `@aws/rpc` sends and reads, without the `kind` representation of `protocol.ts`.

/** `Request` of the Swift models. */
export type EmojisRequest = CodableEnum<{ getRandomEmojiList: [{ readonly count?: number }]; startStream: []; stopStream: [] }>;
/** `Response` of the Swift models: the same case names as the requests. */
export type EmojisResponse = CodableEnum<{ getRandomEmojiList: [{ readonly emojis: readonly string[] }]; startStream: []; stopStream: [] }>;
/** `Event` of the Swift models. */
export type EmojisEvent = CodableCase<'emojiDidChangedEvent', [{ readonly newEmoji: string }]>;
/** The server's greeting, `Message.welcome`. */
export type EmojisWelcome = CodableCase<'welcome', [{ readonly message: string }]>;
