import { expect } from '@open-wc/testing';
import { buildDiscoInfo, parseDiscoFeatures } from '../../../src/xmpp/disco.js';
import { stanza } from './parse-xml.js';

const info = (type: string, children: string) => stanza(`<iq xmlns="jabber:client" type="${type}" id="d1" from="capulet.lit"><query xmlns="http://jabber.org/protocol/disco#info">${children}</query></iq>`);

describe('xmpp/disco', () => {
  it('buildDiscoInfo asks an entity, or our own account without to (XEP-0030 §3.1)', () => {
    expect(buildDiscoInfo('capulet.lit').toString()).to.equal('<iq type="get" to="capulet.lit"><query xmlns="http://jabber.org/protocol/disco#info"/></iq>');
    expect(buildDiscoInfo().toString()).to.equal('<iq type="get"><query xmlns="http://jabber.org/protocol/disco#info"/></iq>');
    expect(buildDiscoInfo('').toString()).to.equal('<iq type="get"><query xmlns="http://jabber.org/protocol/disco#info"/></iq>');
  });

  describe('parseDiscoFeatures', () => {
    it('reads every feature var, ignoring identities and forms', () => {
      const features = parseDiscoFeatures(info('result', `<identity category="server" type="im" name="Prosody"/>
        <feature var="http://jabber.org/protocol/disco#info"/><feature var="urn:xmpp:carbons:2"/>
        <feature var="urn:xmpp:mam:2"/><feature var="urn:xmpp:sid:0"/><feature var="urn:xmpp:mam:2"/>
        <x xmlns="jabber:x:data" type="result"><field var="FORM_TYPE"><value>urn:xmpp:dataforms:softwareinfo</value></field></x>`));
      expect([...features]).to.deep.equal(['http://jabber.org/protocol/disco#info', 'urn:xmpp:carbons:2', 'urn:xmpp:mam:2', 'urn:xmpp:sid:0']);
    });

    it('accepts the query element on its own (what iqCaller.get() returns)', () => {
      const q = info('result', '<feature var="urn:xmpp:mam:2"/>').getChild('query', 'http://jabber.org/protocol/disco#info');
      expect([...parseDiscoFeatures(q!)]).to.deep.equal(['urn:xmpp:mam:2']);
    });

    it('skips features with a missing, empty or absurd var, in another namespace, nested or prefixed', () => {
      const features = parseDiscoFeatures(info('result', `<feature/><feature var=""/><feature var="${'v'.repeat(1025)}"/>
        <feature xmlns="urn:evil" var="urn:xmpp:evil"/><x><feature var="urn:xmpp:nested"/></x><d:feature xmlns:d="http://jabber.org/protocol/disco#info" var="prefixed"/>
        <feature var="ok"/>`));
      expect([...features]).to.deep.equal(['ok']);
    });

    it('gives an empty set for errors, other payloads and junk', () => {
      for (const el of [
        info('error', '<feature var="urn:xmpp:mam:2"/>'),
        info('get', '<feature var="urn:xmpp:mam:2"/>'),
        info('set', '<feature var="urn:xmpp:mam:2"/>'),
        stanza('<iq type="result"><query xmlns="http://jabber.org/protocol/disco#items"><feature var="x"/></query></iq>'),
        stanza('<iq type="result"/>'),
        stanza('<iq type="result"><query xmlns="http://jabber.org/protocol/disco#info"><feature var="a"/></query><query xmlns="http://jabber.org/protocol/disco#info"><feature var="b"/></query></iq>'),
        stanza('<message type="result"><query xmlns="http://jabber.org/protocol/disco#info"><feature var="x"/></query></message>'),
        stanza('<query xmlns="urn:evil"><feature var="x"/></query>'),
      ]) {
        expect(parseDiscoFeatures(el).size, el.toString()).to.equal(0);
      }
      for (const junk of [null, undefined, 42, 'iq', {}, { name: 'query' }]) {
        expect(parseDiscoFeatures(junk as never).size).to.equal(0);
      }
    });

    it('keeps prototype-looking names as plain strings', () => {
      const features = parseDiscoFeatures(info('result', '<feature var="__proto__"/><feature var="constructor"/>'));
      expect(features.has('__proto__')).to.equal(true);
      expect(features.has('toString')).to.equal(false);
    });
  });
});
