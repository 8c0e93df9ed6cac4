import { expect } from '@open-wc/testing';
import { jid as clientCoreJid } from '@xmpp/client-core';
import jid, {
  Jid, bareJid, formatJid, isBareJid, normalizeBareJid, parseJid, resourceOf, sameBareJid,
} from '../../../src/xmpp/jid.js';

describe('xmpp/jid', () => {
  describe('parseJid', () => {
    it('splits a full JID', () => {
      expect(parseJid('alice@example.org/phone')).to.deep.equal({ local: 'alice', domain: 'example.org', resource: 'phone' });
    });

    it('reads bare, domain-only and domain/resource JIDs', () => {
      expect(parseJid('alice@example.org')).to.deep.equal({ local: 'alice', domain: 'example.org', resource: '' });
      expect(parseJid('example.org')).to.deep.equal({ local: '', domain: 'example.org', resource: '' });
      expect(parseJid('example.org/admin')).to.deep.equal({ local: '', domain: 'example.org', resource: 'admin' });
    });

    it('lowercases local and domain but keeps the resource as sent', () => {
      expect(parseJid('Alice@Example.ORG/Phone')).to.deep.equal({ local: 'alice', domain: 'example.org', resource: 'Phone' });
    });

    it('lets the resource contain "/" and "@" (only the first "/" splits)', () => {
      expect(parseJid('a@b.org/c/d@e')).to.deep.equal({ local: 'a', domain: 'b.org', resource: 'c/d@e' });
    });

    it('drops a trailing dot on the domain', () => {
      expect(parseJid('a@example.org.')?.domain).to.equal('example.org');
    });

    it('accepts IP literals, IDN domains and non-ASCII locals', () => {
      expect(parseJid('a@[::1]')?.domain).to.equal('[::1]');
      expect(parseJid('a@127.0.0.1')?.domain).to.equal('127.0.0.1');
      expect(parseJid('bjørn@münchen.de')).to.deep.equal({ local: 'bjørn', domain: 'münchen.de', resource: '' });
      expect(parseJid('مرحبا@example.org/📱 هاتف')?.resource).to.equal('📱 هاتف');
    });

    it('normalizes the local part to NFC', () => {
      // "é" as e + combining acute accent
      expect(parseJid('jose\u0301@example.org')?.local).to.equal('jos\u00e9');
    });

    for (const bad of [
      '', 'a@b@c', '@example.org', 'alice@', 'alice@example.org/', 'a b@example.org', 'alice@exa mple.org',
      '<script>@x.org', 'a"b@x.org', "a'b@x.org", 'a&b@x.org', 'a:b@x.org', 'alice@example..org', '.example.org',
      'alice@example.org:5222', 'alice@example.org\u0000', 'alice@example.org/\u0007bell', 'alice\n@x.org',
      '/resource', 'alice@[not-an-ip]', 'alice@ex<ample.org',
    ]) {
      it(`rejects ${JSON.stringify(bad)}`, () => {
        expect(parseJid(bad)).to.equal(null);
      });
    }

    it('rejects parts over 1023 bytes, and huge strings quickly', () => {
      expect(parseJid(`${'a'.repeat(1023)}@x.org`)).to.not.equal(null);
      expect(parseJid(`${'a'.repeat(1024)}@x.org`)).to.equal(null);
      // 512 chars of 3-byte UTF-8 = 1536 bytes
      expect(parseJid(`${'€'.repeat(512)}@x.org`)).to.equal(null);
      expect(parseJid(`a@x.org/${'r'.repeat(1024)}`)).to.equal(null);
      const t = performance.now();
      expect(parseJid(`a@${'x'.repeat(1_000_000)}`)).to.equal(null);
      expect(performance.now() - t).to.be.below(50);
    });

    it('returns null for non-strings instead of throwing', () => {
      expect(parseJid(undefined as unknown as string)).to.equal(null);
      expect(parseJid(42 as unknown as string)).to.equal(null);
    });
  });

  it('bareJid strips the resource and normalizes; "" when invalid', () => {
    expect(bareJid('Alice@Example.org/phone')).to.equal('alice@example.org');
    expect(bareJid('alice@example.org')).to.equal('alice@example.org');
    expect(bareJid('example.org/x')).to.equal('example.org');
    expect(bareJid('a@b@c')).to.equal('');
  });

  it('resourceOf returns the resource, or "" for bare or invalid JIDs', () => {
    expect(resourceOf('alice@example.org/phone')).to.equal('phone');
    expect(resourceOf('alice@example.org')).to.equal('');
    expect(resourceOf('@x/y')).to.equal('');
  });

  it('isBareJid is true only for valid JIDs without resource', () => {
    expect(isBareJid('alice@example.org')).to.equal(true);
    expect(isBareJid('example.org')).to.equal(true);
    expect(isBareJid('alice@example.org/r')).to.equal(false);
    expect(isBareJid('a@b@c')).to.equal(false);
    expect(isBareJid('')).to.equal(false);
  });

  it('sameBareJid compares normalized bare parts and never matches invalid JIDs', () => {
    expect(sameBareJid('Alice@Example.org/a', 'alice@example.org')).to.equal(true);
    expect(sameBareJid('alice@example.org', 'bob@example.org')).to.equal(false);
    expect(sameBareJid('', '')).to.equal(false);
    expect(sameBareJid('a@b@c', 'a@b@c')).to.equal(false);
  });

  it('formatJid joins parts, optionally leaving out the resource', () => {
    expect(formatJid({ local: 'a', domain: 'b.org', resource: 'r' })).to.equal('a@b.org/r');
    expect(formatJid({ local: 'a', domain: 'b.org', resource: 'r' }, true)).to.equal('a@b.org');
    expect(formatJid({ local: '', domain: 'b.org', resource: '' })).to.equal('b.org');
  });

  describe('normalizeBareJid', () => {
    it('trims and lowercases what the user typed', () => {
      expect(normalizeBareJid('  Alice@Example.COM \n')).to.equal('alice@example.com');
    });

    it('refuses resources, empty input, domain-only and invalid addresses', () => {
      expect(normalizeBareJid('alice@example.com/phone')).to.equal(null);
      expect(normalizeBareJid('')).to.equal(null);
      expect(normalizeBareJid('   ')).to.equal(null);
      expect(normalizeBareJid('example.com')).to.equal(null);
      expect(normalizeBareJid('a@b@c')).to.equal(null);
      expect(normalizeBareJid('@example.com')).to.equal(null);
      expect(normalizeBareJid('alice smith@example.com')).to.equal(null);
    });
  });
});

describe('Jid, the JID object xmpp.js gets', () => {
  it('is what @xmpp/client-core hands out', () => {
    expect(clientCoreJid).to.equal(jid);
  });

  it('parses a string or joins parts, normalized, and prints them back', () => {
    const full = jid('Alice@Example.org/Phone');
    expect([full.local, full.domain, full.resource]).to.deep.equal(['alice', 'example.org', 'Phone']);
    expect(full.toString()).to.equal('alice@example.org/Phone');
    expect(full.bare().toString()).to.equal('alice@example.org');
    expect(full.bare()).to.be.instanceOf(Jid);
    expect(jid('alice', 'example.org').toString()).to.equal('alice@example.org');
    expect(jid('alice', 'example.org', 'web').toString()).to.equal('alice@example.org/web');
    expect(jid('example.org').toString()).to.equal('example.org');
  });

  it('never throws on junk: xmpp.js makes one of every to and from', () => {
    expect(() => jid('a@b@c')).not.to.throw();
    expect(() => jid('')).not.to.throw();
    expect(() => jid('@/')).not.to.throw();
    expect(parseJid('a@b@c')).to.equal(null);
  });
});
