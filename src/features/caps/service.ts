import type { JidString } from '../../model/types.js';
import type { FeatureContext, FeatureService } from '../../store/features.js';
import type { Stanza } from '../../xmpp/session.js';
import { FEATURES } from '../registry.js';
import {
  OUR_IDENTITY,
  buildCaps,
  buildCapsQuery,
  buildDiscoInfoAnswer,
  buildNodeNotFound,
  CAPS_NODE,
  capsVerification,
  discoInfoNode,
  parseCaps,
  parseDiscoInfo,
  type CapsClaim,
  type DiscoInfo,
} from './protocol.js';
import { openCapsCache, type CapsCache } from './storage.js';

/** What the core answers itself, beside what the features advertise. */
const CORE_FEATURES = ['http://jabber.org/protocol/disco#info', 'urn:xmpp:ping'];

/**
 * What this widget is and does, as disco#info tells it: the core's features and every feature of the
 * registry, loaded or not, so that what caps hash never changes within a session.
 */
export function ourInfo(): DiscoInfo {
  const features = [...new Set([...CORE_FEATURES, ...FEATURES.flatMap((f) => f.advertises)])].sort();
  return { identities: [OUR_IDENTITY], features, forms: [] };
}

interface Account {
  /** Our verification string: being computed, then computed (null where WebCrypto cannot). */
  ver?: Promise<string | null>;
  ourVer?: string | null;
  cache?: Promise<CapsCache>;
  /** Per full JID, the `ver` of its last available presence. */
  readonly peers: Map<string, string>;
  /** What each verified `ver` stands for. */
  readonly known: Map<string, ReadonlySet<string>>;
  /** Verification strings being looked up: one query per string, not per contact. */
  readonly asking: Set<string>;
}

// Several widgets may share a page: one record per account.
const accounts = new Map<JidString, Account>();

function accountOf(context: FeatureContext): Account {
  let account = accounts.get(context.account);
  if (!account) accounts.set(context.account, (account = { peers: new Map(), known: new Map(), asking: new Set() }));
  return account;
}

function ourVer(account: Account): Promise<string | null> {
  const info = ourInfo();
  return (account.ver ??= capsVerification(info).then(
    (ver) => {
      // Our own presence comes back with it: nothing to ask ourselves.
      if (ver) account.known.set(ver, new Set(info.features));
      return (account.ourVer = ver);
    },
    () => (account.ourVer = null),
  ));
}

/**
 * Whether `jid` (a full JID) advertised `feature` in its caps; undefined while its caps are not known (it sent
 * none, or they are being looked up).
 */
export function advertises(context: FeatureContext, jid: string, feature: string): boolean | undefined {
  const account = accountOf(context);
  const ver = account.peers.get(jid);
  return ver === undefined ? undefined : account.known.get(ver)?.has(feature);
}

/** Learns what `ver` stands for: from this device's cache, else from `from` itself, checked against the hash. */
async function learn(account: Account, context: FeatureContext, from: string, claim: CapsClaim) {
  const { ver } = claim;
  if (account.known.has(ver) || account.asking.has(ver)) return;
  account.asking.add(ver);
  try {
    const cache = await (account.cache ??= openCapsCache(context.account));
    const cached = await cache.get(ver);
    if (cached) {
      account.known.set(ver, new Set(cached.features));
      return;
    }
    const info = parseDiscoInfo(await context.request(buildCapsQuery(from, claim)));
    // §5.4: only an answer whose hash is the claimed string is kept; anything else could poison the cache.
    if (!info || (await capsVerification(info)) !== ver) return;
    account.known.set(ver, new Set(info.features));
    await cache.put({ ver, features: info.features });
  } catch {
    // Unanswered or refused: the contact is treated as advertising nothing known.
  } finally {
    account.asking.delete(ver);
  }
}

export const service: FeatureService = {
  // Computed while the roster travels, so that the initial presence carries it.
  online: (context) => ourVer(accountOf(context)),

  presence(stanza, context) {
    const account = accountOf(context);
    // Loaded by a stanza rather than at sign-in (a resumed stream): the next presence will carry it.
    void ourVer(account);
    if (account.ourVer) stanza.append(buildCaps(account.ourVer));
  },

  inbound(stanza, context) {
    if (!stanza.is('presence')) return false;
    const from = String(stanza.attrs.from ?? '');
    const account = accountOf(context);
    const claim = parseCaps(stanza);
    if (stanza.attrs.type === 'unavailable' || !claim || claim.hash !== 'sha-1') {
      account.peers.delete(from);
    } else {
      account.peers.set(from, claim.ver);
      void learn(account, context, from, claim);
    }
    // The presence itself is the core's.
    return false;
  },

  async act(action, context) {
    if (action.type !== 'disco-info') return undefined;
    const node = discoInfoNode(action.iq as Stanza);
    if (node === null) return undefined;
    const ver = await ourVer(accountOf(context));
    // §6.2: asked at our caps node, the answer names the node; we have no other node (XEP-0030 §3.1).
    if (node && node !== `${CAPS_NODE}#${ver}`) return buildNodeNotFound();
    return buildDiscoInfoAnswer(ourInfo(), node || undefined);
  },
};
