import type { RequestType as WireRequestType, Response as WireResponse, User } from '@aws/test-utils';
import { describe, expectTypeOf, it } from 'vitest';
import { Codable, type CodableCase, type CodableEnum } from './codable.js';

type Count = 1 | 2 | 3;
type RequestType = CodableEnum<{ getUsers: { count: Count }; startStream: []; stopStream: [] }>;
type Request = CodableEnum<{ single: [RequestType]; batch: [RequestType[]] }>;
type Response = CodableEnum<{ getUsers: [{ readonly users: readonly User[] }]; startStream: []; stopStream: [] }>;

describe('Codable types', () => {
  it('describe the wire shape of each case', () => {
    expectTypeOf<CodableCase<'single', [RequestType]>>().toEqualTypeOf<{ readonly single: { readonly _0: RequestType } }>();
    expectTypeOf<CodableCase<'getUsers', { count: Count }>>().toEqualTypeOf<{ readonly getUsers: { count: Count } }>();
    expectTypeOf<CodableCase<'startStream'>>().toEqualTypeOf<{ readonly startStream: {} }>();
    expectTypeOf<RequestType>().toExtend<WireRequestType>();
    expectTypeOf<WireResponse>().toExtend<Response>();
  });

  it('type each constructor by its case', () => {
    const RequestTypes = Codable.cases<RequestType>();
    const Requests = Codable.cases<Request>();
    expectTypeOf(RequestTypes.getUsers).parameters.toEqualTypeOf<[values: { count: Count }]>();
    expectTypeOf(Requests.single).returns.toEqualTypeOf<Request>();
    Requests.batch([[RequestTypes.startStream(), RequestTypes.getUsers({ count: 1 })]]);
    // @ts-expect-error 4 is not a Count
    RequestTypes.getUsers({ count: 4 });
    // @ts-expect-error unlabeled values go in a tuple
    Requests.single(RequestTypes.startStream());
    // @ts-expect-error no such case
    RequestTypes.getUser({ count: 1 });
  });

  it('read a case for a switch', () => {
    const step = Codable.read({} as Request);
    if (step.case === 'single') expectTypeOf(step.value).toEqualTypeOf<RequestType>();
    if (step.case === 'batch') expectTypeOf(step.value).toEqualTypeOf<RequestType[]>();
    expectTypeOf(Codable.read({} as RequestType).case).toEqualTypeOf<'getUsers' | 'startStream' | 'stopStream'>();
  });
});
