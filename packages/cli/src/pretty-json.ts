import type { Colours } from './colour.js';

/**
 * Writes a JSON value indented by two spaces, as `JSON.stringify(value, null, 2)` does, with keys, strings,
 * numbers, booleans and null in colours of their own when the colours are enabled (jq's choice of colours).
 */
export function prettyJson(value: unknown, paint: Colours, indent = ''): string {
  if (value === null) return paint.dim('null');
  switch (typeof value) {
    case 'string':
      return paint.green(JSON.stringify(value));
    case 'number':
    case 'boolean':
      return paint.yellow(JSON.stringify(value));
    case 'object':
      break;
    default:
      // What JSON.parse never gives (undefined, a function): written as JSON.stringify would inside an array.
      return paint.dim('null');
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => inner + prettyJson(item, paint, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  const members = entries.map(([key, item]) => `${inner}${paint.blue(JSON.stringify(key))}: ${prettyJson(item, paint, inner)}`);
  return `{\n${members.join(',\n')}\n${indent}}`;
}
