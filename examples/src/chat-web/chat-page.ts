import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** The chat page: the Chat service's own web page, served by the Chat server on `/`. */
export const chatPage = `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Chat</title>
    <style>
      body { font: 15px system-ui, sans-serif; margin: 0; display: flex; flex-direction: column; height: 100vh; }
      header { padding: 8px 12px; background: #223; color: #fff; display: flex; gap: 12px; }
      #status[data-status="connected"] { color: #7d7; }
      #status[data-status="reconnecting"], #status[data-status="connecting"] { color: #fc6; }
      ul { list-style: none; margin: 0; padding: 8px 12px; flex: 1; overflow-y: auto; }
      li { margin: 4px 0; padding: 4px 8px; border-radius: 6px; background: #eef; width: fit-content; }
      li.mine { margin-left: auto; background: #dfd; }
      li.pending { opacity: 0.55; }
      li.pending::after { content: " (waiting)"; font-size: 12px; }
      li.failed { background: #fdd; }
      form { display: flex; gap: 8px; padding: 8px 12px; border-top: 1px solid #ccd; }
      input { flex: 1; font: inherit; padding: 6px; }
    </style>
    <script type="module" src="/chat.js"></script>
  </head>
  <body>
    <header><b id="name"></b><span id="status">loading…</span></header>
    <ul id="messages"></ul>
    <form id="composer"><input id="text" autocomplete="off" placeholder="Say something"><button>Send</button></form>
  </body>
</html>
`;

let script: Promise<string> | undefined;

/** The page's script, bundled once by esbuild from chat-app.ts (the packages resolved to their sources). */
export function chatScript(): Promise<string> {
  script ??= build({
    entryPoints: [fileURLToPath(new URL('./chat-app.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@aws/source'],
    minify: true,
    write: false,
    logLevel: 'silent',
  }).then((result) => result.outputFiles[0]?.text ?? '');
  return script;
}

/** Answers the Chat server's plain HTTP requests: the page on `/`, its script on `/chat.js`, 404 for the rest. */
export function answerWithChatPage(request: IncomingMessage, response: ServerResponse): void {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  if (request.method !== 'GET') return void response.writeHead(405, { Connection: 'close' }).end();
  if (path === '/') return void response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(chatPage);
  if (path !== '/chat.js') return void response.writeHead(404, { Connection: 'close' }).end();
  chatScript().then(
    (text) => response.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' }).end(text),
    (error: Error) => response.writeHead(500, { 'Content-Type': 'text/plain' }).end(`the chat page could not be bundled: ${error.message}`),
  );
}
