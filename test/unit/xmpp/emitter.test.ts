import { expect } from '@open-wc/testing';
import { EventEmitter as XmppEventEmitter } from '@xmpp/events';
import { EventEmitter } from '../../../src/xmpp/emitter.js';

describe('EventEmitter (in place of the events polyfill)', () => {
  it('is the one xmpp.js gets', () => {
    expect(XmppEventEmitter).to.equal(EventEmitter);
  });

  it('calls listeners in order, with the arguments and the emitter as this', () => {
    const emitter = new EventEmitter();
    const calls: unknown[] = [];
    emitter.on('x', function (this: unknown, a: number, b: string) {
      calls.push(['first', a, b, this === emitter]);
    });
    emitter.on('x', (a: number) => calls.push(['second', a]));
    expect(emitter.emit('x', 1, 'two')).to.equal(true);
    expect(emitter.emit('y')).to.equal(false);
    expect(calls).to.deep.equal([
      ['first', 1, 'two', true],
      ['second', 1],
    ]);
  });

  it('once fires one time, and removeListener removes a once listener by the function given', () => {
    const emitter = new EventEmitter();
    let count = 0;
    const listener = () => (count += 1);
    emitter.once('x', listener);
    emitter.emit('x');
    emitter.emit('x');
    expect(count).to.equal(1);
    emitter.once('x', listener);
    emitter.removeListener('x', listener);
    expect(emitter.emit('x'), 'no listener left').to.equal(false);
    expect(count).to.equal(1);
  });

  it('an emit runs the listeners it started with, whatever they add or remove', () => {
    const emitter = new EventEmitter();
    const calls: string[] = [];
    const second = () => calls.push('second');
    emitter.on('x', () => {
      calls.push('first');
      emitter.removeListener('x', second);
      emitter.on('x', () => calls.push('added'));
    });
    emitter.on('x', second);
    emitter.emit('x');
    expect(calls).to.deep.equal(['first', 'second']);
    calls.length = 0;
    emitter.emit('x');
    expect(calls).to.deep.equal(['first', 'added']);
  });

  it('removeListener removes one registration; addListener is on', () => {
    const emitter = new EventEmitter();
    let count = 0;
    const listener = () => (count += 1);
    emitter.on('x', listener).addListener('x', listener);
    emitter.removeListener('x', listener);
    emitter.emit('x');
    expect(count).to.equal(1);
    emitter.removeListener('x', listener);
    expect(emitter.emit('x')).to.equal(false);
  });

  it('throws an "error" nobody listens to, as Node does', () => {
    const emitter = new EventEmitter();
    const failure = new Error('broken');
    expect(() => emitter.emit('error', failure)).to.throw(failure);
    expect(() => emitter.emit('error', 'text')).to.throw(/text/);
    let seen: unknown = null;
    emitter.on('error', (error: unknown) => (seen = error));
    emitter.emit('error', failure);
    expect(seen).to.equal(failure);
  });
});
