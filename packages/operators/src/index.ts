export { byConnection, type OnConnection } from './by-connection.js';
export { caseOf, caseOf as case, type CaseOptions } from './case.js';
export type { CaseName, CasePath, CasePayload, CaseValue } from './case-path.js';
export {
  Codable,
  type AssociatedValues,
  type CodableCase,
  type CodableCaseArguments,
  type CodableCaseName,
  type CodableCaseView,
  type CodableConstructors,
  type CodableEnum,
  type EncodeOptions,
} from './codable.js';
export type { Decoder } from './decode.js';
export type { DropOptions } from './drop.js';
export { DecodeError, SchemaError, type JsonError } from './errors.js';
export { field, type FieldPath, type FieldValue } from './field.js';
export { json, type JsonOptions, type JsonSchemaOptions } from './json.js';
export { log, LogName, type LogOptions } from './log.js';
export { matching } from './matching.js';
export { on, type FrameCallbacks, type FramePath, type FrameValues } from './on.js';
export { onStatus, type StatusCallbacks, type StatusPath, type StatusValue } from './on-status.js';
export type { Operator } from './operator.js';
export type { Result } from './result.js';
export { resultCatchingFailure } from './result-catching-failure.js';
export { success } from './success.js';
export { toResult } from './to-result.js';
