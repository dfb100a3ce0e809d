import { InvalidCloseCodeError, InvalidFrameError, UnsupportedSettingError, type Frame, type Settings } from '@aws/client';

/** The platform named in the errors of the web client. */
export const webPlatform = 'the web WebSocket (browsers, Bun, Deno, workers, Node 22+)';

/**
 * Refuses at `open` every setting the web's `WebSocket` cannot honour, each with what to do instead, rather than
 * ignore it: a browser app that believes it sends an `Authorization` header, or pings, would be wrong in production
 * without a sign. The settings the client honours itself on the web (`maxMessageSize`, `closeTimeout`) are not here.
 */
export function checkWebSettings(settings: Settings): void {
  const headers = settings.headers;
  if (headers !== undefined && (typeof headers === 'function' || Object.keys(headers).length > 0)) {
    throw new UnsupportedSettingError(
      'headers',
      headers,
      webPlatform,
      'the browser sends its own cookies and Origin; put a token in the URL (url may be a function, called for every attempt) or in a first message',
    );
  }
  if (settings.tls !== undefined) {
    throw new UnsupportedSettingError('tls', settings.tls, webPlatform, "the platform's own trust store and client certificates apply");
  }
  if (settings.compression === false) {
    throw new UnsupportedSettingError('compression', false, webPlatform, 'the platform always offers permessage-deflate');
  }
  if (settings.pingInterval !== undefined) {
    throw new UnsupportedSettingError(
      'pingInterval',
      settings.pingInterval,
      webPlatform,
      'it cannot send ping frames; use heartbeat with ping and isPong, an application-level heartbeat',
    );
  }
  const heartbeat = settings.heartbeat;
  if (heartbeat !== undefined && heartbeat.ping === undefined && heartbeat.isPong === undefined) {
    throw new UnsupportedSettingError(
      'heartbeat.ping',
      undefined,
      webPlatform,
      'it cannot send ping frames; give heartbeat.ping and heartbeat.isPong for an application-level heartbeat',
    );
  }
}

/** Ping and pong frames: the web API neither sends them nor shows them (the platform answers pings itself). */
export function checkWebFrame(frame: Frame): InvalidFrameError | undefined {
  if (frame.type === 'ping' || frame.type === 'pong') {
    return new InvalidFrameError(`${frame.type} frames cannot be sent on ${webPlatform}`);
  }
  return undefined;
}

/** The web API's `close` takes 1000 and 3000–4999 only (and throws for the rest). */
export function checkWebCloseCode(code: number): InvalidCloseCodeError | undefined {
  return code === 1000 || (code >= 3000 && code <= 4999) ? undefined : new InvalidCloseCodeError(code);
}
