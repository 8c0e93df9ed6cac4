/**
 * Where messages from the server's archive go in a conversation. The archive lists them in its own
 * order; some we already hold (live copies), some fill gaps between those (missed while away). Each run
 * of new messages goes between the held messages around it, so the conversation reads in archive order
 * even where timestamps (one-second resolution in Prosody's archive) cannot tell.
 */
export interface OrderLookups {
  /** The largest order below `order` in the conversation, if any. */
  before(order: number): Promise<number | undefined>;
  /** The smallest order above `order`, if any. */
  after(order: number): Promise<number | undefined>;
  /** The largest order in the conversation (0 when empty). */
  last(): Promise<number>;
}

/** `count` orders strictly between `lower` and `upper`, evenly spread; without `upper`, counting on from `lower`. */
export function spreadOrders(lower: number, upper: number | undefined, count: number): number[] {
  if (upper === undefined) return Array.from({ length: count }, (_, i) => lower + i + 1);
  const step = (upper - lower) / (count + 1);
  return Array.from({ length: count }, (_, i) => lower + step * (i + 1));
}

/**
 * Orders for one conversation's archive batch, in archive order: `held[i]` is the order of the copy we
 * already hold, or null for a new message.
 * @returns an order for every entry (held ones keep theirs).
 */
export async function planArchiveOrders(held: readonly (number | null)[], lookups: OrderLookups): Promise<number[]> {
  const orders = held.map((order) => order ?? Number.NaN);
  let i = 0;
  while (i < held.length) {
    if (held[i] !== null) {
      i++;
      continue;
    }
    let end = i;
    while (end < held.length && held[end] === null) end++;
    const previous = i > 0 ? (held[i - 1] as number) : undefined;
    const next = end < held.length ? (held[end] as number) : undefined;
    let lower: number;
    let upper: number | undefined;
    if (previous !== undefined) {
      lower = previous;
      upper = next ?? (await lookups.after(previous));
    } else if (next !== undefined) {
      upper = next;
      lower = (await lookups.before(next)) ?? next - (end - i) - 1;
    } else {
      lower = await lookups.last();
      upper = undefined;
    }
    spreadOrders(lower, upper, end - i).forEach((order, k) => (orders[i + k] = order));
    i = end;
  }
  return orders;
}

/** Where a batch goes: after what is held (live), before it (older pages), or among it by archive order (catch-up). */
export type Placement = 'append' | 'prepend' | 'archive';

/** The nearest order below (`prev`) or above (`next`) `order` in `peer`'s conversation, if any. */
export type Neighbour = (peer: string, order: number, direction: 'prev' | 'next') => Promise<number | undefined>;

/**
 * An order for every message of a batch, per conversation: `held[i]` is the copy already held of
 * `messages[i]` (it keeps its order), or undefined for a new one. The one placement rule for IndexedDB and
 * for the history kept in memory when there is none.
 */
export async function planOrders(
  messages: readonly { peer: string }[],
  held: readonly ({ order: number; direction: string } | undefined)[],
  placement: Placement,
  neighbour: Neighbour,
): Promise<number[]> {
  const orders = held.map((copy) => copy?.order ?? Number.NaN);
  const peers = new Map<string, number[]>();
  messages.forEach((m, i) => peers.set(m.peer, [...(peers.get(m.peer) ?? []), i]));
  for (const [peer, positions] of peers) {
    const near = (order: number, direction: 'prev' | 'next') => neighbour(peer, order, direction);
    const fresh = positions.filter((i) => !held[i]);
    if (placement === 'archive') {
      // Our own held messages are no landmarks: their order is when we sent them, which may be before the
      // server took them in (they can wait in the outbox); their archive place says nothing of ours.
      const landmarks = positions.filter((i) => held[i]?.direction !== 'out');
      const planned = await planArchiveOrders(
        landmarks.map((i) => held[i]?.order ?? null),
        { before: (order) => near(order, 'prev'), after: (order) => near(order, 'next'), last: async () => (await near(Infinity, 'prev')) ?? 0 },
      );
      landmarks.forEach((i, k) => (orders[i] = planned[k]));
    } else if (placement === 'append') {
      const last = (await near(Infinity, 'prev')) ?? 0;
      fresh.forEach((i, k) => (orders[i] = last + k + 1));
    } else {
      const first = (await near(-Infinity, 'next')) ?? 0;
      fresh.forEach((i, k) => (orders[i] = first - (fresh.length - k)));
    }
  }
  return orders;
}
