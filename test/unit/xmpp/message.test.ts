import { expect } from '@open-wc/testing';
import { MAX_BODY_LENGTH, buildChatMessage, parseChatMessage } from '../../../src/xmpp/message.js';
import { stanza } from './parse-xml.js';

const FROM = 'romeo@example.net/orchard';
const TO = 'juliet@example.com/balcony';
const msg = (attrs: string, children: string) => stanza(`<message ${attrs}>${children}</message>`);

describe('xmpp/message', () => {
  describe('buildChatMessage', () => {
    it('builds a chat message with to, id and body', () => {
      expect(buildChatMessage('juliet@example.com', 'Art thou not Romeo?', 'm1').toString()).to.equal(
        '<message type="chat" to="juliet@example.com" id="m1"><body>Art thou not Romeo?</body></message>');
    });

    it('escapes markup, and the body survives a round trip', () => {
      const body = '<img src=x onerror=alert(1)> & "quotes" \u202Eשלום 👋🏽';
      const el = buildChatMessage('juliet@example.com', body, 'm2');
      expect(el.toString()).to.contain('&lt;img src=x onerror=alert(1)&gt; &amp;');
      const back = parseChatMessage(stanza(el.toString().replace('to=', `from="${FROM}" to=`)));
      expect(back?.body).to.equal(body);
    });
  });

  describe('parseChatMessage', () => {
    it('reads a chat message', () => {
      expect(parseChatMessage(msg(`xmlns="jabber:client" type="chat" from="${FROM}" to="${TO}" id="ktx72v49"`, '<body>Art thou not Romeo?</body>')))
        .to.deep.equal({ id: 'ktx72v49', from: FROM, to: TO, type: 'chat', body: 'Art thou not Romeo?', delayedAt: null });
    });

    it('treats a missing or unknown type as normal (RFC 6121 §5.2.2)', () => {
      expect(parseChatMessage(msg(`from="${FROM}"`, '<body>hi</body>'))?.type).to.equal('normal');
      expect(parseChatMessage(msg(`type="normal" from="${FROM}"`, '<body>hi</body>'))?.type).to.equal('normal');
      expect(parseChatMessage(msg(`type="whatever" from="${FROM}"`, '<body>hi</body>'))?.type).to.equal('normal');
    });

    for (const type of ['error', 'groupchat', 'headline']) {
      it(`ignores type=${type}`, () => {
        expect(parseChatMessage(msg(`type="${type}" from="${FROM}"`, '<body>hi</body>'))).to.equal(null);
      });
    }

    it('needs a non-blank body', () => {
      expect(parseChatMessage(msg(`type="chat" from="${FROM}"`, ''))).to.equal(null);
      expect(parseChatMessage(msg(`type="chat" from="${FROM}"`, '<active xmlns="http://jabber.org/protocol/chatstates"/>'))).to.equal(null);
      expect(parseChatMessage(msg(`type="chat" from="${FROM}"`, '<body/>'))).to.equal(null);
      expect(parseChatMessage(msg(`type="chat" from="${FROM}"`, '<body>  \n </body>'))).to.equal(null);
    });

    it('keeps the body exactly, spaces and newlines included', () => {
      expect(parseChatMessage(msg(`type="chat" from="${FROM}"`, '<body>  two\nlines  </body>'))?.body).to.equal('  two\nlines  ');
    });

    it('keeps an XSS body as literal text', () => {
      const m = parseChatMessage(msg(`type="chat" from="${FROM}"`, '<body>&lt;img src=x onerror=alert(1)&gt;</body>'));
      expect(m?.body).to.equal('<img src=x onerror=alert(1)>');
    });

    it('reads only the text of a body with element children', () => {
      const m = parseChatMessage(msg(`type="chat" from="${FROM}"`, '<body>hi <img src="x" onerror="alert(1)"/>there<script>alert(2)</script></body>'));
      expect(m?.body).to.equal('hi there');
    });

    it('keeps Unicode, RTL and emoji', () => {
      const body = 'مرحبا \u202Bעברית\u202C 👩‍👩‍👧‍👦 🇺🇦 e\u0301';
      expect(parseChatMessage(msg(`type="chat" from="${FROM}"`, `<body>${body}</body>`))?.body).to.equal(body);
    });

    it('keeps a 10 KB body whole, and one of exactly the maximum', () => {
      const ten = 'x'.repeat(10 * 1024);
      expect(parseChatMessage(msg(`type="chat" from="${FROM}"`, `<body>${ten}</body>`))?.body).to.equal(ten);
      expect(parseChatMessage(msg(`type="chat" from="${FROM}"`, `<body>${'y'.repeat(MAX_BODY_LENGTH)}</body>`))?.body.length).to.equal(MAX_BODY_LENGTH);
    });

    it('refuses a body over the maximum rather than cutting it', () => {
      expect(parseChatMessage(msg(`type="chat" from="${FROM}"`, `<body>${'y'.repeat(MAX_BODY_LENGTH + 1)}</body>`))).to.equal(null);
    });

    it('refuses a missing or invalid from', () => {
      expect(parseChatMessage(msg('type="chat"', '<body>hi</body>'))).to.equal(null);
      expect(parseChatMessage(msg('type="chat" from="a@b@c"', '<body>hi</body>'))).to.equal(null);
      expect(parseChatMessage(msg('type="chat" from="@example.net"', '<body>hi</body>'))).to.equal(null);
      expect(parseChatMessage(msg('type="chat" from="romeo@exa mple.net"', '<body>hi</body>'))).to.equal(null);
    });

    it('normalizes from, keeps its resource, and tolerates a missing or invalid to', () => {
      const m = parseChatMessage(msg('type="chat" from="Romeo@Example.NET/Orchard" to="a@b@c"', '<body>hi</body>'));
      expect(m).to.include({ from: 'romeo@example.net/Orchard', to: '' });
      expect(parseChatMessage(msg(`type="chat" from="${FROM}"`, '<body>hi</body>'))?.to).to.equal('');
    });

    it('gives "" for a missing id and for an absurdly long one', () => {
      expect(parseChatMessage(msg(`type="chat" from="${FROM}"`, '<body>hi</body>'))?.id).to.equal('');
      expect(parseChatMessage(msg(`type="chat" from="${FROM}" id="${'i'.repeat(5000)}"`, '<body>hi</body>'))?.id).to.equal('');
    });

    it('leaves carbons and MAM results to their own parser', () => {
      const forwarded = `<forwarded xmlns="urn:xmpp:forward:0"><message type="chat" from="${FROM}"><body>inner</body></message></forwarded>`;
      for (const wrapper of [
        `<sent xmlns="urn:xmpp:carbons:2">${forwarded}</sent>`,
        `<received xmlns="urn:xmpp:carbons:2">${forwarded}</received>`,
        `<result xmlns="urn:xmpp:mam:2" queryid="q1" id="a1">${forwarded}</result>`,
      ]) {
        expect(parseChatMessage(msg(`from="juliet@example.com" to="${TO}"`, wrapper))).to.equal(null);
        // even when a spoofed outer body rides along
        expect(parseChatMessage(msg(`type="chat" from="${FROM}"`, `<body>outer</body>${wrapper}`))).to.equal(null);
      }
    });

    it('does not mistake same-named elements in other namespaces for wrappers', () => {
      const m = parseChatMessage(msg(`type="chat" from="${FROM}"`, '<body>hi</body><received xmlns="urn:xmpp:receipts" id="x"/><result xmlns="urn:other"/>'));
      expect(m?.body).to.equal('hi');
    });

    it('ignores bodies in foreign namespaces and prefers the one without xml:lang', () => {
      expect(parseChatMessage(msg(`type="chat" from="${FROM}"`, '<body xmlns="urn:evil">evil</body>'))).to.equal(null);
      expect(parseChatMessage(msg(`type="chat" from="${FROM}"`, '<body xml:lang="fr">Bonjour</body><body>Hello</body>'))?.body).to.equal('Hello');
      expect(parseChatMessage(msg(`type="chat" from="${FROM}"`, '<body xml:lang="fr">Bonjour</body>'))?.body).to.equal('Bonjour');
    });

    it('reads a XEP-0203 delay stamp', () => {
      const m = parseChatMessage(msg(`type="chat" from="${FROM}" to="${TO}"`,
        '<body>offline</body><delay xmlns="urn:xmpp:delay" from="example.com" stamp="2002-09-10T23:08:25Z">Offline Storage</delay>'));
      expect(m?.delayedAt).to.equal(Date.UTC(2002, 8, 10, 23, 8, 25));
    });

    it('prefers the delay our server added over one the sender added', () => {
      const m = parseChatMessage(msg(`type="chat" from="${FROM}" to="${TO}"`, `<body>x</body>
        <delay xmlns="urn:xmpp:delay" from="romeo@example.net" stamp="2099-01-01T00:00:00Z"/>
        <delay xmlns="urn:xmpp:delay" from="example.com" stamp="2020-01-01T00:00:00Z"/>`));
      expect(m?.delayedAt).to.equal(Date.UTC(2020, 0, 1));
    });

    it('gives delayedAt null for a bad stamp or a delay in another namespace', () => {
      for (const d of [
        '<delay xmlns="urn:xmpp:delay" stamp="yesterday"/>',
        '<delay xmlns="urn:xmpp:delay"/>',
        '<delay xmlns="urn:xmpp:delay" stamp="2002-02-30T00:00:00Z"/>',
        '<delay xmlns="jabber:x:delay" stamp="2002-09-10T23:08:25Z"/>',
      ]) {
        expect(parseChatMessage(msg(`type="chat" from="${FROM}"`, `<body>x</body>${d}`))?.delayedAt).to.equal(null, d);
      }
    });

    it('returns null for other stanzas and foreign namespaces', () => {
      expect(parseChatMessage(stanza(`<presence from="${FROM}"><body>hi</body></presence>`))).to.equal(null);
      expect(parseChatMessage(stanza(`<message xmlns="urn:evil" type="chat" from="${FROM}"><body>hi</body></message>`))).to.equal(null);
    });
  });
});
