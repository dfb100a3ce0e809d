import { Frame, ID, type CloseInfo } from '@aws/client';
import { createLiveClient } from '@aws/client-live';
import { waitFor } from '@aws/test-utils';
import { lastValueFrom } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { anyFreePort, useServer } from '../testing/server-fixture.js';
import { connectPeer } from '../testing/ws-peer.js';
import { chatConnectionTimeoutMs, chatPath, chatService, startChatServer, textOnlyReason } from './chat.js';

const client = createLiveClient();
afterEach(() => client.closeAll());

/** A client of the project's live client, with Kitura's chat subprotocol, and the texts it receives. */
async function chatter(url: string): Promise<{ connection: Awaited<ReturnType<typeof client.connect>>; texts: string[] }> {
  const connection = await client.connect({ id: ID(), url: `${url}${chatPath}`, protocols: ['chat'] });
  const texts: string[] = [];
  connection.frames.subscribe((frame) => {
    if (frame.type === 'message' && frame.message.type === 'text') texts.push(frame.message.text);
  });
  return { connection, texts };
}

const quiet = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('Chat server', () => {
  const running = useServer((log) => startChatServer(anyFreePort, { log }));

  it("relays each text to every other client, never back to its sender (Kitura's ChatService)", async () => {
    const ada = await chatter(running.server.url);
    const bob = await chatter(running.server.url);
    await using carol = await connectPeer(`${running.server.url}${chatPath}`);
    expect(ada.connection.protocol).toBe('chat');
    await waitFor(() => running.logged.filter((line) => line.startsWith('[Connected]')).length === 3, 2_000, 'three connected');

    await ada.connection.send(Frame.text('hello from ada'));
    expect(await carol.nextText()).toBe('hello from ada');
    await waitFor(() => bob.texts.length === 1, 2_000, 'bob has it');
    expect(bob.texts).toEqual(['hello from ada']);

    carol.socket.send('hi, carol here');
    await waitFor(() => ada.texts.length === 1 && bob.texts.length === 2, 2_000, 'ada and bob have it');
    expect(ada.texts).toEqual(['hi, carol here']);
    expect(bob.texts).toEqual(['hello from ada', 'hi, carol here']);
    // Nothing came back to a sender.
    expect(await carol.drain(100)).toEqual([]);
    expect(ada.texts).toEqual(['hi, carol here']);
    await ada.connection.close();
    await bob.connection.close();
  });

  it('closes the sender of a binary message with 1003 "Chat-Server only accepts text messages"; the others chat on', async () => {
    const ada = await chatter(running.server.url);
    const bob = await chatter(running.server.url);
    await using carol = await connectPeer(`${running.server.url}${chatPath}`);
    await waitFor(() => running.logged.filter((line) => line.startsWith('[Connected]')).length === 3, 2_000, 'three connected');

    const adaEnded = lastValueFrom(ada.connection.status);
    await ada.connection.send(Frame.binary(new Uint8Array([1, 2, 3])));
    expect(await adaEnded).toMatchObject({ type: 'didClose', code: 1003, reason: textOnlyReason });
    // Its binary message reached no one.
    await waitFor(
      () => running.logged.some((line) => /^\[Disconnected\] \S+ 1003 Chat-Server only accepts text messages$/.test(line)),
      2_000,
      'ada disconnected',
    );
    expect(bob.texts).toEqual([]);
    expect(await carol.drain(50)).toEqual([]);

    await bob.connection.send(Frame.text('still here?'));
    expect(await carol.nextText()).toBe('still here?');
    carol.socket.send(Buffer.from('bytes'), { binary: true });
    expect(await carol.next()).toEqual({ type: 'close', code: 1003, reason: textOnlyReason });
    await bob.connection.close();
  });

  it('serves the chat on /chat only', async () => {
    const elsewhere = await client.connect({ id: ID(), url: `${running.server.url}/other` }).catch((error: unknown) => error);
    expect(elsewhere).toMatchObject({ _tag: 'HandshakeFailedError', status: 404 });
  });
});

describe("Chat server's connectionTimeout", () => {
  it("is Kitura's 60 s", () => {
    expect(chatConnectionTimeoutMs).toBe(60_000);
    expect(chatService(null as never).options?.connectionTimeout).toBe(60_000);
  });

  const running = useServer((log) => startChatServer(anyFreePort, { log, connectionTimeout: 200 }));

  it('drops a client that stops answering pings (1006) and keeps those that answer', async () => {
    const answering = await chatter(running.server.url);
    const silent = new WebSocket(`${running.server.url}${chatPath}`, { autoPong: false });
    const silentEnded = new Promise<CloseInfo>((resolve) =>
      silent.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    silent.on('error', () => {});
    await new Promise((resolve) => silent.once('open', resolve));
    expect((await silentEnded).code).toBe(1006);
    await waitFor(() => running.logged.some((line) => / 1006$/.test(line)), 2_000, 'the silent client disconnected');
    await quiet(250);
    expect(answering.connection.isConnected()).toBe(true);
    await answering.connection.close();
  });
});
