import { lastValueFrom, of, toArray, type Observable } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { field } from './field.js';

const all = <T>(source: Observable<T>): Promise<T[]> => lastValueFrom(source.pipe(toArray()));

interface User {
  id: number;
  name: string;
  nickname?: string;
}
interface Page {
  users: User[];
  pair: [string, number];
  meta: { total: number; next: string | null };
}

const a: User = { id: 1, name: 'A', nickname: 'ay' };
const b: User = { id: 2, name: 'B' };
const pages = (): Observable<Page> =>
  of<Page[]>(
    { users: [a, b], pair: ['x', 1], meta: { total: 2, next: null } },
    { users: [], pair: ['y', 2], meta: { total: 0, next: 'p2' } },
  );

describe('field', () => {
  it('reads a key path with array indexes', async () => {
    expect(await all(pages().pipe(field('users.0.name')))).toEqual(['A']);
    expect(await all(pages().pipe(field('users.1')))).toEqual([b]);
    expect(await all(pages().pipe(field('pair.1')))).toEqual([1, 2]);
    expect(await all(pages().pipe(field('meta.total')))).toEqual([2, 0]);
  });

  it('skips a value whose index or key is missing, without throwing', async () => {
    expect(await all(pages().pipe(field('users.5.name')))).toEqual([]);
    expect(await all(pages().pipe(field('users.1.nickname')))).toEqual([]);
    expect(await all(pages().pipe(field('users.0.nickname')))).toEqual(['ay']);
  });

  it('keeps null values, and skips the path through them', async () => {
    expect(await all(pages().pipe(field('meta.next')))).toEqual([null, 'p2']);
    const odd = of({ meta: null } as unknown as Page, 42 as unknown as Page, { users: 'AB' } as unknown as Page);
    expect(await all(odd.pipe(field('meta.total')))).toEqual([]);
    expect(await all(odd.pipe(field('users.0.name')))).toEqual([]);
  });

  it('composes: a field of a field', async () => {
    expect(await all(pages().pipe(field('users'), field('0.id')))).toEqual([1]);
  });
});

describe('field with onDrop', () => {
  it('reports each skipped element and the step that found nothing', async () => {
    const reasons: string[] = [];
    const onDrop = (_page: Page, reason: string): void => void reasons.push(reason);
    expect(await all(pages().pipe(field('users.1.nickname', { onDrop })))).toEqual([]);
    expect(await all(pages().pipe(field('users.0.name', { onDrop })))).toEqual(['A']);
    expect(reasons).toEqual([
      'no value at "users.1.nickname": "users.1" has no key "nickname"',
      'no value at "users.1.nickname": "users" has no index 1 (its length is 0)',
      'no value at "users.0.name": "users" has no index 0 (its length is 0)',
    ]);
  });

  it('says what stood in the way: null, another kind, undefined', async () => {
    const onDrop = vi.fn();
    const odd = of({ meta: null } as unknown as Page, 42 as unknown as Page, { meta: { total: undefined } } as unknown as Page);
    expect(await all(odd.pipe(field('meta.total', { onDrop })))).toEqual([]);
    expect(onDrop.mock.calls.map(([, reason]) => reason)).toEqual([
      'no value at "meta.total": "meta" is null',
      'no value at "meta.total": the element is a number',
      'no value at "meta.total": "meta.total" is undefined',
    ]);
    expect(onDrop.mock.calls[1]?.[0]).toBe(42);
  });
});
