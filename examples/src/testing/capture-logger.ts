import type { DemoLogger } from '../demos/demo-logger.js';

/** A logger that keeps its records, for the demo tests to read. */
export interface CaptureLogger extends DemoLogger {
  readonly records: Array<{ readonly fields: Record<string, unknown>; readonly message: string | undefined }>;
}

export function captureLogger(): CaptureLogger {
  const records: CaptureLogger['records'] = [];
  return { records, info: (fields, message) => void records.push({ fields: fields as Record<string, unknown>, message }) };
}
