import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The small HTML page the Swift servers serve to a plain HTTP GET: its script opens a WebSocket back to the server that
 * served it and adds every message it receives to `#websocket-stream`. Unlike the Swift page it connects to
 * `location.host` rather than localhost:8888, so it works on any host and port, and it shows messages as text, never
 * as HTML.
 */
export const testPage = `<!DOCTYPE html>
<html>
  <head>
    <meta charset="utf-8">
    <title>Swift NIO WebSocket Test Page</title>
    <script>
      var scheme = location.protocol === "https:" ? "wss://" : "ws://";
      var wsconnection = new WebSocket(scheme + location.host + "/websocket");
      wsconnection.onmessage = function (msg) {
        var element = document.createElement("p");
        element.textContent = msg.data;
        document.getElementById("websocket-stream").appendChild(element);
      };
    </script>
  </head>
  <body>
    <h1>WebSocket Stream</h1>
    <div id="websocket-stream"></div>
  </body>
</html>
`;

const testPageBytes = Buffer.from(testPage, 'utf8');

/** Answers a request that is not a WebSocket upgrade: the test page to a GET, 405 to any other method. */
export function answerWithTestPage(request: IncomingMessage, response: ServerResponse): void {
  if (request.method !== 'GET') {
    response.writeHead(405, { 'Content-Length': 0, Connection: 'close' }).end();
    return;
  }
  response.writeHead(200, { 'Content-Type': 'text/html', 'Content-Length': testPageBytes.length, Connection: 'close' }).end(testPageBytes);
}
