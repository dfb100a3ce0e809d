import { describe, expect, it } from 'vitest';
// The one place that imports the barrel: it checks what users import, and nothing inside the package depends on it.
import * as operators from './index.js';
import { case as caseAlias, caseOf } from './index.js';

describe('@aws/operators', () => {
  it('exports every operator and helper by name', () => {
    const names = Object.keys(operators).sort();
    expect(names).toEqual([
      'Codable',
      'DecodeError',
      'LogName',
      'SchemaError',
      'byConnection',
      'case',
      'caseOf',
      'field',
      'json',
      'log',
      'matching',
      'on',
      'onStatus',
      'resultCatchingFailure',
      'success',
      'toResult',
    ]);
  });

  it('exports caseOf under the name case too', () => {
    expect(caseAlias).toBe(caseOf);
    expect(operators.case).toBe(caseOf);
  });
});
