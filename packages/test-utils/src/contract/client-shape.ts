/**
 * The `WebSocketClient` interface of `@aws/client`, as far as the contract suite uses it, written out structurally:
 * the suite is bundled alone into browsers, Bun and Deno, and this package depends on no `@aws` package. Passing a
 * real client to {@link runContract} checks at compile time that the interface still fits this shape.
 */
export type ContractMessage = { readonly type: 'text'; readonly text: string } | { readonly type: 'binary'; readonly data: Uint8Array };

export type ContractFrame =
  | { readonly type: 'message'; readonly message: ContractMessage }
  | { readonly type: 'ping'; readonly data: Uint8Array }
  | { readonly type: 'pong'; readonly data: Uint8Array }
  | { readonly type: 'close'; readonly code: number; readonly reason: string };

export interface ContractError {
  readonly _tag: string;
  readonly message: string;
  readonly status?: number | undefined;
}

export type ContractStatus =
  | { readonly type: 'connecting'; readonly attempt: number }
  | { readonly type: 'connected'; readonly protocol: string; readonly extensions: string }
  | { readonly type: 'didClose'; readonly code: number; readonly reason: string }
  | { readonly type: 'didFail'; readonly error: ContractError }
  | { readonly type: 'reconnecting'; readonly attempt: number; readonly delay: number };

export interface Unsubscribable {
  unsubscribe(): void;
}

export interface ContractStream<T> {
  subscribe(observer: { next?: (value: T) => void; error?: (error: unknown) => void; complete?: () => void }): Unsubscribable;
}

export interface ContractCloseInfo {
  readonly code: number;
  readonly reason: string;
}

export interface ContractConnection extends AsyncDisposable {
  readonly id: string;
  readonly protocol: string;
  readonly frames: ContractStream<ContractFrame> & AsyncIterable<ContractFrame>;
  readonly status: ContractStream<ContractStatus>;
  send(frame: ContractFrame): Promise<void>;
  post(frame: ContractFrame): void;
  close(code?: number, reason?: string): Promise<ContractCloseInfo>;
  isConnected(): boolean;
}

/** The settings the suite uses; a real `Settings` has more. */
export interface ContractSettings {
  readonly id: never;
  readonly url: string | (() => string);
  readonly protocols?: readonly string[] | (() => readonly string[]);
  readonly headers?: Readonly<Record<string, string>>;
  readonly reconnect?:
    | boolean
    | { readonly minDelay?: number; readonly maxDelay?: number; readonly maxAttempts?: number; readonly minUptime?: number };
  readonly sendQueue?: { readonly messages?: number; readonly overflow?: 'reject' | 'dropOldest' | 'wait' };
  readonly receiveBuffer?: { readonly messages?: number; readonly bytes?: number };
  readonly handshakeTimeout?: number;
  readonly maxMessageSize?: number;
  readonly pingInterval?: number;
  readonly heartbeat?: {
    readonly interval: number;
    readonly timeout?: number;
    readonly ping?: () => ContractFrame;
    readonly isPong?: (frame: ContractFrame) => boolean;
  };
  readonly signal?: AbortSignal;
}

export interface ContractClient {
  open(settings: ContractSettings): ContractStream<ContractStatus>;
  connect(settings: ContractSettings): Promise<ContractConnection>;
  status(id: never): ContractStream<ContractStatus>;
  receive(id: never): ContractStream<ContractFrame>;
  send(id: never, frame: ContractFrame): Promise<void>;
  post(id: never, frame: ContractFrame): void;
  close(id: never, code?: number, reason?: string): Promise<ContractCloseInfo>;
  isConnected(id: never): boolean;
  closeAll(code?: number, reason?: string): Promise<void>;
}
