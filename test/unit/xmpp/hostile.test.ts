import { expect } from '@open-wc/testing';
import xml, { Element } from '@xmpp/xml';
import { parseChatMessage, parseMessageError } from '../../../src/xmpp/message.js';
import { parseReceipt } from '../../../src/features/receipts/protocol.js';
import { isCarbon, parseCarbon } from '../../../src/features/carbons/protocol.js';
import { parseMamFin, parseMamResult } from '../../../src/xmpp/mam.js';
import { parseDiscoFeatures } from '../../../src/xmpp/disco.js';
import { serverSupportsCsi } from '../../../src/xmpp/csi.js';
import { parsePresence } from '../../../src/xmpp/presence.js';
import { parseRosterPush, parseRosterResult } from '../../../src/xmpp/roster.js';
import { parseDelay } from '../../../src/xmpp/delay.js';
import { stanza } from './parse-xml.js';

const deep = (depth: number) => '<x>'.repeat(depth) + 'deep' + '</x>'.repeat(depth);

const SOURCES = [
  '<message/>', '<presence/>', '<iq/>', '<iq type="result"/>', '<iq type="set"/>',
  '<message type="chat" from="a@b@c"><body>x</body></message>',
  '<message type="chat" from="a@b.org"><body><body><body>nested</body></body></body></message>',
  `<message type="chat" from="a@b.org"><body>${deep(2000)}</body></message>`,
  `<presence from="a@b.org"><status>${deep(2000)}</status><show>${deep(50)}</show><priority>${deep(50)}</priority></presence>`,
  '<presence type="error" from="a@b.org"><error><error><error/></error></error></presence>',
  '<iq type="set"><query xmlns="jabber:iq:roster"><item jid="a@b.org"><item jid="c@d.org"/></item></query></iq>',
  `<iq type="result"><query xmlns="jabber:iq:roster" ver="${'v'.repeat(100_000)}">${'<item jid="a@b.org"/>'.repeat(2000)}</query></iq>`,
  '<iq type="set" from="__proto__"><query xmlns="jabber:iq:roster"><item jid="constructor@b.org" subscription="toString"/></query></iq>',
  '<message type="chat" from="a@b.org" to="c@d.org"><body>x</body><delay xmlns="urn:xmpp:delay" from="d.org"/><delay xmlns="urn:xmpp:delay" stamp="9999999-01-01T00:00:00Z"/></message>',
  '<p:message xmlns:p="jabber:client" type="chat" from="a@b.org"><p:body>prefixed</p:body></p:message>',
  // wrappers: empty, nested without end, wrong shapes
  '<message from="a@b.org"><received xmlns="urn:xmpp:carbons:2"/><sent xmlns="urn:xmpp:carbons:2"><forwarded/></sent></message>',
  `<message from="a@b.org"><sent xmlns="urn:xmpp:carbons:2"><forwarded xmlns="urn:xmpp:forward:0">${'<message xmlns="jabber:client"><sent xmlns="urn:xmpp:carbons:2"><forwarded xmlns="urn:xmpp:forward:0">'.repeat(200)}${'</forwarded></sent></message>'.repeat(200)}</forwarded></sent></message>`,
  '<message><result xmlns="urn:xmpp:mam:2" queryid="q" id="i"><forwarded xmlns="urn:xmpp:forward:0"><delay xmlns="urn:xmpp:delay"/>text<message xmlns="jabber:client"/></forwarded></result></message>',
  '<iq type="result"><fin xmlns="urn:xmpp:mam:2" complete="true"><set xmlns="http://jabber.org/protocol/rsm"><first><first>x</first></first></set></fin></iq>',
  `<iq type="result"><query xmlns="http://jabber.org/protocol/disco#info">${'<feature var="f"/>'.repeat(5000)}<feature var="__proto__"/></query></iq>`,
  '<message type="error" id="x"><error><text xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"><text>nested</text></text></error></message>',
  '<message type="chat" from="a@b.org" id="m"><body>x</body><stanza-id xmlns="urn:xmpp:sid:0" by="__proto__" id="constructor"/><origin-id xmlns="urn:xmpp:sid:0" id="toString"/></message>',
  '<stream:features xmlns:stream="http://etherx.jabber.org/streams"><csi xmlns="urn:xmpp:csi:0"><csi/></csi></stream:features>',
];

