declare const idBrand: unique symbol;

/**
 * Identifies one connection of a {@link WebSocketClient}. Every method of the client takes it, so one client can hold
 * many connections at once. It is a branded string: any string can be made into an `ID`, but a plain string is not
 * accepted where an `ID` is expected by accident.
 *
 * @example
 * ```ts
 * import { ID } from '@aws/client'
 * const id = ID()            // a fresh random id
 * const named = ID('prices') // an id you choose, e.g. to find the connection again
 * ```
 */
export type ID = string & { readonly [idBrand]: 'ID' };

/**
 * Makes a connection {@link ID}: a fresh random UUID when called without argument, or the given string.
 *
 * @example
 * ```ts
 * const id = ID()
 * await client.connect({ id, url: 'ws://localhost:8888' })
 * ```
 */
export function ID(value?: string): ID {
  if (value !== undefined) return value as ID;
  const id = globalThis.crypto.randomUUID();
  // Node builds the UUID by concatenation: a tree of ~20 cons strings (~490 bytes) that stays as long as the
  // connection does. Reading a character makes V8 flatten it in place (~70 bytes).
  id.charCodeAt(0);
  return id as ID;
}
