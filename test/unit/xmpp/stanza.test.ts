import { expect } from '@open-wc/testing';
import { isElementIn, soleChild } from '../../../src/xmpp/stanza.js';
import { stanza } from './parse-xml.js';

describe('xmpp/stanza helpers', () => {
  describe('soleChild', () => {
    it('gives the one child with that name and namespace', () => {
      const el = stanza('<a><b xmlns="urn:x" n="1"/><b xmlns="urn:y"/><c xmlns="urn:x"/></a>');
      expect(soleChild(el, 'b', 'urn:x')?.attrs.n).to.equal('1');
    });

    it('gives null for none or several, and ignores grandchildren and prefixed names', () => {
      expect(soleChild(stanza('<a><b xmlns="urn:y"/></a>'), 'b', 'urn:x')).to.equal(null);
      expect(soleChild(stanza('<a><b xmlns="urn:x"/><b xmlns="urn:x"/></a>'), 'b', 'urn:x')).to.equal(null);
      expect(soleChild(stanza('<a><c><b xmlns="urn:x"/></c></a>'), 'b', 'urn:x')).to.equal(null);
      expect(soleChild(stanza('<a xmlns:p="urn:x"><p:b/></a>'), 'b', 'urn:x')).to.equal(null);
    });

    it('sees the namespace a child inherits', () => {
      expect(soleChild(stanza('<a xmlns="urn:x"><b/></a>'), 'b', 'urn:x')).to.not.equal(null);
    });
  });

  describe('isElementIn', () => {
    it('checks name and namespace', () => {
      expect(isElementIn(stanza('<fin xmlns="urn:xmpp:mam:2"/>'), 'fin', 'urn:xmpp:mam:2')).to.equal(true);
      expect(isElementIn(stanza('<fin xmlns="urn:xmpp:mam:1"/>'), 'fin', 'urn:xmpp:mam:2')).to.equal(false);
      expect(isElementIn(stanza('<end xmlns="urn:xmpp:mam:2"/>'), 'fin', 'urn:xmpp:mam:2')).to.equal(false);
    });

    it('is false for values that are not elements', () => {
      for (const junk of [null, undefined, 0, 'fin', {}, { name: 'fin' }, { name: 'fin', attrs: {}, getNS: 'x' }]) {
        expect(isElementIn(junk, 'fin', 'urn:xmpp:mam:2')).to.equal(false);
      }
    });
  });
});