// Elements no parser would make, but that a buggy middleware could hand over.
function oddElements(): Element[] {
  const noAttrs = xml('presence', {});
  (noAttrs as unknown as { attrs: unknown }).attrs = undefined;
  const objectAttrs = new Element('message', { from: { toString: () => 'a@b.org' }, type: 7 } as Record<string, unknown>);
  objectAttrs.c('body').t('x');
  return [noAttrs, objectAttrs];
}

describe('xmpp parsers on hostile input', () => {
  it('never throw, whatever the stanza', () => {
    const elements = [...SOURCES.map(stanza), ...oddElements()];
    let ran = 0;
    for (const el of elements) {
      const parsers = [
        () => parseChatMessage(el), () => parsePresence(el), () => parseRosterResult(el),
        () => parseRosterPush(el, 'a@b.org'), () => parseRosterPush(el, ''), () => parseDelay(el),
        () => parseMessageError(el), () => parseReceipt(el), () => isCarbon(el), () => parseCarbon(el, 'a@b.org'),
        () => parseCarbon(el, ''), () => parseMamResult(el, 'q', 'a@b.org'), () => parseMamResult(el, '', ''),
        () => parseMamFin(el), () => parseDiscoFeatures(el), () => serverSupportsCsi(el),
      ];
      for (const parse of parsers) {
        expect(parse, el.toString().slice(0, 80)).to.not.throw();
        ran++;
      }
    }
    expect(ran).to.equal(elements.length * 16);
  });

  it('return null for values that are not elements', () => {
    for (const junk of [null, undefined, 42, 'message', {}, { name: 'message' }]) {
      const el = junk as unknown as Element;
      expect(parseChatMessage(el)).to.equal(null);
      expect(parsePresence(el)).to.equal(null);
      expect(parseRosterResult(el)).to.equal(null);
      expect(parseRosterPush(el, 'a@b.org')).to.equal(null);
      expect(parseMessageError(el)).to.equal(null);
      expect(parseReceipt(el)).to.equal(null);
      expect(isCarbon(el)).to.equal(false);
      expect(parseCarbon(el, 'a@b.org')).to.equal(null);
      expect(parseMamResult(el, 'q', 'a@b.org')).to.equal(null);
      expect(parseMamFin(el)).to.equal(null);
      expect(parseDiscoFeatures(el).size).to.equal(0);
      expect(serverSupportsCsi(el)).to.equal(false);
    }
  });

  it('give sensible answers for some of them', () => {
    // only the direct text of <body> counts
    expect(parseChatMessage(stanza(SOURCES[7]))).to.equal(null);
    // a roster with 2000 copies of one item is one contact
    expect(parseRosterResult(stanza(SOURCES[11]))?.contacts).to.have.length(1);
    // non-string attributes are not trusted
    expect(parseChatMessage(oddElements()[1])).to.equal(null);
    expect(parsePresence(oddElements()[0])).to.equal(null);
    // our server's delay wins even without a stamp, and a 7-digit year is no XEP-0082 stamp anyway
    expect(parseChatMessage(stanza(SOURCES[13]))?.delayedAt).to.equal(null);
    // a carbon with two wrappers, or 200 nested carbons, is no carbon
    expect(parseCarbon(stanza(SOURCES[15]), 'a@b.org')).to.equal(null);
    expect(isCarbon(stanza(SOURCES[16]))).to.equal(true);
    expect(parseCarbon(stanza(SOURCES[16]), 'a@b.org')).to.equal(null);
    // a fin whose first holds an element, not text, has no first
    expect(parseMamFin(stanza(SOURCES[18]))).to.deep.equal({ complete: true, first: null, last: null });
    // 5000 copies of one feature are one feature
    expect(parseDiscoFeatures(stanza(SOURCES[19]))).to.have.property('size', 2);
    // prototype-looking ids are plain strings ("__proto__" is a valid domain name)
    expect(parseChatMessage(stanza(SOURCES[21]))).to.include({ originId: 'toString' });
    expect(parseChatMessage(stanza(SOURCES[21]))?.stanzaIds).to.deep.equal([{ by: '__proto__', id: 'constructor' }]);
  });
});
