import { Frame } from '@aws/client';
import { describe, expect, it } from 'vitest';
import { httpRequest } from '../testing/http-get.js';
import { connectPeer } from '../testing/ws-peer.js';
import { anyFreePort, useServer } from '../testing/server-fixture.js';
import { serve } from './serve.js';
import { testPage } from './test-page.js';

describe('plain HTTP on a server', () => {
  const running = useServer(() => serve({ connected: (connection) => void connection.send(Frame.text('upgraded')) }, anyFreePort));
  const httpUrl = (): string => running.server.url.replace(/^ws:/, 'http:');

  it('answers a GET with the test page, its length, and Connection: close', async () => {
    const answer = await httpRequest(`${httpUrl()}/any/path`);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/html');
    expect(answer.headers['content-length']).toBe(String(Buffer.byteLength(testPage)));
    expect(answer.headers.connection).toBe('close');
    expect(answer.body).toBe(testPage);
  });

  it('serves a page whose script connects back to where it came from and lists messages', () => {
    expect(testPage).toContain('<title>Swift NIO WebSocket Test Page</title>');
    expect(testPage).toContain('location.host + "/websocket"');
    expect(testPage).toContain('<div id="websocket-stream"></div>');
    expect(testPage).not.toContain('localhost:8888');
  });

  it.each(['POST', 'PUT', 'DELETE', 'HEAD'])('answers %s with 405, an empty body and Connection: close', async (method) => {
    const answer = await httpRequest(httpUrl(), method);
    expect(answer.status).toBe(405);
    expect(answer.headers['content-length']).toBe('0');
    expect(answer.headers.connection).toBe('close');
    expect(answer.body).toBe('');
  });

  it('upgrades a WebSocket on any path', async () => {
    await using peer = await connectPeer(`${running.server.url}/websocket?x=1`);
    expect(await peer.nextText()).toBe('upgraded');
  });
});
