import { expect } from '@open-wc/testing';
import { buildCarbonsEnable, isCarbon, parseCarbon } from '../../../src/features/carbons/protocol.js';
import { parseChatMessage } from '../../../src/xmpp/message.js';
import { stanza } from '../xmpp/parse-xml.js';

const OWN = 'juliet@capulet.example';
const ROMEO = 'romeo@montague.example/home';

/** A carbon as XEP-0280 §7/§8 shows it, with parts replaceable. */
function carbon(opts: {
  kind?: string; wrapperFrom?: string | null; wrapperType?: string; wrapperNs?: string; forwardNs?: string;
  inner?: string; innerFrom?: string; innerTo?: string; innerType?: string; innerNs?: string | null; extra?: string;
} = {}): string {
  const kind = opts.kind ?? 'received';
  const wrapperFrom = opts.wrapperFrom === undefined ? OWN : opts.wrapperFrom;
  const innerNs = opts.innerNs === undefined ? 'jabber:client' : opts.innerNs;
  const inner = opts.inner ?? `<message${innerNs === null ? '' : ` xmlns="${innerNs}"`} from="${opts.innerFrom ?? ROMEO}" to="${opts.innerTo ?? `${OWN}/balcony`}" type="${opts.innerType ?? 'chat'}" id="m1">`
    + '<body>Wherefore art thou, Romeo?</body><request xmlns="urn:xmpp:receipts"/>'
    + `<stanza-id xmlns="urn:xmpp:sid:0" by="${OWN}" id="s1"/></message>`;
  return `<message xmlns="jabber:client"${wrapperFrom === null ? '' : ` from="${wrapperFrom}"`} to="${OWN}/garden" type="${opts.wrapperType ?? 'chat'}">`
    + `<${kind} xmlns="${opts.wrapperNs ?? 'urn:xmpp:carbons:2'}"><forwarded xmlns="${opts.forwardNs ?? 'urn:xmpp:forward:0'}">${inner}</forwarded></${kind}>`
    + `${opts.extra ?? ''}</message>`;
}
const parse = (source: string, own = OWN) => parseCarbon(stanza(source), own);

