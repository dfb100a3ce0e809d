import { Observable, Subscriber } from 'rxjs';
import { fromSubscribable, type Operator } from './operator.js';
import { skip, type Skip } from './ordered-map.js';

/** The subscriber of one {@link syncMap} subscription: one call and one comparison per value, nothing else. */
class SyncMapSubscriber<T, R> extends Subscriber<T> {
  constructor(
    private readonly out: Subscriber<R>,
    private readonly project: (value: T) => R | Skip,
  ) {
    super(out);
  }

  protected override _next(value: T): void {
    let result: R | Skip;
    try {
      result = this.project(value);
    } catch (error) {
      this.out.error(error);
      return;
    }
    if (result !== skip) this.out.next(result);
  }
}

/**
 * Maps every value through a synchronous `project`, dropping those it answers {@link skip} for. The operators whose
 * step never waits (`caseOf`, `field`, `matching`, `log`) use it rather than `orderedMap`: they keep the source's
 * order by construction, and skip the promise check on every value of a hot stream. A value that happens to be a
 * promise passes through as a value.
 */
export function syncMap<T, R>(project: (value: T) => R | Skip): Operator<T, R> {
  return (source) =>
    new Observable<R>((subscriber) => {
      fromSubscribable(source).subscribe(new SyncMapSubscriber(subscriber, project));
    });
}
