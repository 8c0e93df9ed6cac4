import { FEATURES, type FeatureManifest, featureById, loadFeature, loadedFeature } from '../features/registry.js';
import type { ChatMessage, IncomingMessage, JidString } from '../model/types.js';
import { buildDiscoInfo, parseDiscoFeatures } from '../xmpp/disco.js';
import { bareJid } from '../xmpp/jid.js';
import { parseChatMessage, parseMessageError, trustedStanzaId } from '../xmpp/message.js';
import { DISCO_INFO, MAM, SID } from '../xmpp/ns.js';
import type { Stanza, XmppSession } from '../xmpp/session.js';
import type { StoreCore } from './core.js';
import type { Arrival, FeatureAction, FeatureContext, FeatureService } from './features.js';

/** The features that see a message or stanza: those with a child in one of their namespaces, in registry order. */
function claimantsOf(stanza: Stanza): FeatureManifest[] {
  // Every stanza passes here: its kind and its children's namespaces are read once, not once per feature.
  const kind = `${stanza.name}:${stanza.attrs.type}`;
  const namespaces = stanza.getChildElements().map((child) => child.getNS() ?? '');
  return FEATURES.filter((f) => f.types?.includes(kind) || namespaces.some((ns) => f.stanzaNs?.includes(ns)));
}

function serviceOf(feature: FeatureManifest): FeatureService | undefined {
  return loadedFeature(feature)?.service as FeatureService | undefined;
}

/**
 * Where every inbound stanza goes, and what the features see: loaded features whose namespaces a stanza
 * carries see it first (loading their chunks on the first one, everything else waiting in order meanwhile),
 * then the core keeps what is left. Messages, however they came (live, carbon, archive), pass through one
 * {@link admit}.
 */
export class InboundRouter {
  readonly #core: StoreCore;
  /** Inbound stanzas waiting, in order, for a feature's chunk to load; null when none is loading. */
  #waiting: Stanza[] | null = null;
  /** Live messages held while a catch-up runs, so that the gap is filled before what came after it. */
  #held: Stanza[] | null = null;
  /** The server stamps messages with XEP-0359 stanza-ids we can trust. */
  #stanzaIdsTrusted = false;

  constructor(core: StoreCore) {
    this.#core = core;
  }

  /** A new stream: nothing waits from the old one. */
  reset() {
    this.#waiting = null;
    this.#held = null;
  }

  /** Holds live messages from now until {@link release}. */
  hold() {
    this.#held = [];
  }

  /** Lets the held messages through, in order (features saw them already, on arrival). */
  release() {
    const held = this.#held ?? [];
    this.#held = null;
    for (const stanza of held) this.#route(stanza);
  }

