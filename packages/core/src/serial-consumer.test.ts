import { Frame } from '@aws/client';
import { describe, expect, it } from 'vitest';
import { FrameHub } from './frame-hub.js';
import { SerialConsumer } from './serial-consumer.js';

const marks = { highMessages: 4, highBytes: 1 << 20, lowMessages: 1, lowBytes: 1 << 19 };

function hubWithPauses(): { hub: FrameHub; pauses: boolean[] } {
  const pauses: boolean[] = [];
  return { hub: new FrameHub({ receiveMarks: marks, pressureChanged: (paused) => pauses.push(paused) }), pauses };
}

const texts = (frames: Frame[]): string[] =>
  frames.map((frame) => (frame.type === 'message' && frame.message.type === 'text' ? frame.message.text : frame.type));
const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** A consumer whose handler and failure are given as functions, as a test wants them. */
class Consumer extends SerialConsumer {
  constructor(
    hub: FrameHub,
    private readonly handler: (frame: Frame) => void | PromiseLike<void>,
    private readonly onFailure: (error: unknown) => void,
  ) {
    super(hub);
  }

  protected handle(frame: Frame): void | PromiseLike<void> {
    return this.handler(frame);
  }

  protected failed(error: unknown): void {
    this.onFailure(error);
  }
}

describe('SerialConsumer', () => {
  it('gets the backlog first, then each frame as it comes, synchronously for a handler that returns nothing', async () => {
    const { hub } = hubWithPauses();
    hub.emit(Frame.text('early'));
    const seen: Frame[] = [];
    new Consumer(
      hub,
      (frame) => void seen.push(frame),
      () => {},
    ).start();
    await tick();
    hub.emit(Frame.text('late'));
    expect(texts(seen)).toEqual(['early', 'late']);
  });

  it('holds the next frame until a returned promise settles, and pauses the socket past the high mark', async () => {
    const { hub, pauses } = hubWithPauses();
    const seen: string[] = [];
    let release = (): void => {};
    new Consumer(
      hub,
      (frame) => {
        seen.push(texts([frame])[0] as string);
        if (seen.length === 1) return new Promise<void>((resolve) => (release = resolve));
        return undefined;
      },
      () => {},
    ).start();
    await tick();
    for (const text of ['a', 'b', 'c', 'd', 'e', 'f']) hub.emit(Frame.text(text));
    expect(seen).toEqual(['a']);
    expect(pauses).toEqual([true]);
    release();
    await tick();
    expect(seen).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(pauses).toEqual([true, false]);
  });

  it('stops at a throw or a rejection: failed gets the error once, the queue is let go and the socket resumes', async () => {
    for (const mode of ['throw', 'reject'] as const) {
      const { hub, pauses } = hubWithPauses();
      const errors: unknown[] = [];
      const seen: string[] = [];
      let fail = (): void => {};
      new Consumer(
        hub,
        (frame) => {
          seen.push(texts([frame])[0] as string);
          if (mode === 'throw' && seen.length === 6) throw new Error('boom');
          if (mode === 'reject' && seen.length === 1) return new Promise<void>((_, reject) => (fail = () => reject(new Error('boom'))));
          return undefined;
        },
        (error) => errors.push(error),
      ).start();
      await tick();
      for (const text of ['a', 'b', 'c', 'd', 'e', 'f', 'g']) hub.emit(Frame.text(text));
      fail();
      await tick();
      hub.emit(Frame.text('after'));
      expect(errors.map((error) => (error as Error).message)).toEqual(['boom']);
      expect(seen).toEqual(mode === 'throw' ? ['a', 'b', 'c', 'd', 'e', 'f'] : ['a']);
      expect(pauses.at(-1) ?? false).toBe(false);
    }
  });

  it('handles what waited before the close frame, which comes last', async () => {
    const { hub } = hubWithPauses();
    const seen: Frame[] = [];
    let release = (): void => {};
    new Consumer(
      hub,
      (frame) => {
        seen.push(frame);
        if (seen.length === 1) return new Promise<void>((resolve) => (release = resolve));
        return undefined;
      },
      () => {},
    ).start();
    await tick();
    hub.emit(Frame.text('a'));
    hub.emit(Frame.text('b'));
    hub.emit({ type: 'close', code: 1000, reason: '' });
    hub.complete();
    release();
    await tick();
    expect(texts(seen)).toEqual(['a', 'b', 'close']);
  });
});
