import { SchemaError } from '@aws/operators';
import type { StandardSchemaV1 } from '@standard-schema/spec';

const textOf = (value: unknown): string => {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
};

function settle(result: StandardSchemaV1.Result<unknown>, value: unknown): unknown {
  if (result.issues !== undefined) throw new SchemaError(result.issues, { text: textOf(value) });
  return result.value;
}

/** Checks a value against a Standard Schema: its output, or a `SchemaError` (the one `json` reports) thrown. */
export function validate(schema: StandardSchemaV1 | undefined, value: unknown): unknown {
  if (schema === undefined) return value;
  const result = schema['~standard'].validate(value);
  return result instanceof Promise ? result.then((settled) => settle(settled, value)) : settle(result, value);
}
