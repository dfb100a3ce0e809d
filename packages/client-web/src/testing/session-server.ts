import type { Server } from 'node:http';
import { Frame } from '@aws/client';
import { createLiveServer, type LiveServer } from '@aws/server-live';
import { sessionService, type ServerSession } from '@aws/session';

/** The server's half of the probe: `count` numbered messages to the first session, `kills` drops of its socket spread
 * over the progress of both directions, every third right after a resumption. */
export async function probeServer(count: number, kills: number, http?: Server) {
  const server: LiveServer = createLiveServer(http === undefined ? {} : { server: http });
  const got: number[] = [];
  const settled = { resolved: 0, rejected: 0 };
  let killed = 0;
  let resumes = 0;
  let clientProgress = 0;
  let live: ServerSession | undefined;
  let killOnResume = false;
  const step = Math.floor((2 * count) / (kills + 3));
  let next = step;
  // A dropped socket stays the session's connection until its end is seen: each kill takes a socket not yet killed.
  const dropped = new WeakSet<object>();
  const kill = (session: ServerSession | undefined): boolean => {
    const connection = session?.connection;
    if (killed >= kills || connection === undefined || dropped.has(connection)) return false;
    dropped.add(connection);
    killed += 1;
    if (killed % 3 === 2) killOnResume = true;
    void connection.drop();
    return true;
  };
  // A threshold passed while the socket was still going counts for the next socket.
  const progress = (): void => {
    if (got.length + clientProgress >= next && kill(live)) next += step;
  };
  const service = sessionService(
    {
      connected: (session) => {
        live = session;
        for (let i = 0; i < count; i += 1) {
          session.send(Frame.text(String(i))).then(
            () => {
              settled.resolved += 1;
              // What the client acknowledged counts as its progress: the server cannot see its frame stream.
              clientProgress = settled.resolved;
              progress();
            },
            () => void (settled.rejected += 1),
          );
        }
      },
      resumed: (session) => {
        resumes += 1;
        if (killOnResume) {
          killOnResume = false;
          kill(session);
        }
      },
      received: (message) => {
        if (message.type === 'text') got.push(Number(message.text));
        progress();
      },
    },
    { buffer: { overflow: 'wait' }, grace: 10_000 },
  );
  server.register('/probe', service);
  const { url } = await server.listen({ host: '127.0.0.1', port: 0 });
  return {
    url: `${url}/probe`,
    got,
    settled,
    counts: () => ({ killed, resumes }),
    close: async () => {
      service[Symbol.dispose]();
      await server.close();
    },
  };
}
