/** What the chat page sends and shows: one JSON text message, relayed as is by the Chat server. */
export type ChatMessage = { readonly type: 'chat'; readonly chat: { readonly from: string; readonly text: string } };

/** The text frame of a chat message. */
export const chatText = (from: string, text: string): string =>
  JSON.stringify({ type: 'chat', chat: { from, text } } satisfies ChatMessage);
