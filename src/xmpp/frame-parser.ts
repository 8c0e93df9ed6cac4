// The WebSocket transport's parser (@xmpp/websocket's FramedParser resolves here in the build and the tests).
// RFC 7395 §3.3.3: every WebSocket message is one complete XML element, read whole: by ltx's SAX parser once
// its chunk is here (sax-parser.ts, much faster for small frames), else by the browser's own XML parser; no
// parser ships with the first load. It gives xmpp.js the same
// ltx elements and the same events ("start" for <open/>, "end" for <close/>, "element", "error").
import { EventEmitter } from 'events';
import Element from 'ltx/lib/Element.js';
import { FRAMING } from './ns.js';

/** XML from the server that cannot be read: xmpp.js answers it with a `bad-format` stream error. */
export class XMLError extends Error {
  override name = 'XMLError';
}

// RFC 6120 §11.1: no DTDs, comments or processing instructions in a stream; refusing them before parsing
// also keeps entity expansion out of reach.
const FORBIDDEN = /<!(?!\[CDATA\[)|<\?/;
const PARSERERROR_TAG = /<(?:[\w.-]+:)?parsererror[\s/>]/g;

// Every frame of a sign-in passes here (a roster of 500, their presence): attributes go straight into the
// element's own object, children through cnode, without the copies that Element's setAttrs and append make.
function toElement(node: globalThis.Element): Element {
  const element = new Element(node.tagName);
  const { attrs } = element;
  for (const attr of node.attributes) attrs[attr.name] = attr.value;
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === 1) element.cnode(toElement(child as globalThis.Element));
    else if (child.nodeType === 3 || child.nodeType === 4) element.t(child.nodeValue!);
  }
  return element;
}

declare const trustedTypes: { createPolicy(name: string, rules: { createHTML(xml: string): string }): { createHTML(xml: string): string } } | undefined;

// Pages that require Trusted Types treat every parseFromString as an HTML sink, XML too. A document that
// DOMParser makes never runs scripts, so frames pass as they are; such a page allows the policy by name
// (`trusted-types lit-html xmpp-chat`).
const xmlPolicy = typeof trustedTypes === 'object' ? trustedTypes.createPolicy('xmpp-chat', { createHTML: (xml) => xml }) : undefined;

function parseWhole(frame: string): globalThis.Element | null {
  const document = new DOMParser().parseFromString(xmlPolicy ? xmlPolicy.createHTML(frame) : frame, 'text/xml');
  // The browser reports errors by adding <parsererror> elements. A contact can send such an element inside a
  // message too, and that must not cut our stream: only elements beyond those written in the frame count.
  const reported = document.getElementsByTagNameNS('*', 'parsererror').length;
  return reported > (frame.match(PARSERERROR_TAG)?.length ?? 0) ? null : document.documentElement;
}

// The outermost start tag of a frame, with its attributes (and namespace declarations).
const START_TAG = /^\s*<([\w.:-]+)((?:\s+[\w.:-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*\/?>/;

/**
 * Parses one frame into an element, or throws an `XMLError` (xmpp.js answers it with a `bad-format` stream
 * error). The server checked the XML already, so the one thing the browser refuses that it passed is nesting
 * beyond the browser's depth limit, which any contact can send: such a stanza arrives as its outermost
 * element without content, ignored like any stanza we cannot read, rather than ending the stream.
 */
export function parseFrame(frame: string): Element {
  const error = new XMLError('The server sent XML that is not well-formed, or not allowed in XMPP.');
  if (FORBIDDEN.test(frame)) throw error;
  const fast = parseSax?.(frame, Element);
  if (fast) return fast;
  let root = parseWhole(frame);
  const start = !root && START_TAG.exec(frame);
  if (start) root = parseWhole(`<${start[1]}${start[2]}/>`);
  if (!root) throw error;
  return toElement(root);
}

let parseSax: ((frame: string, ElementClass: typeof Element) => Element | null) | undefined;

/**
 * Fetches ltx's SAX parser (sax-parser.ts, a chunk of its own): once it is here it reads the frames, ten times
 * faster than DOMParser for small ones; the browser's parser reads those that come first, and whatever the SAX
 * parser cannot. Called as the socket opens.
 */
export function loadFastParser(): Promise<unknown> {
  return parseSax ? Promise.resolve() : import('./sax-parser.js').then((chunk) => (parseSax = chunk.parseSax), () => undefined);
}

export default class FramedParser extends EventEmitter {
  write(frame: string) {
    let element: Element;
    try {
      element = parseFrame(frame);
    } catch (error) {
      this.emit('error', error);
      return;
    }
    if (element.is('open', FRAMING)) this.emit('start', element);
    else if (element.is('close', FRAMING)) this.emit('end', element);
    else this.emit('element', element);
  }

  end() {}
}
