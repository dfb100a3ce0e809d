import type { Logger } from '@aws/client';
import { pino } from 'pino';
import pretty from 'pino-pretty';

/** The logging the demos need: pino's `info(object, message)`. */
export type DemoLogger = Pick<Logger, 'info'>;

/**
 * A pino logger named `name` for a demo program: readable lines in a terminal (pino-pretty, written synchronously so
 * that they interleave with the demo's prints), JSON lines when the output is piped.
 */
export function createDemoLogger(name: string): DemoLogger {
  if (!process.stdout.isTTY) return pino({ name });
  return pino({ name }, pretty({ sync: true, colorize: true, ignore: 'pid,hostname' }));
}
