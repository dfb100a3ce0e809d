/**
 * The server process of the session scenario (session.ts): the live server with a plain echo at `/plain` and a
 * session echo at `/session`, alone in its process so that its work and its garbage collections are not the measuring
 * client's. It sends `{ port }` once listening, answers `{ task: 'bytes' }` with the TCP bytes (read + written) of
 * the sockets of each path, and exits when the orchestrator goes away.
 */
import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import { createLiveServer } from '@aws/server-live';
import { sessionService } from '@aws/session';

export type SessionServerTask = { readonly task: 'bytes' };
export interface SessionServerBytes {
  readonly plain: number;
  readonly session: number;
}

const http = createServer();
const sockets: Record<keyof SessionServerBytes, Socket[]> = { plain: [], session: [] };
// The upgrade request names the path; its socket is the connection's for its whole life.
http.prependListener('upgrade', (request, socket: Socket) => {
  const path = new URL(request.url ?? '/', 'http://x').pathname;
  if (path === '/plain' || path === '/session') sockets[path === '/plain' ? 'plain' : 'session'].push(socket);
});
const server = createLiveServer({ server: http });
// Both echoes post their answer (a send that nobody awaits) and return nothing, so they differ in the session alone:
// a handler's promise is awaited before the connection's next message is handed to it (a plain echo that returned
// its send's answered one message per completed write until the server's sends of one turn shared the turn's
// write), and an echo that sent made a promise per message on both sides, which the session settles on the client's
// acknowledgement (the server's CPU per message in a probe of 200,000: 7.9-8.6 us with send, 6.3-6.9 with post).
server.register('/plain', { received: (message, connection) => connection.post({ type: 'message', message }) });
const service = sessionService(
  { received: (message, session) => session.post({ type: 'message', message }) },
  { buffer: { overflow: 'wait' } },
);
server.register('/session', service);
const { port } = await server.listen({ host: '127.0.0.1', port: 0 });

const wire = (list: readonly Socket[]): number => list.reduce((sum, socket) => sum + socket.bytesRead + socket.bytesWritten, 0);
process.on('message', (task: SessionServerTask) => {
  if (task.task === 'bytes') process.send?.({ plain: wire(sockets.plain), session: wire(sockets.session) } satisfies SessionServerBytes);
  else process.send?.({ error: `session-server: unknown task ${JSON.stringify(task)}` });
});
process.on('disconnect', () => {
  service[Symbol.dispose]();
  void server.close().finally(() => process.exit(0));
});
process.send?.({ port });
