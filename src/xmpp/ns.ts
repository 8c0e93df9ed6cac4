/**
 * XML namespaces of the protocols the widget speaks, one constant per namespace.
 * Names follow the XEP or RFC they come from.
 */
export const NS = {
  /** RFC 6120: the default namespace of client stanzas. */
  CLIENT: 'jabber:client',
  /** RFC 6120 §4: the stream element and its features. */
  STREAMS: 'http://etherx.jabber.org/streams',
  /** RFC 7395: the WebSocket framing (`<open/>`, `<close/>`). */
  FRAMING: 'urn:ietf:params:xml:ns:xmpp-framing',
  /** RFC 6120 §8.3: stanza error conditions. */
  STANZAS: 'urn:ietf:params:xml:ns:xmpp-stanzas',
  /** RFC 6120 §6: SASL negotiation. */
  SASL: 'urn:ietf:params:xml:ns:xmpp-sasl',
  /** RFC 6121 §2: roster management. */
  ROSTER: 'jabber:iq:roster',
  /** RFC 6121 §2.6: stream feature announcing roster versioning. */
  ROSTER_VER: 'urn:xmpp:features:rosterver',
  /** XEP-0077: in-band registration. */
  REGISTER: 'jabber:iq:register',
  /** XEP-0184: message delivery receipts. */
  RECEIPTS: 'urn:xmpp:receipts',
  /** XEP-0203: delayed delivery. */
  DELAY: 'urn:xmpp:delay',
  /** XEP-0198: stream management. */
  SM: 'urn:xmpp:sm:3',
  /** XEP-0280: message carbons. */
  CARBONS: 'urn:xmpp:carbons:2',
  /** XEP-0297: stanza forwarding (used by carbons and MAM). */
  FORWARD: 'urn:xmpp:forward:0',
  /** XEP-0313: message archive management. */
  MAM: 'urn:xmpp:mam:2',
  /** XEP-0359: unique and stable stanza ids. */
  SID: 'urn:xmpp:sid:0',
  /** XEP-0352: client state indication. */
  CSI: 'urn:xmpp:csi:0',
  /** XEP-0085: chat state notifications. */
  CHATSTATES: 'http://jabber.org/protocol/chatstates',
  /** XEP-0333: chat markers. */
  CHAT_MARKERS: 'urn:xmpp:chat-markers:0',
  /** XEP-0334: message processing hints. */
  HINTS: 'urn:xmpp:hints',
  /** XEP-0004: data forms (MAM queries). */
  DATA: 'jabber:x:data',
  /** XEP-0059: result set management (MAM paging). */
  RSM: 'http://jabber.org/protocol/rsm',
  /** XEP-0199: XMPP ping. */
  PING: 'urn:xmpp:ping',
  /** XEP-0030 §3: service discovery, information (identities and features). */
  DISCO_INFO: 'http://jabber.org/protocol/disco#info',
  /** XEP-0030 §4: service discovery, items. */
  DISCO_ITEMS: 'http://jabber.org/protocol/disco#items',
} as const;

/** Any of the namespace strings in {@link NS}. */
export type Namespace = (typeof NS)[keyof typeof NS];
