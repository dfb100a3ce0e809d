import type { RequestType as WireRequestType, UsersMessage } from '@aws/test-utils';
import { describe, expect, it } from 'vitest';
import { Codable, type CodableEnum } from './codable.js';

type Count = 1 | 2 | 3;
type RequestType = CodableEnum<{ getUsers: { count: Count }; startStream: []; stopStream: [] }>;
type Request = CodableEnum<{ single: [RequestType]; batch: [RequestType[]] }>;
type Message = CodableEnum<{ request: [Request]; pair: [string, number] }>;

const Message = Codable.cases<Message>();
const Request = Codable.cases<Request>();
const RequestType = Codable.cases<RequestType>();

describe('Codable.cases', () => {
  it('builds the JSON Swift writes: _0 for unlabeled values, labels as they are, {} for none', () => {
    expect(Message.request([Request.single([RequestType.getUsers({ count: 2 })])])).toEqual({
      request: { _0: { single: { _0: { getUsers: { count: 2 } } } } },
    });
    expect(Request.batch([[RequestType.startStream(), RequestType.stopStream()]])).toEqual({
      batch: { _0: [{ startStream: {} }, { stopStream: {} }] },
    });
    expect(Message.pair(['a', 1])).toEqual({ pair: { _0: 'a', _1: 1 } });
  });

  it('is not mistaken for a promise', async () => {
    await expect(Promise.resolve(Message)).resolves.toBe(Message);
  });

  it('builds values the Users server of the Swift tests understands', () => {
    const wire: UsersMessage = { request: { _0: { single: { _0: { getUsers: { count: 1 } } } } } };
    expect(Message.request([Request.single([RequestType.getUsers({ count: 1 })])])).toEqual(wire);
  });
});

describe('Codable.read', () => {
  it('reads the case name and its payload for a switch', () => {
    expect(Codable.read(Request.single([RequestType.startStream()]))).toEqual({ case: 'single', value: { startStream: {} } });
    expect(Codable.read(RequestType.getUsers({ count: 3 }))).toEqual({ case: 'getUsers', value: { count: 3 } });
    expect(Codable.read(RequestType.stopStream())).toEqual({ case: 'stopStream', value: {} });
  });

  it('refuses what is not one case of an enum', () => {
    expect(() => Codable.read({ a: {}, b: {} })).toThrow(TypeError);
    expect(() => Codable.read([] as unknown)).toThrow(TypeError);
  });
});

describe('Codable.encode', () => {
  it('writes compact JSON, or JSON pretty-printed the way Swift does', () => {
    const value: WireRequestType = { getUsers: { count: 2 } };
    expect(Codable.encode(value)).toBe('{"getUsers":{"count":2}}');
    expect(Codable.encode(value, { pretty: true })).toBe('{\n  "getUsers" : {\n    "count" : 2\n  }\n}');
  });

  it('writes empty containers on three lines, as in the Swift README log', () => {
    const started = { response: { _0: { succcess: { _0: { startStream: {} } } } } };
    const swift = [
      '{',
      '  "response" : {',
      '    "_0" : {',
      '      "succcess" : {',
      '        "_0" : {',
      '          "startStream" : {',
      '',
      '          }',
      '        }',
      '      }',
      '    }',
      '  }',
      '}',
    ].join('\n');
    expect(Codable.encode(started, { pretty: true })).toBe(swift);
    expect(Codable.encode([{}, []], { pretty: true })).toBe('[\n  {\n\n  },\n  [\n\n  ]\n]');
    expect(Codable.encode({}, { pretty: true })).toBe('{\n\n}');
  });

  it('escapes slashes as Swift does, and leaves strings that look like JSON alone', () => {
    const tricky = { list: ['"a": b', 'c{}', 'http://x/'] };
    expect(Codable.encode({ url: 'a/b' })).toBe('{"url":"a\\/b"}');
    const pretty = Codable.encode(tricky, { pretty: true });
    expect(JSON.parse(pretty)).toEqual(tricky);
    expect(pretty).toContain('"\\"a\\": b"');
    expect(pretty).toContain('"c{}"');
  });

  it('refuses NaN and the infinities, as Swift JSONEncoder does, instead of writing null', () => {
    expect(() => Codable.encode({ price: Number.NaN })).toThrow(TypeError);
    expect(() => Codable.encode([Number.POSITIVE_INFINITY], { pretty: true })).toThrow(TypeError);
    expect(Codable.encode({ price: 1.5 })).toBe('{"price":1.5}');
  });
});
