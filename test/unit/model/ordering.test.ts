import { expect } from '@open-wc/testing';
import { planArchiveOrders, spreadOrders } from '../../../src/model/ordering.js';

/** Lookups over a sorted list of the orders a conversation holds. */
function over(held: number[]) {
  return {
    before: async (order: number) => held.filter((o) => o < order).at(-1),
    after: async (order: number) => held.find((o) => o > order),
    last: async () => held.at(-1) ?? 0,
  };
}

describe('archive ordering', () => {
  it('spreads new orders evenly between two neighbours, or counts on after the last', () => {
    expect(spreadOrders(1, 2, 3)).to.deep.equal([1.25, 1.5, 1.75]);
    expect(spreadOrders(5, undefined, 2)).to.deep.equal([6, 7]);
  });

  it('puts a missed message between the held ones around it, not at the end', async () => {
    // Held live: m1 (1), m2 (2), m4 (3). The archive brings m1..m5; m3 was missed, m5 is new.
    const orders = await planArchiveOrders([1, 2, null, 3, null], over([1, 2, 3]));
    expect(orders).to.deep.equal([1, 2, 2.5, 3, 4]);
    expect([...orders].sort((a, b) => a - b)).to.deep.equal(orders);
  });

  it('places a run before the first held message after its predecessor in the conversation', async () => {
    const orders = await planArchiveOrders([null, null, 10], over([4, 10, 11]));
    expect(orders).to.deep.equal([6, 8, 10]);
  });

  it('keeps the run before a later live message the batch does not mention', async () => {
    const orders = await planArchiveOrders([5, null], over([5, 6]));
    expect(orders).to.deep.equal([5, 5.5]);
  });

  it('appends when nothing in the batch is held', async () => {
    expect(await planArchiveOrders([null, null], over([1, 2]))).to.deep.equal([3, 4]);
    expect(await planArchiveOrders([null], over([]))).to.deep.equal([1]);
  });
});