  /**
   * The live messages held so far, and those waiting for a feature's chunk (a first receipt request: they are
   * live too, and must not pass for history); `delayed`: the server delivered it from offline storage.
   */
  held(): { message: ChatMessage; delayed: boolean }[] {
    return [...(this.#held ?? []), ...(this.#waiting ?? [])].flatMap((stanza) => {
      const incoming = parseChatMessage(stanza);
      return incoming ? [{ message: this.#toChatMessage(incoming, this.#live(stanza, bareJid(incoming.from))), delayed: incoming.delayedAt != null }] : [];
    });
  }

  /** XEP-0359 §6 and XEP-0313 §3.5: trust stanza-ids only when our own archive says it stamps them. */
  async discover(session: XmppSession) {
    try {
      const features = parseDiscoFeatures(await session.request(buildDiscoInfo(this.#core.account)));
      this.#stanzaIdsTrusted = features.has(SID) && features.has(MAM);
    } catch {
      this.#stanzaIdsTrusted = false;
    }
  }

  /** XEP-0030: what we are and do is the caps feature's to say, from the registry. */
  answerDisco(session: XmppSession) {
    session.onIq('get', DISCO_INFO, 'query', async (iq) => {
      const answer = await this.act('caps', { type: 'disco-info', iq });
      return typeof answer === 'object' ? answer : undefined;
    });
  }

  /** What a feature's service may use: see src/store/features.ts. */
  featureContext(session: XmppSession | null, feature: FeatureManifest): FeatureContext {
    const core = this.#core;
    return {
      account: core.account,
      get state() {
        return core.state;
      },
      dispatch: (action) => core.dispatch(action),
      updateSlice: (update) => core.dispatch({ type: 'feature/slice', id: feature.id, slice: update(core.state.features[feature.id]) }),
      send: (stanza) => core.send(stanza),
      request: (iq) => (session ? session.request(iq) : Promise.reject(new Error('offline'))),
      keep: async (arrivals, as = 'live') => {
        // Carbons: copies our own server made, whose stanza-ids it vouches for as for live messages.
        const vouched = arrivals.map((arrival) => ({ vouchedBy: this.#vouchedBy(), ...arrival }));
        await core.history.keep((await this.admitAll(session, vouched)).filter((m) => m !== null), { live: as !== 'history', placement: as === 'live' ? 'append' : 'archive' });
      },
      newestArchiveId: async (peer) => {
        const shown = core.state.conversations[peer]?.messages ?? [];
        const held = shown.length > 0 ? shown : ((await core.db?.loadPage(peer, 50)) ?? []);
        return held.findLast((m) => m.stanzaId)?.stanzaId ?? null;
      },
      release: (to, arrived) => void core.outbox.release(to, arrived),
      confirmed: (id) => void core.outbox.mark(id, { state: 'sent' }),
      writeHidden: (to, body, payloads) => core.outbox.write(to, body, payloads, false),
      updateMessage: (message, patch) => {
        core.dispatch({ type: 'message/updated', message, patch });
        void core.db?.updateMessage(message, patch);
      },
      settled: () => core.history.settled(),
      markState: (id, state, by) => core.outbox.mark(id, { state }, by),
      seesOurPresence: (jid) => core.roster.seesOurPresence(jid),
      act: (id, action) => this.act(id, action),
    };
  }

  /** Where `peer`'s history is archived, when a loaded feature says it is not our account's archive. */
  archiveOf(peer: JidString): { archive: JidString; nick: string } | undefined {
    for (const feature of FEATURES) {
      const found = serviceOf(feature)?.archiveOf?.(peer, this.featureContext(this.#core.session, feature));
      if (found) return found;
    }
    return undefined;
  }

  /** True while a loaded feature holds our messages to `to` back ({@link FeatureService.holds}). */
  holds(to: JidString): boolean {
    return FEATURES.some((feature) => serviceOf(feature)?.holds?.(to, this.featureContext(this.#core.session, feature)));
  }

  /** `stanza`, with what each loaded feature's `hook` adds to it (from its payload, for a message). */
  extend(session: XmppSession, hook: 'presence' | 'outbound', stanza: Stanza, payloads?: Readonly<Record<string, unknown>>): Stanza {
    for (const feature of FEATURES) serviceOf(feature)?.[hook]?.(stanza, this.featureContext(session, feature), payloads?.[feature.id]);
    return stanza;
  }

  /**
   * Hands what the user did to a feature, loading its chunk on first use. Resolves to the feature's answer,
   * or to 'offline' when there is no session or the chunk cannot be fetched.
   */
  async act(featureId: string, action: FeatureAction): Promise<unknown> {
    const feature = featureById(featureId);
    const { session } = this.#core;
    if (!feature) return null;
    const module = await loadFeature(feature).catch(() => null);
    // Signed out, a feature still takes what it keeps for the sign-in (a support desk's role); a stream that
    // was replaced meanwhile is not the one the user acted on.
    if (!module || (session && this.#core.session !== session)) return 'offline';
    return (module.service as FeatureService | undefined)?.act?.(action, this.featureContext(this.#core.session, feature));
  }

  /** A stanza the session received (not an iq: those have handlers of their own). */
  received(session: XmppSession, stanza: Stanza) {
    // While a feature's chunk loads, every stanza waits behind the one that needs it: order holds.
    if (this.#waiting) {
      this.#waiting.push(stanza);
      return;
    }
    const claimants = claimantsOf(stanza);
    const missing = claimants.filter((f) => !loadedFeature(f));
    if (missing.length > 0) {
      const waiting = (this.#waiting = [stanza]);
      void Promise.allSettled(missing.map(loadFeature)).then(() => {
        this.#waiting = null;
        if (this.#core.session !== session) return;
        // Offline, a chunk cannot come: the features that are here and the core take what they can.
        this.#deliver(session, waiting.shift()!, claimants);
        for (const held of waiting) this.received(session, held);
      });
      return;
    }
    this.#deliver(session, stanza, claimants);
  }

  /** Each loaded feature whose namespace the stanza has sees it, in registry order, until one takes it. */
  #deliver(session: XmppSession, stanza: Stanza, claimants: readonly FeatureManifest[]) {
    for (const feature of claimants) {
      if (serviceOf(feature)?.inbound?.(stanza, this.featureContext(session, feature))) return;
    }
    this.#route(stanza);
  }

  /** What features left to the core; messages wait while a catch-up fills the gap before them. */
  #route(stanza: Stanza) {
    if (stanza.is('message')) {
      if (this.#held) this.#held.push(stanza);
      else this.#onMessage(stanza);
      return;
    }
    if (stanza.is('presence')) this.#core.roster.received(stanza);
  }

  #onMessage(stanza: Stanza) {
    const core = this.#core;
    const failure = parseMessageError(stanza);
    if (failure) {
      // From the peer's server (their JID) or ours (no from): anyone else could fail messages at will.
      const error = failure.text ? `${failure.condition}: ${failure.text}` : failure.condition;
      void core.outbox.mark(failure.id, { state: 'failed', error }, failure.from ? bareJid(failure.from) : null);
      return;
    }
    const peer = bareJid(String(stanza.attrs.from ?? ''));
    const { session } = core;
    if (peer === core.account || !session) return;
    const message = this.#admit(session, this.#live(stanza, peer));
    if (message) void core.history.keep([message], { live: true, placement: 'append' });
  }

  /**
   * A message that arrived, as the log keeps it: the loaded features whose namespaces it has see it first
   * and may take it or attach a payload; null when nothing is left to show (no body).
   */
  #admit(session: XmppSession | null, arrival: Arrival): ChatMessage | null {
    let payloads: Record<string, unknown> | undefined;
    for (const feature of claimantsOf(arrival.message)) {
      const taken = serviceOf(feature)?.message?.(arrival, this.featureContext(session, feature));
      if (taken === true) return null;
      if (taken && typeof taken === 'object') (payloads ??= {})[feature.id] = taken;
    }
    const incoming = parseChatMessage(arrival.message);
    if (!incoming) return null;
    const message = this.#toChatMessage(incoming, arrival);
    return payloads ? { ...message, payloads } : message;
  }

  /** {@link #admit} for a batch, once the chunks of the features it needs are here (or cannot come). */
  async admitAll(session: XmppSession | null, arrivals: readonly Arrival[]): Promise<(ChatMessage | null)[]> {
    const missing = new Set(arrivals.flatMap((a) => claimantsOf(a.message)).filter((f) => !loadedFeature(f)));
    await Promise.allSettled([...missing].map(loadFeature));
    return arrivals.map((arrival) => this.#admit(session, arrival));
  }

  /** A live message from `peer`. */
  #live(message: Stanza, peer: JidString): Arrival {
    return { message, via: 'live', direction: 'in', peer, vouchedBy: this.#vouchedBy() };
  }

  /** Our account, when our server says it stamps stanza-ids (XEP-0359 §6, XEP-0313 §3.5). */
  #vouchedBy(): JidString | undefined {
    return this.#stanzaIdsTrusted ? this.#core.account : undefined;
  }

  #toChatMessage(incoming: IncomingMessage, { peer, direction, vouchedBy, archived }: Arrival): ChatMessage {
    const now = Date.now();
    return {
      id: incoming.id,
      peer,
      direction,
      // In a room, the occupant who wrote it (room@service/nick).
      from: direction === 'out' ? this.#core.account : incoming.type === 'groupchat' ? incoming.from : peer,
      body: incoming.body,
      // A sender can claim any time; never let a message sort itself into the future.
      timestamp: archived?.stamp ?? Math.min(incoming.delayedAt ?? now, now),
      order: 0,
      state: direction === 'out' ? 'sent' : 'received',
      stanzaId: archived?.id ?? (vouchedBy ? trustedStanzaId(incoming, vouchedBy) : null),
      originId: incoming.originId,
    };
  }
}
