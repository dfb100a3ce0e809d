import { InvalidSettingsError } from '@aws/client';
import { count, milliseconds, resolveReceiveBuffer, resolveSendQueue, type PeerSettings } from '@aws/core';
import type { CompressionOptions, ServiceOptions } from '@aws/server';

/** A service's options, checked at `register` and resolved once for all its connections. */
export interface ServiceSettings {
  readonly peer: PeerSettings;
  readonly maxMessageSize: number;
  readonly closeTimeout: number;
  readonly compression:
    | (Required<Omit<CompressionOptions, 'clientMaxWindowBits'>> & Pick<CompressionOptions, 'clientMaxWindowBits'>)
    | undefined;
}

/**
 * Checks a service's options (`InvalidSettingsError` naming the one out of its domain) and fills in the defaults.
 *
 * @example
 * ```ts
 * const settings = resolveServiceSettings({ connectionTimeout: 60_000, sendQueue: { overflow: 'close' } })
 * ```
 */
export function resolveServiceSettings(options: ServiceOptions = {}): ServiceSettings {
  const { overflow = 'reject', ...bounds } = options.sendQueue ?? {};
  if (overflow !== 'reject' && overflow !== 'dropOldest' && overflow !== 'wait' && overflow !== 'close') {
    throw new InvalidSettingsError('sendQueue.overflow', overflow, "'reject', 'dropOldest', 'wait' or 'close'");
  }
  const connectionTimeout =
    options.connectionTimeout === undefined ? undefined : milliseconds('connectionTimeout', options.connectionTimeout, undefined, 20);
  return {
    peer: {
      // Kitura: a ping after half the timeout, and no pong by the end of it drops the connection.
      heartbeat: connectionTimeout === undefined ? undefined : { interval: connectionTimeout / 2, timeout: connectionTimeout / 2 },
      readTimeout: options.readTimeout === undefined ? undefined : milliseconds('readTimeout', options.readTimeout, undefined, 10),
      sendQueue: resolveSendQueue({ ...bounds, overflow: overflow === 'close' ? 'reject' : overflow }),
      closeWhenFull: overflow === 'close',
      receiveBuffer: resolveReceiveBuffer(options.receiveBuffer),
    },
    maxMessageSize: count('maxMessageSize', options.maxMessageSize, 100 * 1024 * 1024),
    closeTimeout: milliseconds('closeTimeout', options.closeTimeout, 5_000),
    compression: compression(options.compression),
  };
}

function compression(options: ServiceOptions['compression']): ServiceSettings['compression'] {
  if (options === undefined || options === false) return undefined;
  const given = options === true ? {} : options;
  const bits = (setting: string, value: number | undefined): number | undefined => {
    if (value === undefined || (Number.isInteger(value) && value >= 8 && value <= 15)) return value;
    throw new InvalidSettingsError(setting, value, 'a whole number of bits from 8 to 15');
  };
  const clientMaxWindowBits = bits('compression.clientMaxWindowBits', given.clientMaxWindowBits);
  return {
    threshold: count('compression.threshold', given.threshold, 1024, 0),
    serverNoContextTakeover: given.serverNoContextTakeover ?? false,
    clientNoContextTakeover: given.clientNoContextTakeover ?? false,
    serverMaxWindowBits: bits('compression.serverMaxWindowBits', given.serverMaxWindowBits) ?? 15,
    ...(clientMaxWindowBits === undefined ? {} : { clientMaxWindowBits }),
  };
}