describe('xmpp/carbons', () => {
  it('buildCarbonsEnable is an iq set with enable (XEP-0280 §4), no id', () => {
    expect(buildCarbonsEnable().toString()).to.equal('<iq type="set"><enable xmlns="urn:xmpp:carbons:2"/></iq>');
  });

  describe('parseCarbon', () => {
    it('reads a received carbon (§7)', () => {
      const c = parse(carbon());
      expect(c?.direction).to.equal('received');
      expect(c?.peer).to.equal('romeo@montague.example');
      expect(parseChatMessage(c!.message)).to.deep.include({
        id: 'm1', from: ROMEO, to: `${OWN}/balcony`, type: 'chat', body: 'Wherefore art thou, Romeo?',
        stanzaIds: [{ by: OWN, id: 's1' }],
      });
    });

    it('reads a sent carbon (§8)', () => {
      const c = parse(carbon({ kind: 'sent', innerFrom: `${OWN}/balcony`, innerTo: ROMEO }));
      expect(c?.direction).to.equal('sent');
      expect(c?.peer).to.equal('romeo@montague.example');
      expect(parseChatMessage(c!.message)).to.include({ from: `${OWN}/balcony`, to: ROMEO, body: 'Wherefore art thou, Romeo?' });
    });

    it('gives a forwarded message without a body too (a chat state), for the pipeline to read', () => {
      const composing = `<message xmlns="jabber:client" from="${ROMEO}" to="${OWN}" type="chat"><composing xmlns="http://jabber.org/protocol/chatstates"/></message>`;
      expect(parse(carbon({ inner: composing }))?.message.getChild('composing')).to.not.equal(undefined);
    });

    it('accepts our own JID given in another case or with a resource, and a wrapper of any non-error type', () => {
      expect(parse(carbon(), 'Juliet@Capulet.Example')?.direction).to.equal('received');
      expect(parse(carbon(), `${OWN}/garden`)?.direction).to.equal('received');
      expect(parse(carbon({ wrapperFrom: 'JULIET@capulet.example' }))?.direction).to.equal('received');
      expect(parse(carbon({ wrapperType: 'normal' }))?.direction).to.equal('received');
    });

    describe('refuses forged carbons (§11)', () => {
      for (const [name, from] of [
        ['from a contact', 'romeo@montague.example'],
        ['from a contact full JID', ROMEO],
        ['from our own full JID (another of our resources)', `${OWN}/other`],
        ['from our server domain', 'capulet.example'],
        ['from a look-alike account', 'juliet@capulet.example.evil'],
        ['with an empty from', ''],
        ['with an invalid from', 'juliet@capulet.example@evil'],
      ] as const) {
        it(name, () => {
          expect(parse(carbon({ wrapperFrom: from }))).to.equal(null);
          expect(parse(carbon({ kind: 'sent', wrapperFrom: from, innerFrom: `${OWN}/x`, innerTo: ROMEO }))).to.equal(null);
        });
      }

      it('without a from', () => {
        expect(parse(carbon({ wrapperFrom: null }))).to.equal(null);
      });
    });

    it('refuses a sent carbon not written by our account', () => {
      expect(parse(carbon({ kind: 'sent', innerFrom: ROMEO, innerTo: `${OWN}/balcony` }))).to.equal(null);
    });

    it('refuses a sent carbon without a valid to (no peer)', () => {
      expect(parse(carbon({ kind: 'sent', inner: `<message xmlns="jabber:client" from="${OWN}/b" type="chat"><body>hi</body></message>` }))).to.equal(null);
      expect(parse(carbon({ kind: 'sent', innerFrom: `${OWN}/b`, innerTo: 'a@b@c' }))).to.equal(null);
    });

    it('refuses a received carbon not addressed to our account', () => {
      expect(parse(carbon({ innerTo: 'nurse@capulet.example/kitchen' }))).to.equal(null);
      expect(parse(carbon({ inner: `<message xmlns="jabber:client" from="${ROMEO}" type="chat"><body>hi</body></message>` }))).to.equal(null);
    });

    it('refuses an invalid own JID', () => {
      expect(parse(carbon(), '')).to.equal(null);
      expect(parse(carbon(), 'a@b@c')).to.equal(null);
      expect(parseCarbon(stanza(carbon()), undefined as unknown as string)).to.equal(null);
    });

    it('refuses forwarded messages that are not chat messages', () => {
      expect(parse(carbon({ innerType: 'groupchat' }))).to.equal(null);
      expect(parse(carbon({ innerType: 'error' }))).to.equal(null);
      expect(parse(carbon({ innerType: 'headline' }))).to.equal(null);
    });

    it('refuses a forwarded message outside jabber:client (XEP-0297 §3.2), and non-message payloads', () => {
      expect(parse(carbon({ innerNs: null }))).to.equal(null);
      expect(parse(carbon({ innerNs: 'urn:evil' }))).to.equal(null);
      expect(parse(carbon({ inner: `<iq xmlns="jabber:client" from="${ROMEO}" to="${OWN}" type="set"><body>hi</body></iq>` }))).to.equal(null);
      expect(parse(carbon({ inner: '' }))).to.equal(null);
      expect(parse(carbon({ inner: 'just text' }))).to.equal(null);
    });

    it('refuses wrappers in the wrong namespace or shape', () => {
      expect(parse(carbon({ wrapperNs: 'urn:xmpp:carbons:1' }))).to.equal(null);
      expect(parse(carbon({ forwardNs: 'urn:xmpp:forward:1' }))).to.equal(null);
      expect(parse(carbon({ kind: 'private' }))).to.equal(null);
      expect(parse(carbon({ wrapperType: 'error' }))).to.equal(null);
    });

    it('refuses ambiguous carbons: two wrappers, two forwarded, two messages', () => {
      const inner = `<message xmlns="jabber:client" from="${ROMEO}" to="${OWN}" type="chat"><body>one</body></message>`;
      const other = `<message xmlns="jabber:client" from="${ROMEO}" to="${OWN}" type="chat"><body>two</body></message>`;
      expect(parse(carbon({ extra: `<sent xmlns="urn:xmpp:carbons:2"><forwarded xmlns="urn:xmpp:forward:0">${inner}</forwarded></sent>` }))).to.equal(null);
      expect(parse(carbon({ inner: `${inner}</forwarded><forwarded xmlns="urn:xmpp:forward:0">${other}` }))).to.equal(null);
      expect(parse(carbon({ inner: inner + other }))).to.equal(null);
    });

    it('refuses a carbon nested in a carbon', () => {
      const nested = `<message xmlns="jabber:client" from="${OWN}" to="${OWN}/balcony" type="chat"><body>outer</body>`
        + `<received xmlns="urn:xmpp:carbons:2"><forwarded xmlns="urn:xmpp:forward:0"><message xmlns="jabber:client" from="${ROMEO}" to="${OWN}" type="chat"><body>hi</body></message></forwarded></received></message>`;
      expect(parse(carbon({ inner: nested }))).to.equal(null);
      expect(parse(carbon({ kind: 'sent', inner: nested.replace('<received', '<sent').replace('</received>', '</sent>') }))).to.equal(null);
    });

    it('ignores a spoofed body on the wrapper', () => {
      expect(parse(carbon({ extra: '<body>outer</body>' }))?.message.getChildText('body')).to.equal('Wherefore art thou, Romeo?');
    });

    it('returns null for plain messages and other stanzas', () => {
      expect(parse(`<message from="${OWN}" type="chat"><body>hi</body></message>`)).to.equal(null);
      expect(parse(`<iq from="${OWN}" type="set"><received xmlns="urn:xmpp:carbons:2"/></iq>`)).to.equal(null);
      expect(parse(`<message xmlns="urn:evil" from="${OWN}"><received xmlns="urn:xmpp:carbons:2"><forwarded xmlns="urn:xmpp:forward:0"><message xmlns="jabber:client" from="${ROMEO}" to="${OWN}" type="chat"><body>hi</body></message></forwarded></received></message>`))
        .to.equal(null);
    });
  });

  describe('isCarbon', () => {
    it('is true for any message with a carbons sent or received child, forged or not', () => {
      expect(isCarbon(stanza(carbon()))).to.equal(true);
      expect(isCarbon(stanza(carbon({ kind: 'sent' })))).to.equal(true);
      expect(isCarbon(stanza(carbon({ wrapperFrom: 'mallory@evil.example' })))).to.equal(true);
      expect(isCarbon(stanza(carbon({ wrapperType: 'error' })))).to.equal(true);
      expect(isCarbon(stanza('<message><received xmlns="urn:xmpp:carbons:2"/></message>'))).to.equal(true);
    });

    it('is false for plain messages, receipts, other namespaces and other stanzas', () => {
      expect(isCarbon(stanza(`<message from="${ROMEO}" type="chat"><body>hi</body></message>`))).to.equal(false);
      expect(isCarbon(stanza(`<message from="${ROMEO}"><received xmlns="urn:xmpp:receipts" id="m1"/></message>`))).to.equal(false);
      expect(isCarbon(stanza(carbon({ wrapperNs: 'urn:xmpp:carbons:1' })))).to.equal(false);
      expect(isCarbon(stanza(carbon({ kind: 'private' })))).to.equal(false);
      expect(isCarbon(stanza('<message><x><received xmlns="urn:xmpp:carbons:2"/></x></message>'))).to.equal(false);
      expect(isCarbon(stanza('<iq><received xmlns="urn:xmpp:carbons:2"/></iq>'))).to.equal(false);
      expect(isCarbon(null as unknown as never)).to.equal(false);
    });
  });
});
