import { expect } from '@open-wc/testing';
import { findLinks } from '../../../src/features/links/text.js';

describe('features/links: http(s) addresses only', () => {
  it('finds http and https addresses, leaving sentence punctuation and unopened parentheses outside', () => {
    expect(findLinks('see https://example.org/a?b=1&c=2#x. then')).to.deep.equal([
      'see ',
      { href: 'https://example.org/a?b=1&c=2#x', text: 'https://example.org/a?b=1&c=2#x' },
      '. then',
    ]);
    expect(findLinks('(http://example.org/wiki/Foo_(bar))')).to.deep.equal([
      '(',
      { href: 'http://example.org/wiki/Foo_(bar)', text: 'http://example.org/wiki/Foo_(bar)' },
      ')',
    ]);
    expect(findLinks('HTTPS://EXAMPLE.ORG!')).to.deep.equal([{ href: 'https://example.org/', text: 'HTTPS://EXAMPLE.ORG' }, '!']);
  });

  it('leaves every other scheme as text', () => {
    for (const text of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)//https://example.org',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      'xmpp:romeo@example.org',
      'https://',
      'http:// spaced.example.org',
    ]) {
      const parts = findLinks(text);
      const links = parts.filter((p) => typeof p !== 'string') as { href: string }[];
      for (const link of links) expect(link.href, text).to.match(/^https?:\/\/[^/]/);
      expect(parts.map((p) => (typeof p === 'string' ? p : p.text)).join(''), text).to.equal(text);
    }
    expect(findLinks('javascript:alert(1)')).to.deep.equal(['javascript:alert(1)']);
  });
});
