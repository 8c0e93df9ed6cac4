import { expect } from '@open-wc/testing';
import xml from '@xmpp/xml';
import { buildClientState, serverSupportsCsi } from '../../../src/xmpp/csi.js';
import { stanza } from './parse-xml.js';

const STREAM = 'xmlns:stream="http://etherx.jabber.org/streams"';

describe('xmpp/csi', () => {
  it('buildClientState gives active or inactive (XEP-0352 §4.2)', () => {
    expect(buildClientState(true).toString()).to.equal('<active xmlns="urn:xmpp:csi:0"/>');
    expect(buildClientState(false).toString()).to.equal('<inactive xmlns="urn:xmpp:csi:0"/>');
  });

  describe('serverSupportsCsi', () => {
    it('finds csi among the stream features (§4.1)', () => {
      expect(serverSupportsCsi(stanza(`<stream:features ${STREAM}><bind xmlns="urn:ietf:params:xml:ns:xmpp-bind"/>`
        + '<sm xmlns="urn:xmpp:sm:3"/><csi xmlns="urn:xmpp:csi:0"/></stream:features>'))).to.equal(true);
    });

    it('accepts features whose stream prefix is not declared', () => {
      expect(serverSupportsCsi(xml('stream:features', {}, xml('csi', { xmlns: 'urn:xmpp:csi:0' })))).to.equal(true);
      expect(serverSupportsCsi(stanza('<features xmlns="http://etherx.jabber.org/streams"><csi xmlns="urn:xmpp:csi:0"/></features>'))).to.equal(true);
    });

    it('is false without csi, with csi in another namespace, or nested', () => {
      expect(serverSupportsCsi(stanza(`<stream:features ${STREAM}><sm xmlns="urn:xmpp:sm:3"/></stream:features>`))).to.equal(false);
      expect(serverSupportsCsi(stanza(`<stream:features ${STREAM}><csi xmlns="urn:xmpp:csi:1"/></stream:features>`))).to.equal(false);
      expect(serverSupportsCsi(stanza(`<stream:features ${STREAM}><csi/></stream:features>`))).to.equal(false);
      expect(serverSupportsCsi(stanza(`<stream:features ${STREAM}><inactive xmlns="urn:xmpp:csi:0"/></stream:features>`))).to.equal(false);
      expect(serverSupportsCsi(stanza(`<stream:features ${STREAM}><x><csi xmlns="urn:xmpp:csi:0"/></x></stream:features>`))).to.equal(false);
    });

    it('is false for elements that are not stream features, and for junk', () => {
      expect(serverSupportsCsi(stanza('<features xmlns="urn:evil"><csi xmlns="urn:xmpp:csi:0"/></features>'))).to.equal(false);
      expect(serverSupportsCsi(stanza('<message><csi xmlns="urn:xmpp:csi:0"/></message>'))).to.equal(false);
      for (const junk of [null, undefined, 42, 'features', {}, { name: 'stream:features' }]) {
        expect(serverSupportsCsi(junk as never)).to.equal(false);
      }
    });
  });
});
