// The chat page's script, bundled for the browser by chat-page.ts: the Chat service on @aws/client-web and the
// operators. It shows the connection's status as it reconnects, and what it sends while offline waits in the
// client's send queue (shown as pending) and goes out in order once the connection is back.
import { Frame, ID, type ConnectionStatus } from '@aws/client';
import { createWebClient } from '@aws/client-web';
import { caseOf, success } from '@aws/operators';
import { chatText, type ChatMessage } from './chat-message.js';

const params = new URLSearchParams(location.search);
const name = params.get('name') ?? `guest-${Math.floor(Math.random() * 1000)}`;
// Reconnection with backoff; `?retry=ms` makes it a fixed delay (the test makes one page come back later than the
// others, deterministically).
const retry = params.get('retry');
const reconnect = retry === null ? { minDelay: 250, maxDelay: 5_000 } : { minDelay: Number(retry), maxDelay: Number(retry) };

const element = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const messages = element<HTMLUListElement>('messages');
const statusLine = element<HTMLSpanElement>('status');
const input = element<HTMLInputElement>('text');
element<HTMLSpanElement>('name').textContent = name;

function show(from: string, text: string, mine: boolean): HTMLLIElement {
  const item = document.createElement('li');
  item.className = mine ? 'mine pending' : 'theirs';
  const who = document.createElement('b');
  who.textContent = `${from}: `;
  item.append(who, text);
  messages.append(item);
  item.scrollIntoView({ block: 'end' });
  return item;
}

function describe(status: ConnectionStatus): string {
  switch (status.type) {
    case 'connecting':
      return status.attempt === 0 ? 'connecting…' : `connecting (attempt ${status.attempt})…`;
    case 'connected':
      return 'connected';
    case 'reconnecting':
      return `offline: trying again in ${(status.delay / 1000).toFixed(1)} s`;
    case 'didClose':
      return `closed (${status.code})`;
    case 'didFail':
      return `failed: ${status.error.message}`;
  }
}

const client = createWebClient();
const id = ID();
const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
const status = client.open({
  id,
  url: `${scheme}://${location.host}/chat`,
  protocols: ['chat'],
  reconnect,
  // While offline, messages wait (in order, bounded) rather than fail.
  sendQueue: { messages: 100 },
});
status.subscribe((current) => {
  statusLine.textContent = describe(current);
  statusLine.dataset.status = current.type;
});

client
  .receive(id)
  .pipe(success<ChatMessage>(), caseOf('chat'))
  .subscribe(({ from, text }) => show(from, text, false));

element<HTMLFormElement>('composer').addEventListener('submit', (event) => {
  event.preventDefault();
  const text = input.value.trim();
  if (text === '') return;
  input.value = '';
  const item = show(name, text, true);
  client.send(id, Frame.text(chatText(name, text))).then(
    () => item.classList.replace('pending', 'sent'),
    (error: Error) => {
      item.classList.replace('pending', 'failed');
      item.title = error.message;
    },
  );
});
