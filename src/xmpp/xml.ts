// What xmpp.js and the widget use of @xmpp/xml (the build, the dev server and the tests resolve @xmpp/xml
// here): the `xml` element factory with `xml.Element`, `Element`, `XMLError`, and `Parser`, which is the
// frame parser of src/xmpp/frame-parser.ts. @xmpp/xml itself also attaches ltx's incremental parser and
// unescaping helpers to its default export, which would keep them in the bundle.
import Element from 'ltx/lib/Element.js';
import createElement from 'ltx/lib/createElement.js';
import Parser, { XMLError } from './frame-parser.js';

/** Builds an element: `xml(name, attrs, ...children)`. */
function xml(...args: Parameters<typeof createElement>): Element {
  return createElement(...args);
}
xml.Element = Element;

export default xml;
export { Element, Parser, XMLError, xml };
