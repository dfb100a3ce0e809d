import { createLiveClient } from '@aws/client-live';
import type { Demo } from './demo.js';

/** The server the Swift demos talk to. */
export const defaultUrl = 'ws://localhost:8888';

/**
 * Runs a demo as a program: against the URL given on the command line (default {@link defaultUrl}), with the live
 * client; Ctrl-C closes the connection with 1000, a second Ctrl-C quits at once.
 */
export async function runDemo(demo: Demo, args: readonly string[] = process.argv.slice(2)): Promise<void> {
  const client = createLiveClient();
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once('SIGINT', stop);
  try {
    await demo(client, args[0] ?? defaultUrl, { signal: controller.signal });
  } finally {
    process.off('SIGINT', stop);
    await client.closeAll();
  }
}
