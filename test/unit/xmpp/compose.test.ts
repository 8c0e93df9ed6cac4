import { expect } from '@open-wc/testing';
import koaCompose from 'koa-compose';
import compose from '../../../src/xmpp/compose.js';

describe('compose (in place of koa-compose)', () => {
  it('is what koa-compose resolves to', () => {
    expect(koaCompose).to.equal(compose);
  });

  it('runs middleware in order, each around the rest, then the final next', async () => {
    const calls: string[] = [];
    const run = compose<string[]>([
      async (log, next) => {
        log.push('a in');
        await next();
        log.push('a out');
      },
      (log, next) => {
        log.push('b');
        return next();
      },
    ]);
    await run(calls, async (log) => {
      log.push('end');
    });
    expect(calls).to.deep.equal(['a in', 'b', 'end', 'a out']);
  });

  it('gives the result of the first middleware, and stops where one does not call next', async () => {
    let reached = false;
    const run = compose<object>([
      () => 'reply',
      () => {
        reached = true;
      },
    ]);
    expect(await run({})).to.equal('reply');
    expect(reached).to.equal(false);
  });

  it('turns a throw into a rejection, and refuses next() called twice', async () => {
    const failure = new Error('broken');
    let error: unknown = null;
    await compose<object>([
      () => {
        throw failure;
      },
    ])({}).catch((e: unknown) => (error = e));
    expect(error).to.equal(failure);
    error = null;
    await compose<object>([
      async (_, next) => {
        await next();
        await next();
      },
    ])({}).catch((e: unknown) => (error = e));
    expect(String(error)).to.match(/next\(\) called multiple times/);
  });
});
