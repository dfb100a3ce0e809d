import { Frame } from '@aws/client';
import { Codable, type CodableEnum } from '@aws/operators';
import { from, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { printed, select, type Selection } from './select.js';

const run = (selection: Selection, frames: Frame[]) => lastValueFrom(from(frames).pipe(select(selection), toArray()));

type Event = CodableEnum<{ newUser: [{ user: { id: number; name: string } }]; streamStarted: [] }>;
type Message = CodableEnum<{ event: [Event] }>;
const Message = Codable.cases<Message>();
const Event = Codable.cases<Event>();
const newUser = JSON.stringify(Message.event([Event.newUser([{ user: { id: 7, name: 'G' } }])]));
const started = JSON.stringify(Message.event([Event.streamStarted([])]));

describe('select', () => {
  it('passes every frame through untouched without --json', async () => {
    const frames = [Frame.text('{"a":1}'), Frame.ping()];
    expect(await run({ json: false }, frames)).toEqual(frames.map((frame) => ({ kind: 'frame', frame })));
  });

  it('decodes JSON messages with --json, reports text that is not JSON, and leaves control frames alone', async () => {
    const ping = Frame.ping();
    const [value, invalid, control] = await run({ json: true }, [Frame.text('{"a":[1,2]}'), Frame.text('nope'), ping]);
    expect(value).toMatchObject({ kind: 'value', value: { a: [1, 2] } });
    expect(invalid).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('not valid JSON') });
    expect(control).toEqual({ kind: 'frame', frame: ping });
  });

  it('decodes binary JSON too, and shows a binary message that is not JSON as binary', async () => {
    const bytes = Frame.binary(Uint8Array.from([0xff, 0x00]));
    const [decoded, raw] = await run({ json: true }, [Frame.binary(new TextEncoder().encode('[1]')), bytes]);
    expect(decoded).toMatchObject({ kind: 'value', value: [1] });
    expect(raw).toEqual({ kind: 'frame', frame: bytes });
  });

  it('keeps one case with caseOf paths, Swift Codable JSON included, and says why others are skipped', async () => {
    const [user, skipped] = await run({ json: false, case: 'event.newUser' }, [Frame.text(newUser), Frame.text(started)]);
    expect(user).toMatchObject({ kind: 'value', value: { user: { id: 7, name: 'G' } } });
    expect(skipped).toMatchObject({ kind: 'skipped', reason: expect.stringContaining('newUser') });
  });

  it('takes one field with field key paths, after the case', async () => {
    const [name, skipped] = await run({ json: false, case: 'event.newUser', field: 'user.name' }, [
      Frame.text(newUser),
      Frame.text(started),
    ]);
    expect(name).toMatchObject({ kind: 'value', value: 'G' });
    expect(skipped?.kind).toBe('skipped');
    const [first, missing] = await run({ json: false, field: 'users.0.name' }, [
      Frame.text('{"users":[{"name":"A"}]}'),
      Frame.text('{"users":[]}'),
    ]);
    expect(first).toMatchObject({ kind: 'value', value: 'A' });
    expect(missing).toMatchObject({ kind: 'skipped', reason: expect.stringContaining('no index 0') });
  });
});

describe('printed', () => {
  it('keeps the messages, and the pings and pongs only when asked', () => {
    const frames = [Frame.text('a'), Frame.ping(), Frame.pong(), { type: 'close', code: 1000, reason: '' } as const];
    expect(frames.filter(printed(false))).toEqual([Frame.text('a')]);
    expect(frames.filter(printed(true))).toEqual(frames.slice(0, 3));
  });
});
