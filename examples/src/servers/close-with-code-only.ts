import type { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';

/**
 * Makes `socket` answer a client's close frame with the client's code alone, as the Swift Time and Emojis servers do
 * (they echo the first two bytes of the close payload), where `ws` would echo the reason too.
 *
 * `ws` sends its answer from its receiver's 'conclude' event and offers no option for it, so this closes first from a
 * listener put ahead of `ws`'s own; `ws` then sees the close already under way and sends nothing more. The receiver is
 * not public API: when it is missing, the socket keeps `ws`'s answer, and the server tests notice.
 */
export function answerCloseWithCodeOnly(socket: WebSocket): void {
  const receiver = (socket as unknown as { _receiver?: EventEmitter })._receiver;
  receiver?.prependListener('conclude', (code: number) => {
    // 1005 means the client's close frame had no code: the answer has none either.
    if (code === 1005) socket.close();
    else socket.close(code);
  });
}
