import type { Observable } from 'rxjs';
import { describe, expectTypeOf, it } from 'vitest';
import { field, type FieldPath } from './field.js';

type User = { id: number; name: string; nickname?: string };
type Page = { users: User[]; pair: [string, number]; meta: { total: number; next: string | null }; format(): string };
declare const pages: Observable<Page>;

describe('field', () => {
  it('yields the type at the path, with array elements by index', () => {
    expectTypeOf(pages.pipe(field('users.0.name'))).toEqualTypeOf<Observable<string>>();
    expectTypeOf(pages.pipe(field('users'))).toEqualTypeOf<Observable<User[]>>();
    expectTypeOf(pages.pipe(field('users.3'))).toEqualTypeOf<Observable<User>>();
    expectTypeOf(pages.pipe(field('pair.0'))).toEqualTypeOf<Observable<string>>();
    expectTypeOf(pages.pipe(field('pair.1'))).toEqualTypeOf<Observable<number>>();
    expectTypeOf(pages.pipe(field('meta.next'))).toEqualTypeOf<Observable<string | null>>();
  });

  it('leaves undefined out of optional fields, since missing values are skipped', () => {
    expectTypeOf(pages.pipe(field('users.0.nickname'))).toEqualTypeOf<Observable<string>>();
  });

  it('lists the paths, without methods', () => {
    expectTypeOf<'users.0.name'>().toExtend<FieldPath<Page>>();
    expectTypeOf<'format'>().not.toExtend<FieldPath<Page>>();
    expectTypeOf<'pair.2'>().not.toExtend<FieldPath<Page>>();
  });

  it('rejects misspelt paths', () => {
    // @ts-expect-error 'nme' is not a key of User
    pages.pipe(field('users.0.nme'));
    // @ts-expect-error 'first' is not an index
    pages.pipe(field('users.first.name'));
    // @ts-expect-error a tuple has no third element
    pages.pipe(field('pair.2'));
  });

  it('types onDrop with the element type, and keeps the path checked and the value typed', () => {
    expectTypeOf(
      pages.pipe(
        field('users.0.name', {
          onDrop: (page, reason) => {
            expectTypeOf(page).toEqualTypeOf<Page>();
            expectTypeOf(reason).toEqualTypeOf<string>();
          },
        }),
      ),
    ).toEqualTypeOf<Observable<string>>();
    expectTypeOf(pages.pipe(field('meta.next', { onDrop: console.warn }))).toEqualTypeOf<Observable<string | null>>();
    // @ts-expect-error a loose onDrop does not turn off the path check
    pages.pipe(field('users.0.nme', { onDrop: console.warn }));
    // @ts-expect-error onDrop gets the elements, which are pages
    pages.pipe(field('users', { onDrop: (value: string) => value }));
  });
});
