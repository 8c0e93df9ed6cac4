// Test helper: stanzas written as XML strings, parsed by the stream's own frame parser, as they would arrive.
import type { Element } from '@xmpp/xml';
import { parseFrame } from '../../../src/xmpp/frame-parser.js';

/** Parses one XML element into an element. */
export function stanza(source: string): Element {
  return parseFrame(source);
}
