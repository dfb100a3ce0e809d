// A file of your own in the workspace: `pnpm try examples/scratch/hello.ts` from the repository root. It starts the
// examples' Echo server on a free port, says hello through the live client, and prints what comes back.
import { Frame, ID } from '@aws/client';
import { createLiveClient } from '@aws/client-live';
import { on } from '@aws/operators';
import { firstValueFrom } from 'rxjs';
import { startEchoServer } from '../src/servers/echo.js';

await using server = await startEchoServer({ host: '127.0.0.1', port: 0 }, () => {});
const client = createLiveClient();
await using connection = await client.connect({ id: ID(), url: server.url });

const echo = firstValueFrom(connection.frames.pipe(on('message.text')));
await connection.send(Frame.text('Hello'));
console.log('echoed:', await echo);
