import { expect } from '@open-wc/testing';
import { buildReceipt, parseReceipt } from '../../../src/features/receipts/protocol.js';
import { buildChatMessage, parseChatMessage } from '../../../src/xmpp/message.js';
import { service } from '../../../src/features/receipts/service.js';
import { fakeContext } from '../../helpers/feature-context.js';
import { stanza } from '../xmpp/parse-xml.js';

const ROMEO = 'romeo@example.net/orchard';
const msg = (attrs: string, children: string) => stanza(`<message ${attrs}>${children}</message>`);

describe('xmpp/receipts', () => {
  describe('buildReceipt', () => {
    it('acks a chat message with only a received element (XEP-0184 §7)', () => {
      expect(buildReceipt(ROMEO, 'richard2-4.1.247', 'chat', 'bi29sg183b4v').toString()).to.equal(
        '<message to="romeo@example.net/orchard" id="bi29sg183b4v" type="chat">'
        + '<received xmlns="urn:xmpp:receipts" id="richard2-4.1.247"/></message>');
    });

    it('writes a normal message without a type, like the XEP example', () => {
      expect(buildReceipt(ROMEO, 'm1', 'normal', 'r1').toString()).to.equal(
        '<message to="romeo@example.net/orchard" id="r1"><received xmlns="urn:xmpp:receipts" id="m1"/></message>');
    });

    it('defaults to type chat and a fresh random id', () => {
      const a = buildReceipt(ROMEO, 'm1');
      const b = buildReceipt(ROMEO, 'm1');
      expect(a.attrs.type).to.equal('chat');
      expect(a.attrs.id).to.match(/^[0-9a-f-]{36}$/);
      expect(a.attrs.id).to.not.equal(b.attrs.id);
      expect(a.attrs.id).to.not.equal('m1');
    });

    it('never carries a body or a receipt request (§5.4: no loops)', () => {
      const el = buildReceipt(ROMEO, 'm1');
      expect(el.getChildElements().map((c) => c.name)).to.deep.equal(['received']);
      expect(el.getChild('request', 'urn:xmpp:receipts')).to.equal(undefined);
    });

    it('escapes an id with markup', () => {
      expect(buildReceipt(ROMEO, '"><x/>', 'chat', 'r1').toString()).to.contain('id="&quot;&gt;&lt;x/&gt;"');
    });

    it('makes a receipt that parseReceipt reads back, and that is not a chat message', () => {
      const out = buildReceipt(ROMEO, 'm1').toString().replace('to=', 'from="juliet@example.com/balcony" to=');
      expect(parseReceipt(stanza(out))).to.deep.equal({ from: 'juliet@example.com/balcony', id: 'm1' });
      expect(parseChatMessage(stanza(out))).to.equal(null);
    });
  });

  describe('parseReceipt', () => {
    const RECEIVED = '<received xmlns="urn:xmpp:receipts" id="richard2-4.1.247"/>';

    it('reads the XEP example', () => {
      expect(parseReceipt(msg('xmlns="jabber:client" from="kingrichard@royalty.england.lit/throne" id="bi29sg183b4v" to="northumberland@shakespeare.lit/westminster"', RECEIVED)))
        .to.deep.equal({ from: 'kingrichard@royalty.england.lit/throne', id: 'richard2-4.1.247' });
    });

    it('accepts any message type but error (§7: receipts may not mirror our type)', () => {
      for (const type of ['chat', 'normal', 'headline', 'groupchat', 'odd']) {
        expect(parseReceipt(msg(`type="${type}" from="${ROMEO}"`, RECEIVED))?.id, type).to.equal('richard2-4.1.247');
      }
      expect(parseReceipt(msg(`type="error" from="${ROMEO}"`, RECEIVED))).to.equal(null);
    });

    it('normalizes from and keeps its resource', () => {
      expect(parseReceipt(msg('from="Romeo@Example.NET/Orchard"', RECEIVED))?.from).to.equal('romeo@example.net/Orchard');
      expect(parseReceipt(msg('from="romeo@example.net"', RECEIVED))?.from).to.equal('romeo@example.net');
    });

    it('refuses a missing or invalid from', () => {
      expect(parseReceipt(msg('', RECEIVED))).to.equal(null);
      expect(parseReceipt(msg('from=""', RECEIVED))).to.equal(null);
      expect(parseReceipt(msg('from="a@b@c"', RECEIVED))).to.equal(null);
    });

    it('refuses a received without a usable id', () => {
      expect(parseReceipt(msg(`from="${ROMEO}"`, '<received xmlns="urn:xmpp:receipts"/>'))).to.equal(null);
      expect(parseReceipt(msg(`from="${ROMEO}"`, '<received xmlns="urn:xmpp:receipts" id=""/>'))).to.equal(null);
      expect(parseReceipt(msg(`from="${ROMEO}"`, `<received xmlns="urn:xmpp:receipts" id="${'i'.repeat(5000)}"/>`))).to.equal(null);
    });

    it('ignores received elements of other namespaces (a carbon is not a receipt) and nested ones', () => {
      expect(parseReceipt(msg(`from="${ROMEO}"`, '<received xmlns="urn:xmpp:carbons:2" id="m1"/>'))).to.equal(null);
      expect(parseReceipt(msg(`from="${ROMEO}"`, '<received id="m1"/>'))).to.equal(null);
      expect(parseReceipt(msg(`from="${ROMEO}"`, `<x xmlns="urn:other">${RECEIVED}</x>`))).to.equal(null);
      expect(parseReceipt(msg(`from="${ROMEO}"`, '<request xmlns="urn:xmpp:receipts"/>'))).to.equal(null);
    });

    it('takes the first of several received elements', () => {
      expect(parseReceipt(msg(`from="${ROMEO}"`, '<received xmlns="urn:xmpp:receipts" id="a"/><received xmlns="urn:xmpp:receipts" id="b"/>'))?.id).to.equal('a');
    });

    it('returns null for our own chat messages and for other stanzas', () => {
      expect(parseReceipt(buildChatMessage('juliet@example.com', 'hi', 'm1'))).to.equal(null);
      expect(parseReceipt(stanza(`<presence from="${ROMEO}">${RECEIVED}</presence>`))).to.equal(null);
      expect(parseReceipt(stanza(`<iq type="set" from="${ROMEO}">${RECEIVED}</iq>`))).to.equal(null);
      expect(parseReceipt(stanza(`<message xmlns="urn:evil" from="${ROMEO}">${RECEIVED}</message>`))).to.equal(null);
    });
  });

  describe('the service', () => {
    const request = (type: string) =>
      stanza(`<message xmlns="jabber:client" type="${type}" from="room@conference.example.com/Nick" id="m1"><body>hi</body><request xmlns="urn:xmpp:receipts"/></message>`);

    it('answers a request in a one-to-one chat, and never in a room (§5.5)', () => {
      const chat = fakeContext('me@example.com', { seers: ['room@conference.example.com'] });
      service.inbound!(request('chat'), chat.context);
      expect(chat.sent).to.have.length(1);
      const room = fakeContext('me@example.com', { seers: ['room@conference.example.com'] });
      service.inbound!(request('groupchat'), room.context);
      expect(room.sent).to.deep.equal([]);
    });
  });
});
