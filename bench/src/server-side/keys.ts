/** The servers of the server benchmark, as the scenarios and the reports name them. */

/** The servers compared; `ws` is the baseline of every ratio. `live@ref` is the project's server on the ref's build. */
export type ServerKey = 'ws' | 'live' | 'live@ref';

export const serverBaseline: ServerKey = 'ws';

export const serverLabels: Readonly<Record<ServerKey, string>> = {
  ws: 'raw ws WebSocketServer (baseline)',
  live: '@aws/server-live',
  'live@ref': '@aws/server-live (ref)',
};

export const serverKeys = (withRef: boolean): ServerKey[] => (withRef ? ['ws', 'live', 'live@ref'] : ['ws', 'live']);
export const isRefServer = (key: ServerKey): boolean => key === 'live@ref';
