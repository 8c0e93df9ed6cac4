import { expect } from '@open-wc/testing';
import * as NS from '../../../src/xmpp/ns.js';

describe('xmpp/ns', () => {
  it('has the namespaces the brief and the XEPs name', () => {
    expect(NS.ROSTER).to.equal('jabber:iq:roster');
    expect(NS.DELAY).to.equal('urn:xmpp:delay');
    expect(NS.SM).to.equal('urn:xmpp:sm:3');
    expect(NS.CARBONS).to.equal('urn:xmpp:carbons:2');
    expect(NS.MAM).to.equal('urn:xmpp:mam:2');
    expect(NS.SID).to.equal('urn:xmpp:sid:0');
    expect(NS.CSI).to.equal('urn:xmpp:csi:0');
    expect(NS.STANZAS).to.equal('urn:ietf:params:xml:ns:xmpp-stanzas');
    expect(NS.REGISTER).to.equal('jabber:iq:register');
    expect(NS.FORWARD).to.equal('urn:xmpp:forward:0');
    expect(NS.RECEIPTS).to.equal('urn:xmpp:receipts');
    expect(NS.CHATSTATES).to.equal('http://jabber.org/protocol/chatstates');
    expect(NS.STREAMS).to.equal('http://etherx.jabber.org/streams');
  });

  it('gives every protocol its own namespace', () => {
    const values = Object.values(NS);
    expect(new Set(values).size).to.equal(values.length);
  });
});
