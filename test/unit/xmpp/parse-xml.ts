// Test helper: stanzas written as XML strings, parsed by ltx like the stream parser does.
// `import { parse } from 'ltx'` loads ltx's ESM build, whose `import { EventEmitter } from "events"` the
// browser cannot resolve (the npm "events" package is CommonJS); its CommonJS build goes through the
// commonjs plugin and gives the very Element class that @xmpp/xml uses.
import parse from 'ltx/lib/parse.js';
import type { Element } from '@xmpp/xml';

/** Parses one XML document into an element. */
export function stanza(source: string): Element {
  return parse(source) as Element;
}
