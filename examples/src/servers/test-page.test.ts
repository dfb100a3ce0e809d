import { activeHandles, settledHandles } from '@aws/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { httpRequest } from '../testing/http-get.js';
import { connectPeer } from '../testing/ws-peer.js';
import { serve, type RunningServer } from './serve.js';
import { testPage } from './test-page.js';

describe('plain HTTP on a server', () => {
  let baseline: Record<string, number>;
  let server: RunningServer;
  let httpUrl: string;

  beforeEach(async () => {
    baseline = activeHandles();
    server = await serve((socket) => socket.send('upgraded'), { host: '127.0.0.1', port: 0 });
    httpUrl = server.url.replace(/^ws:/, 'http:');
  });

  afterEach(async () => {
    await server.close();
    expect(await settledHandles(baseline)).toEqual({});
  });

  it('answers a GET with the test page, its length, and Connection: close', async () => {
    const answer = await httpRequest(`${httpUrl}/any/path`);
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
    const answer = await httpRequest(httpUrl, method);
    expect(answer.status).toBe(405);
    expect(answer.headers['content-length']).toBe('0');
    expect(answer.headers.connection).toBe('close');
    expect(answer.body).toBe('');
  });

  it('upgrades a WebSocket on any path', async () => {
    await using peer = await connectPeer(`${server.url}/websocket?x=1`);
    expect(await peer.nextText()).toBe('upgraded');
  });
});
