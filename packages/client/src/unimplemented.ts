import type { Observable, Subscribable } from 'rxjs';
import type { WebSocketClient } from './client.js';
import { UnimplementedError } from './errors.js';
import type { Frame } from './frame.js';
import type { ID } from './id.js';
import type { ConnectionStatus } from './status.js';
import type { Stream } from './stream.js';
import { toStream, type ObservableConstructor } from './to-stream.js';

// The methods a test gives as they are; `receive` and `status` may be given as their streams instead.
const methods = ['open', 'connect', 'send', 'post', 'close', 'isConnected', 'closeAll'] as const;

function fail(method: string): never {
  throw new UnimplementedError(method);
}

/**
 * A {@link WebSocketClient} whose every method fails loudly with {@link UnimplementedError} naming the method:
 * synchronous methods throw, asynchronous ones reject. Start a test double from it with {@link testClient}, so that a
 * test notices at once when the code under test uses more of the client than the test expected.
 *
 * @example
 * ```ts
 * expect(() => unimplemented.receive(id)).toThrow('WebSocketClient.receive is unimplemented')
 * ```
 */
export const unimplemented: WebSocketClient = {
  open: () => fail('open'),
  connect: () => Promise.reject(new UnimplementedError('connect')),
  status: () => fail('status'),
  receive: () => fail('receive'),
  send: () => Promise.reject(new UnimplementedError('send')),
  post: () => fail('post'),
  close: () => Promise.reject(new UnimplementedError('close')),
  isConnected: () => fail('isConnected'),
  closeAll: () => Promise.reject(new UnimplementedError('closeAll')),
};

/**
 * What {@link testClient} takes: any methods of {@link WebSocketClient}, and for `receive` and `status` also an
 * Observable that every call returns as a {@link Stream}: a `Subject` the test pushes frames or statuses through, or
 * `of(...)` to replay the same values to each subscriber.
 */
export interface TestClientOverrides extends Partial<Omit<WebSocketClient, 'receive' | 'status'>> {
  readonly receive?: WebSocketClient['receive'] | Observable<Frame>;
  readonly status?: WebSocketClient['status'] | Observable<ConnectionStatus>;
}

/**
 * {@link TestClientOverrides} that may also give `receive` and `status` as the values every call replays (an array),
 * or as a plain `Subscribable`: both need {@link TestClientOptions.Observable} to become a {@link Stream}.
 */
export interface TestClientReplays extends Omit<TestClientOverrides, 'receive' | 'status'> {
  readonly receive?: TestClientOverrides['receive'] | Subscribable<Frame> | readonly Frame[];
  readonly status?: TestClientOverrides['status'] | Subscribable<ConnectionStatus> | readonly ConnectionStatus[];
}

/** The second argument of {@link testClient}, needed when it builds streams from arrays. */
export interface TestClientOptions {
  /** RxJS's `Observable` (`import { Observable } from 'rxjs'`): `@aws/client` has no runtime dependency on RxJS, so
   * the streams of arrays and plain `Subscribable`s are built with the caller's. */
  readonly Observable: ObservableConstructor;
}

// Every element, then the end, to each subscriber: `of(...)` without importing rxjs.
const replay = <T>(values: readonly T[]): Subscribable<T> => ({
  subscribe(observer) {
    for (const value of values) observer.next?.(value);
    observer.complete?.();
    return { unsubscribe() {} };
  },
});

/** The method that returns the stream `override` describes, or the override itself when it is that method. */
function streamMethod<T>(
  name: 'receive' | 'status',
  override: ((id: ID) => Stream<T>) | Observable<T> | Subscribable<T> | readonly T[],
  Observable: ObservableConstructor | undefined,
): (id: ID) => Stream<T> {
  if (typeof override === 'function') return override;
  if (isArray(override) && Observable === undefined) {
    throw new TypeError(`testClient: an array for ${name} needs the Observable class: testClient({ ${name}: [...] }, { Observable })`);
  }
  const source = isArray(override) ? replay(override) : override;
  // Without the class, the overloads of testClient let only Observables through, and toStream takes theirs.
  const stream = Observable === undefined ? toStream(source as Observable<T>) : toStream(source, Observable);
  // One stream for every call: a Subject is shared, as the live client's streams are; of(...) replays to each.
  return () => stream;
}

const isArray = <T>(value: object): value is readonly T[] => Array.isArray(value);

/**
 * A test double of {@link WebSocketClient}: the methods you give, and {@link unimplemented} for the rest. `receive`
 * and `status` may also be given as what they return: an Observable (a `Subject` to push from the test, `of(...)`),
 * or, with `{ Observable }` from rxjs as the second argument, an array of the frames or statuses every call replays.
 *
 * @example
 * ```ts
 * const sent: Frame[] = []
 * const client = testClient({ send: async (_id, frame) => void sent.push(frame) })
 * await greet(client, id) // the code under test, written against WebSocketClient
 * expect(sent).toEqual([Frame.text('Hello')])
 *
 * const frames = new Subject<Frame>()
 * const listening = testClient({ receive: frames, isConnected: () => true })
 * frames.next(Frame.text('{"welcome":{}}')) // reaches every subscriber of listening.receive(id)
 *
 * const replaying = testClient({ receive: [Frame.text('a'), Frame.close(1000, '')] }, { Observable })
 * ```
 */
export function testClient(overrides?: TestClientOverrides): WebSocketClient;
export function testClient(overrides: TestClientReplays, options: TestClientOptions): WebSocketClient;
export function testClient(overrides: TestClientReplays = {}, options?: TestClientOptions): WebSocketClient {
  const client: WebSocketClient = { ...unimplemented };
  for (const method of methods) {
    const override = overrides[method];
    if (override !== undefined) Object.assign(client, { [method]: override });
  }
  if (overrides.receive !== undefined) client.receive = streamMethod('receive', overrides.receive, options?.Observable);
  if (overrides.status !== undefined) client.status = streamMethod('status', overrides.status, options?.Observable);
  return client;
}
