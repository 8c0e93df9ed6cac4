import { expect } from '@open-wc/testing';
import { PlainMechanism, SaslFactory, utf8ToBinary } from '../../../src/xmpp/sasl.js';
import { ScramSha1Mechanism, ScramSha256Mechanism } from '../../../src/xmpp/scram.js';

describe('SASL mechanism registry and PLAIN', () => {
  it('lists what is registered, by name, in order, as @xmpp/sasl reads it', () => {
    const factory = new SaslFactory().use(ScramSha256Mechanism).use(PlainMechanism);
    expect(factory._mechs.map(({ name }) => name)).to.deep.equal(['SCRAM-SHA-256', 'PLAIN']);
  });

  it('creates the first registered mechanism the server offers, a new one each time', () => {
    const factory = new SaslFactory().use(ScramSha256Mechanism).use(ScramSha1Mechanism).use(PlainMechanism);
    expect(factory.create(['PLAIN', 'SCRAM-SHA-1'])?.name).to.equal('SCRAM-SHA-1');
    const plain = factory.create(['PLAIN']);
    expect(plain).to.be.instanceOf(PlainMechanism);
    expect(factory.create(['PLAIN'])).not.to.equal(plain);
    expect(factory.create(['DIGEST-MD5'])).to.equal(null);
  });

  it('offers a mechanism whose class comes later by name, and creates it only once ready', async () => {
    let loads = 0;
    const factory = new SaslFactory().useLater('SCRAM-SHA-256', async () => (loads++, ScramSha256Mechanism)).use(PlainMechanism);
    expect(factory._mechs.map(({ name }) => name)).to.deep.equal(['SCRAM-SHA-256', 'PLAIN']);
    // Not loaded yet: what is offered and ready is created instead.
    expect(factory.create(['SCRAM-SHA-256', 'PLAIN'])?.name).to.equal('PLAIN');
    await factory.ready('SCRAM-SHA-256');
    await factory.ready('SCRAM-SHA-256');
    expect(loads).to.equal(1);
    expect(factory.create(['SCRAM-SHA-256', 'PLAIN'])).to.be.instanceOf(ScramSha256Mechanism);
  });

  it('PLAIN sends authzid, username and password NUL-separated, first (RFC 4616)', () => {
    const plain = new PlainMechanism();
    expect(plain.clientFirst).to.equal(true);
    expect(plain.response({ username: 'juliet', password: 'r0m30' })).to.equal('\0juliet\0r0m30');
    expect(plain.response({ authzid: 'admin', username: 'juliet', password: 'r0m30' })).to.equal('admin\0juliet\0r0m30');
    // Binary strings in, binary strings out: UTF-8 passwords arrive as bytes, ready for btoa.
    const bytes = plain.response({ username: 'juliet', password: utf8ToBinary('pässwörd✓') });
    expect(() => btoa(bytes)).not.to.throw();
    expect(new TextDecoder().decode(Uint8Array.from(bytes, (c) => c.charCodeAt(0)))).to.equal('\0juliet\0pässwörd✓');
  });
});
