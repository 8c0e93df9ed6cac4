import { expect } from '@open-wc/testing';
import Element from 'ltx/lib/Element.js';
import FramedParser, { loadFastParser, parseFrame } from '../../../src/xmpp/frame-parser.js';
import { parseSax } from '../../../src/xmpp/sax-parser.js';

describe('xmpp/frame-parser (one WebSocket frame, one element: RFC 7395)', () => {
  it('gives ltx elements with prefixes, namespaces, attributes, text and CDATA', () => {
    const el = parseFrame(
      `<message xmlns="jabber:client" from="a@b/c" xml:lang="en"><body>1 &lt; 2 &amp; "x"</body><x:y xmlns:x="urn:x" k="v"><![CDATA[<raw>]]></x:y></message>`,
    );
    expect(el.is('message', 'jabber:client')).to.equal(true);
    expect(el.attrs).to.include({ from: 'a@b/c', 'xml:lang': 'en' });
    expect(el.getChildText('body')).to.equal('1 < 2 & "x"');
    const y = el.getChild('y', 'urn:x')!;
    expect(y.attrs.k).to.equal('v');
    expect(y.getText()).to.equal('<raw>');
    expect(el.toString()).to.include('<body>1 &lt; 2 &amp; "x"</body>');
  });

  it('refuses what is not XML, DTDs, entity definitions, comments and processing instructions', () => {
    for (const frame of [
      'not xml',
      '<message <body>',
      '<!DOCTYPE m [<!ENTITY x "xx">]><m>&x;</m>',
      '<m><!-- hidden --></m>',
      '<?xml-stylesheet href="x"?><m/>',
      '',
    ]) {
      expect(() => parseFrame(frame), frame).to.throw(/XML/);
    }
  });

  it('a <parsererror> element that a contact sent is content, not an error', () => {
    const el = parseFrame(
      `<message xmlns="jabber:client"><parsererror xmlns="http://www.w3.org/1999/xhtml"><h3>This page contains the following errors:</h3></parsererror><body>hi</body></message>`,
    );
    expect(el.getChildText('body')).to.equal('hi');
    expect(parseFrame('<message xmlns="jabber:client"><parsererror/><body>broken</message>').children).to.deep.equal([]);
  });

  it('a stanza too deep or too broken for the browser arrives as its outermost element, empty, not as a stream error', () => {
    const deep = '<x>'.repeat(5000) + 'deep' + '</x>'.repeat(5000);
    for (const frame of [`<message xmlns="jabber:client" from="a@b.org" id="m1" type="chat"><body>${deep}</body></message>`, '<message xmlns="jabber:client" from="a@b.org" id="m1" type="chat"><body>unclosed</message>']) {
      const el = parseFrame(frame);
      expect(el.is('message', 'jabber:client')).to.equal(true);
      expect(el.attrs).to.include({ from: 'a@b.org', id: 'm1', type: 'chat' });
      expect(el.children).to.deep.equal([]);
    }
  });

  it('emits start for <open/>, end for <close/>, element for stanzas, error for bad frames', () => {
    const parser = new FramedParser();
    const seen: string[] = [];
    for (const event of ['start', 'end', 'element', 'error']) parser.on(event, (el: { name?: string }) => seen.push(`${event}:${el.name ?? ''}`));
    parser.write('<open xmlns="urn:ietf:params:xml:ns:xmpp-framing" to="localhost" version="1.0"/>');
    parser.write('<iq xmlns="jabber:client" type="result" id="1"/>');
    parser.write('<!DOCTYPE iq><iq/>');
    parser.write('<close xmlns="urn:ietf:params:xml:ns:xmpp-framing"/>');
    expect(seen).to.deep.equal(['start:open', 'element:iq', 'error:XMLError', 'end:close']);
  });

  describe("ltx's SAX parser (its own chunk)", () => {
    const frames = [
      `<message xmlns="jabber:client" from="a@b/c" xml:lang="en"><body>1 &lt; 2 &amp; "x" &#x1F600;</body><x:y xmlns:x="urn:x" k="v&amp;w"><![CDATA[<raw>]]></x:y></message>`,
      `<presence xmlns="jabber:client" from="room@conference.example.org/Bot 00001"><x xmlns="http://jabber.org/protocol/muc#user"><item affiliation="none" role="participant"/></x></presence>`,
      `<iq xmlns='jabber:client' type='result' id='r1'><query xmlns='jabber:iq:roster' ver='7'><item jid='bob@example.org' name='Bob &apos;B&apos;' subscription='both'><group>Friends</group></item></query></iq>`,
      '<open xmlns="urn:ietf:params:xml:ns:xmpp-framing" to="localhost" version="1.0"/>',
    ];

    it('reads what the browser reads, the same elements', async () => {
      const viaBrowser = frames.map((frame) => parseFrame(frame).toString());
      await loadFastParser();
      for (const [i, frame] of frames.entries()) {
        const fast = parseSax(frame, Element);
        expect(fast, frame).to.not.equal(null);
        expect(fast!.toString()).to.equal(viaBrowser[i]);
        expect(parseFrame(frame).toString()).to.equal(viaBrowser[i]);
      }
    });

    it('leaves to the browser what is not one well-formed element, or too deep', () => {
      for (const frame of [
        '<message><body>unclosed</message>',
        '<a/><b/>',
        'text<a/>',
        '<a>&nbsp;</a>',
        '<a>&#0;</a>',
        '<message',
        '<x>'.repeat(101) + '</x>'.repeat(101),
      ]) {
        expect(parseSax(frame, Element), frame).to.equal(null);
      }
      expect(parseSax('<x>'.repeat(100) + '</x>'.repeat(100), Element)).to.not.equal(null);
    });
  });
});
