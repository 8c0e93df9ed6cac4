/**
 * XML namespaces of the protocols the widget speaks, one constant per namespace, named after the XEP or RFC
 * they come from. Used as `import * as NS from './ns.js'`, `NS.ROSTER`: the build inlines the ones in use.
 */

/** RFC 6120: the default namespace of client stanzas. */
export const CLIENT = 'jabber:client';
/** RFC 6120 §4: the stream element and its features. */
export const STREAMS = 'http://etherx.jabber.org/streams';
/** RFC 7395: the WebSocket framing (`<open/>`, `<close/>`). */
export const FRAMING = 'urn:ietf:params:xml:ns:xmpp-framing';
/** RFC 6120 §8.3: stanza error conditions. */
export const STANZAS = 'urn:ietf:params:xml:ns:xmpp-stanzas';
/** RFC 6120 §6: SASL negotiation. */
export const SASL = 'urn:ietf:params:xml:ns:xmpp-sasl';
/** RFC 6121 §2: roster management. */
export const ROSTER = 'jabber:iq:roster';
/** RFC 6121 §2.6: stream feature announcing roster versioning. */
export const ROSTER_VER = 'urn:xmpp:features:rosterver';
/** XEP-0077: in-band registration. */
export const REGISTER = 'jabber:iq:register';
/** XEP-0184: message delivery receipts. */
export const RECEIPTS = 'urn:xmpp:receipts';
/** XEP-0203: delayed delivery. */
export const DELAY = 'urn:xmpp:delay';
/** XEP-0198: stream management. */
export const SM = 'urn:xmpp:sm:3';
/** XEP-0280: message carbons. */
export const CARBONS = 'urn:xmpp:carbons:2';
/** XEP-0297: stanza forwarding (used by carbons and MAM). */
export const FORWARD = 'urn:xmpp:forward:0';
/** XEP-0313: message archive management. */
export const MAM = 'urn:xmpp:mam:2';
/** XEP-0359: unique and stable stanza ids. */
export const SID = 'urn:xmpp:sid:0';
/** XEP-0352: client state indication. */
export const CSI = 'urn:xmpp:csi:0';
/** XEP-0085: chat state notifications. */
export const CHATSTATES = 'http://jabber.org/protocol/chatstates';
/** XEP-0333: chat markers. */
export const CHAT_MARKERS = 'urn:xmpp:chat-markers:0';
/** XEP-0334: message processing hints. */
export const HINTS = 'urn:xmpp:hints';
/** XEP-0004: data forms (MAM queries). */
export const DATA = 'jabber:x:data';
/** XEP-0059: result set management (MAM paging). */
export const RSM = 'http://jabber.org/protocol/rsm';
/** XEP-0199: XMPP ping. */
export const PING = 'urn:xmpp:ping';
/** XEP-0030 §3: service discovery, information (identities and features). */
export const DISCO_INFO = 'http://jabber.org/protocol/disco#info';
/** XEP-0030 §4: service discovery, items. */
export const DISCO_ITEMS = 'http://jabber.org/protocol/disco#items';
/** XEP-0393 Message Styling: `<unstyled/>`, the sender's wish that its body be shown as typed. */
export const STYLING = 'urn:xmpp:styling:0';
