import type { ChatMessage } from '../../src/model/types.js';
import type { Arrival, FeatureAction, FeatureContext } from '../../src/store/features.js';
import { initialState } from '../../src/store/state.js';
import type { Stanza } from '../../src/xmpp/session.js';

/**
 * A feature context of a test's own: no store, no server. It records what the feature sends, asks and keeps,
 * and holds its slice; `answer` replies to its requests.
 */
export function fakeContext(account: string, { seers = [] as string[], answer = (iq: Stanza): Stanza => { throw new Error(`no answer for ${iq.toString()}`); } } = {}) {
  const sent: Stanza[] = [];
  const asked: Stanza[] = [];
  const kept: Arrival[] = [];
  const acted: { feature: string; action: FeatureAction }[] = [];
  const written: { to: string; body: string; payloads: Readonly<Record<string, unknown>> }[] = [];
  const updated: { message: ChatMessage; patch: { body?: string; payloads?: Readonly<Record<string, unknown>> } }[] = [];
  let slice: unknown;
  const context = {
    account,
    state: initialState,
    dispatch: () => undefined,
    send: async (stanza: Stanza) => (sent.push(stanza), true),
    request: async (iq: Stanza) => (asked.push(iq), answer(iq)),
    keep: async (arrivals: readonly Arrival[]) => kept.push(...arrivals),
    newestArchiveId: async () => null,
    release: () => undefined,
    confirmed: () => undefined,
    markState: async () => undefined,
    settled: async () => undefined,
    writeHidden: async (to: string, body: string, payloads: Readonly<Record<string, unknown>>) => written.push({ to, body, payloads }),
    updateMessage: (message: ChatMessage, patch: { body?: string; payloads?: Readonly<Record<string, unknown>> }) => updated.push({ message, patch }),
    seesOurPresence: (jid: string) => seers.includes(jid),
    act: async (feature: string, action: FeatureAction) => (acted.push({ feature, action }), undefined),
    updateSlice: (update: (s: unknown) => unknown) => (slice = update(slice)),
  } satisfies FeatureContext;
  return { context, sent, asked, kept, acted, written, updated, slice: () => slice };
}
