import { expect } from '@open-wc/testing';
import { reconnectDelay } from '../../../src/xmpp/session.js';

describe('reconnectDelay', () => {
  it('doubles per attempt from one second, with jitter between half and the whole step', () => {
    expect(reconnectDelay(1, () => 0)).to.equal(500);
    expect(reconnectDelay(1, () => 1)).to.equal(1000);
    expect(reconnectDelay(2, () => 0)).to.equal(1000);
    expect(reconnectDelay(4, () => 0.5)).to.equal(6000);
  });

  it('never waits more than thirty seconds, however many attempts failed', () => {
    expect(reconnectDelay(50, () => 1)).to.equal(30_000);
    expect(reconnectDelay(1_000, () => 0)).to.equal(15_000);
  });

  it('spreads clients apart: random draws give different delays', () => {
    const delays = new Set(Array.from({ length: 20 }, () => reconnectDelay(5)));
    expect(delays.size).to.be.greaterThan(1);
  });
});
