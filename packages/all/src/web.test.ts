import { describe, expect, it } from 'vitest';
import * as node from './index.js';
import * as web from './web.js';

// The two entries of the umbrella, chosen by export conditions: the web one is the Node one without what needs
// Node.js (the ws client and server), and its ready client is the web client.
describe('@aws/all for browsers, Bun, Deno and workers', () => {
  const nodeOnly = ['createLiveClient', 'createLiveServer'];

  it('exports everything of the Node entry but the implementations on ws', () => {
    expect(Object.keys(web).sort()).toEqual(
      Object.keys(node)
        .filter((name) => !nodeOnly.includes(name))
        .sort(),
    );
    expect(typeof web.createWebClient).toBe('function');
  });

  it('has a ready client of its own, the web client, distinct from the live one of the Node entry', () => {
    expect(web.webSocket).not.toBe(node.webSocket);
    // The web client refuses what the web API cannot do; the live client accepts it.
    expect(() => web.webSocket.open({ id: web.ID(), url: 'ws://127.0.0.1:9', headers: { a: 'b' } })).toThrow(
      expect.objectContaining({ setting: 'headers', platform: expect.stringContaining('web WebSocket') }),
    );
  });
});
