// A chunk of its own, fetched while the socket opens (frame-parser.ts): ltx's SAX parser, about ten times
// faster than the browser's DOMParser for the small frames that come by the thousand (a room of 10,000 people
// sends 10,000 presences as we join). The browser's parser stays for whatever this one cannot read. The build
// gives this chunk its own copies of the two small modules the parser imports (vite.config.ts), so that it
// shares nothing with the first load.
import type Element from 'ltx/lib/Element.js';
import SaxLtx from 'ltx/src/parsers/ltx.js';

/** Deeper than this, the browser's parser decides (it cuts such stanzas down to their outermost element). */
const MAX_DEPTH = 100;

/**
 * One frame as one element (of the caller's `ElementClass`), or null when it is anything else: not well-formed
 * (an end tag that does not match, text or a second element beside the first, an unfinished element, an entity
 * XML does not define) or nested too deep. The caller has refused DTDs, comments and processing instructions.
 */
export function parseSax(frame: string, ElementClass: typeof Element): Element | null {
  const sax = new SaxLtx();
  let root: Element | null = null;
  let current: Element | null = null;
  let depth = 0;
  let failed = false;
  let closed = false;
  sax.on('startElement', (name: string, attrs: Record<string, string>) => {
    if (failed || closed || ++depth > MAX_DEPTH) return void (failed = true);
    const element = new ElementClass(name, attrs);
    if (current) current.cnode(element);
    else root = element;
    current = element;
  });
  sax.on('endElement', (name: string) => {
    if (failed || !current || current.name !== name) return void (failed = true);
    depth -= 1;
    current = (current.parent as Element | null) ?? null;
    if (!current) closed = true;
  });
  sax.on('text', (text: string) => {
    if (current) current.t(text);
    else if (text.trim()) failed = true;
  });
  sax.on('error', () => (failed = true));
  try {
    sax.write(frame);
    sax.end('');
  } catch {
    // ltx throws on an entity or a character reference that XML does not allow.
    return null;
  }
  return failed || !closed ? null : root;
}
