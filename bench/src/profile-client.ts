/**
 * Profiling aid: one client reads one flood for a while in this very process, so that `--cpu-prof` sees only the
 * client's hot path (the server stays in its own process). From bench/:
 *
 *   node --cpu-prof --cpu-prof-dir=results/profiles --import tsx --conditions=@aws/source \
 *     src/profile-client.ts live-pipeline 64 4000
 */
import { clientNames, loadClient, type ClientName } from './clients/adapter.js';
import { startServer } from './server.js';
import { sleep } from './timing.js';

const [name = 'live-frames', size = '64', duration = '4000'] = process.argv.slice(2);
if (!clientNames.includes(name as ClientName)) throw new Error(`unknown client ${name}: ${clientNames.join(', ')}`);
const adapter = await loadClient(name as ClientName);
if (adapter.flood === undefined) throw new Error(`${name} has no flood adapter`);
const server = await startServer();
let messages = 0;
const session = await adapter.flood(server.url(`/flood/${size}`), () => void (messages += 1));
await sleep(Number(duration));
console.log(`${name}, ${size} B: ${Math.round((messages * 1000) / Number(duration)).toLocaleString('en-US')} messages/s`);
await session.close();
await server.stop();
