import type { StandardSchemaV1 } from '@standard-schema/spec';
import { describe, expect, it } from 'vitest';
import { DecodeError, SchemaError } from './errors.js';
import { excerptLength } from './excerpt.js';

const issue = (message: string, path?: StandardSchemaV1.Issue['path']): StandardSchemaV1.Issue =>
  path === undefined ? { message } : { message, path };

describe('SchemaError', () => {
  it('names the first issue and where it is, in the dot notation of field paths', () => {
    const error = new SchemaError([issue('Expected number', ['users', 0, { key: 'id' }]), issue('Required', ['name'])], {
      text: '{"users":[{"id":"1"}]}',
    });
    expect(error.message).toBe(
      'the message does not match the schema at users.0.id: Expected number (and 1 more issue); text: {"users":[{"id":"1"}]}',
    );
    expect(error.excerpt).toBe('{"users":[{"id":"1"}]}');
  });

  it('says "the top level" for an issue without a path, and counts the other issues', () => {
    const error = new SchemaError([issue('Expected object'), issue('a'), issue('b')], { text: '[1]' });
    expect(error.message).toBe('the message does not match the schema at the top level: Expected object (and 2 more issues); text: [1]');
  });

  it('quotes a bounded excerpt of the text, on one line', () => {
    const text = JSON.stringify({ list: Array.from({ length: 500 }, (_, index) => index) }, null, 2);
    const error = new SchemaError([issue('Too long', ['list'])], { text });
    expect(error.excerpt).toHaveLength(excerptLength + 1);
    expect(error.excerpt.startsWith('{ "list": [ 0, 1, 2,')).toBe(true);
    expect(error.message).not.toContain('\n');
    expect(error.message.endsWith(`; text: ${error.excerpt}`)).toBe(true);
  });
});

describe('DecodeError', () => {
  it("gives the decoder's reason and quotes the text", () => {
    const cause = new SyntaxError('Unexpected end of JSON input');
    const error = new DecodeError('syntax', { cause, text: '{"request":' });
    expect(error.message).toBe('the message is not valid JSON: Unexpected end of JSON input; text: {"request":');
    expect(error.excerpt).toBe('{"request":');
    expect(error.cause).toBe(cause);
  });

  it('says when there was no text at all', () => {
    expect(new DecodeError('syntax', { cause: 'empty', text: '' }).message).toBe('the message is not valid JSON: empty; text: (empty)');
  });

  it('quotes binary that is not UTF-8 as the text it almost is', () => {
    const error = new DecodeError('utf8', { cause: new TypeError('bad'), text: '{"id":\uFFFD}' });
    expect(error.message).toBe('the binary message is not valid UTF-8; text: {"id":\uFFFD}');
    expect(error.excerpt).toBe('{"id":\uFFFD}');
  });
});
