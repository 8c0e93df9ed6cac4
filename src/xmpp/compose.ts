/** A middleware of @xmpp/middleware: gets the stanza's context and `next`, which runs the rest. */
export type Middleware<C> = (context: C, next: () => Promise<unknown>) => unknown;

/**
 * Runs `middleware` in order as one middleware, each awaiting the rest through `next()`, as koa-compose does
 * for @xmpp/middleware (the build and the test runner resolve `koa-compose` to this file: it is ES module
 * code, where the package is CommonJS and would bring the bundler's CommonJS runtime along).
 */
export default function compose<C>(middleware: readonly Middleware<C>[]): (context: C, next?: Middleware<C>) => Promise<unknown> {
  return (context, next) => {
    let called = -1;
    const dispatch = (i: number): Promise<unknown> => {
      if (i <= called) return Promise.reject(new Error('next() called multiple times'));
      called = i;
      const fn = i === middleware.length ? next : middleware[i];
      if (!fn) return Promise.resolve();
      try {
        return Promise.resolve(fn(context, () => dispatch(i + 1)));
      } catch (error) {
        return Promise.reject(error);
      }
    };
    return dispatch(0);
  };
}
