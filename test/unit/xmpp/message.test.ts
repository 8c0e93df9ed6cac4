import { expect } from '@open-wc/testing';
import type { IncomingMessage } from '../../../src/model/types.js';
import {
  MAX_BODY_LENGTH, MAX_ERROR_TEXT_LENGTH, MAX_SID_LENGTH, buildChatMessage, parseChatMessage, parseMessageEnvelope, parseMessageError, trustedStanzaId,
} from '../../../src/xmpp/message.js';
import { stanza } from './parse-xml.js';

const FROM = 'romeo@example.net/orchard';
const TO = 'juliet@example.com/balcony';
const msg = (attrs: string, children: string) => stanza(`<message ${attrs}>${children}</message>`);

describe('xmpp/message', () => {
  describe('buildChatMessage', () => {
    it('builds a chat message with to, id, body, origin-id (XEP-0359) and a receipt request (XEP-0184)', () => {
      expect(buildChatMessage('juliet@example.com', 'Art thou not Romeo?', 'm1').toString()).to.equal(
        '<message type="chat" to="juliet@example.com" id="m1"><body>Art thou not Romeo?</body>'
        + '<origin-id xmlns="urn:xmpp:sid:0" id="m1"/><request xmlns="urn:xmpp:receipts"/></message>');
    });

    it('reads back its own origin-id and receipt request', () => {
      const el = stanza(buildChatMessage('juliet@example.com', 'hi', 'abc-123').toString().replace('to=', `from="${FROM}" to=`));
      expect(parseChatMessage(el)).to.include({ id: 'abc-123', originId: 'abc-123', receiptRequested: true });
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
        .to.deep.equal({
          id: 'ktx72v49', from: FROM, to: TO, type: 'chat', body: 'Art thou not Romeo?', delayedAt: null,
          originId: null, stanzaIds: [], receiptRequested: false,
        });
    });

    it('treats a missing or unknown type as normal (RFC 6121 §5.2.2)', () => {
      expect(parseChatMessage(msg(`from="${FROM}"`, '<body>hi</body>'))?.type).to.equal('normal');
      expect(parseChatMessage(msg(`type="normal" from="${FROM}"`, '<body>hi</body>'))?.type).to.equal('normal');
      expect(parseChatMessage(msg(`type="whatever" from="${FROM}"`, '<body>hi</body>'))?.type).to.equal('normal');
    });

    for (const type of ['error', 'headline']) {
      it(`ignores type=${type}`, () => {
        expect(parseChatMessage(msg(`type="${type}" from="${FROM}"`, '<body>hi</body>'))).to.equal(null);
      });
    }

    it('reads a room\'s groupchat message, with the occupant as the sender (only the rooms feature hands it one)', () => {
      const room = parseChatMessage(msg(`type="groupchat" from="room@conference.example.com/Nick"`, '<body>hi</body>'));
      expect(room?.type).to.equal('groupchat');
      expect(room?.from).to.equal('room@conference.example.com/Nick');
    });

    it('keeps groupchat out of one-to-one envelopes (carbons and the account archive read those)', () => {
      expect(parseMessageEnvelope(msg(`type="groupchat" from="${FROM}"`, '<body>hi</body>'))).to.equal(null);
      expect(parseMessageEnvelope(msg(`type="groupchat" from="${FROM}"`, '<body>hi</body>'), true)?.type).to.equal('groupchat');
    });

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

  describe('XEP-0359 ids', () => {
    const chat = (children: string, attrs = '') => parseChatMessage(msg(`type="chat" from="${FROM}" to="${TO}" id="m1" ${attrs}`, `<body>hi</body>${children}`));

    it('reads the origin-id', () => {
      expect(chat('<origin-id xmlns="urn:xmpp:sid:0" id="de305d54-75b4-431b-adb2-eb6b9e546013"/>')?.originId)
        .to.equal('de305d54-75b4-431b-adb2-eb6b9e546013');
    });

    it('gives originId null when missing, empty, too long, or in another namespace', () => {
      expect(chat('')?.originId).to.equal(null);
      expect(chat('<origin-id xmlns="urn:xmpp:sid:0"/>')?.originId).to.equal(null);
      expect(chat('<origin-id xmlns="urn:xmpp:sid:0" id=""/>')?.originId).to.equal(null);
      expect(chat(`<origin-id xmlns="urn:xmpp:sid:0" id="${'o'.repeat(MAX_SID_LENGTH + 1)}"/>`)?.originId).to.equal(null);
      expect(chat('<origin-id xmlns="urn:xmpp:sid:1" id="x"/>')?.originId).to.equal(null);
      expect(chat('<origin-id id="x"/>')?.originId).to.equal(null);
    });

    it('keeps an origin-id of exactly the maximum length, and takes the first of several', () => {
      const max = 'o'.repeat(MAX_SID_LENGTH);
      expect(chat(`<origin-id xmlns="urn:xmpp:sid:0" id="${max}"/>`)?.originId).to.equal(max);
      expect(chat('<origin-id xmlns="urn:xmpp:sid:0" id="one"/><origin-id xmlns="urn:xmpp:sid:0" id="two"/>')?.originId).to.equal('one');
    });

    it('reads every valid stanza-id, in order', () => {
      expect(chat(`<stanza-id xmlns="urn:xmpp:sid:0" id="s1" by="juliet@example.com"/>
        <stanza-id xmlns="urn:xmpp:sid:0" id="s2" by="room@muc.example.com"/>
        <stanza-id xmlns="urn:xmpp:sid:0" id="s3" by="example.com"/>`)?.stanzaIds).to.deep.equal([
        { by: 'juliet@example.com', id: 's1' },
        { by: 'room@muc.example.com', id: 's2' },
        { by: 'example.com', id: 's3' },
      ]);
    });

    it('drops stanza-ids without a usable id or by', () => {
      for (const bad of [
        '<stanza-id xmlns="urn:xmpp:sid:0" by="juliet@example.com"/>',
        '<stanza-id xmlns="urn:xmpp:sid:0" id="" by="juliet@example.com"/>',
        `<stanza-id xmlns="urn:xmpp:sid:0" id="${'s'.repeat(MAX_SID_LENGTH + 1)}" by="juliet@example.com"/>`,
        '<stanza-id xmlns="urn:xmpp:sid:0" id="s1"/>',
        '<stanza-id xmlns="urn:xmpp:sid:0" id="s1" by=""/>',
        '<stanza-id xmlns="urn:xmpp:sid:0" id="s1" by="a@b@c"/>',
        '<stanza-id xmlns="urn:xmpp:sid:0" id="s1" by="juliet@exa mple.com"/>',
        '<stanza-id xmlns="urn:xmpp:sid:1" id="s1" by="juliet@example.com"/>',
        '<stanza-id id="s1" by="juliet@example.com"/>',
      ]) {
        expect(chat(bad)?.stanzaIds, bad).to.deep.equal([]);
      }
    });

    it('drops a by with a resource or in a non-canonical spelling rather than normalizing it into our JID', () => {
      for (const by of ['juliet@example.com/balcony', 'Juliet@example.com', 'juliet@EXAMPLE.com', 'juliet@example.com.']) {
        expect(chat(`<stanza-id xmlns="urn:xmpp:sid:0" id="forged" by="${by}"/>`)?.stanzaIds, by).to.deep.equal([]);
      }
    });

    it('keeps an id of exactly the maximum length and collapses exact duplicates', () => {
      const max = 's'.repeat(MAX_SID_LENGTH);
      expect(chat(`<stanza-id xmlns="urn:xmpp:sid:0" id="${max}" by="juliet@example.com"/>`)?.stanzaIds)
        .to.deep.equal([{ by: 'juliet@example.com', id: max }]);
      expect(chat('<stanza-id xmlns="urn:xmpp:sid:0" id="s" by="example.com"/>'.repeat(3))?.stanzaIds)
        .to.deep.equal([{ by: 'example.com', id: 's' }]);
    });

    it('reads only direct children, not ids nested in other elements', () => {
      expect(chat('<x xmlns="urn:other"><stanza-id xmlns="urn:xmpp:sid:0" id="s1" by="juliet@example.com"/><origin-id xmlns="urn:xmpp:sid:0" id="o"/></x>'))
        .to.include({ originId: null }).and.to.have.property('stanzaIds').that.deep.equals([]);
    });
  });

  describe('XEP-0184 receipt request', () => {
    const REQ = '<request xmlns="urn:xmpp:receipts"/>';

    it('is true for a chat or normal message with an id and a request', () => {
      expect(parseChatMessage(msg(`type="chat" from="${FROM}" id="m1"`, `<body>hi</body>${REQ}`))?.receiptRequested).to.equal(true);
      expect(parseChatMessage(msg(`from="${FROM}" id="m1"`, `<body>hi</body>${REQ}`))?.receiptRequested).to.equal(true);
    });

    it('is false without a request, or with one in another namespace', () => {
      expect(parseChatMessage(msg(`type="chat" from="${FROM}" id="m1"`, '<body>hi</body>'))?.receiptRequested).to.equal(false);
      expect(parseChatMessage(msg(`type="chat" from="${FROM}" id="m1"`, '<body>hi</body><request xmlns="urn:xmpp:receipts:1"/>'))?.receiptRequested).to.equal(false);
      expect(parseChatMessage(msg(`type="chat" from="${FROM}" id="m1"`, '<body>hi</body><x><request xmlns="urn:xmpp:receipts"/></x>'))?.receiptRequested).to.equal(false);
    });

    it('is false without an id to echo (§7), or with an absurdly long one', () => {
      expect(parseChatMessage(msg(`type="chat" from="${FROM}"`, `<body>hi</body>${REQ}`))?.receiptRequested).to.equal(false);
      expect(parseChatMessage(msg(`type="chat" from="${FROM}" id=""`, `<body>hi</body>${REQ}`))?.receiptRequested).to.equal(false);
      expect(parseChatMessage(msg(`type="chat" from="${FROM}" id="${'i'.repeat(5000)}"`, `<body>hi</body>${REQ}`))?.receiptRequested).to.equal(false);
    });

    it('is false for a message that is itself an ack (§5.4: no loops)', () => {
      expect(parseChatMessage(msg(`type="chat" from="${FROM}" id="m1"`, `<body>hi</body>${REQ}<received xmlns="urn:xmpp:receipts" id="x"/>`))?.receiptRequested)
        .to.equal(false);
    });

    it('is never true for error messages, which are not chat messages at all', () => {
      expect(parseChatMessage(msg(`type="error" from="${FROM}" id="m1"`, `<body>hi</body>${REQ}`))).to.equal(null);
    });
  });

  describe('trustedStanzaId', () => {
    const OWN = 'juliet@example.com';
    const withIds = (children: string) => parseChatMessage(msg(`type="chat" from="${FROM}" to="${TO}"`, `<body>hi</body>${children}`)) as IncomingMessage;
    const sid = (by: string, id: string) => `<stanza-id xmlns="urn:xmpp:sid:0" by="${by}" id="${id}"/>`;

    it('gives the id our own account assigned', () => {
      expect(trustedStanzaId(withIds(sid('romeo@example.net', 'theirs') + sid(OWN, 'ours')), OWN)).to.equal('ours');
    });

    it('normalizes the JID we pass, and accepts it with a resource', () => {
      expect(trustedStanzaId(withIds(sid(OWN, 'ours')), 'Juliet@Example.COM')).to.equal('ours');
      expect(trustedStanzaId(withIds(sid(OWN, 'ours')), 'juliet@example.com/balcony')).to.equal('ours');
    });

    it('ignores ids assigned by anyone else: the sender, a room, our server domain', () => {
      expect(trustedStanzaId(withIds(sid('romeo@example.net', 'a') + sid('room@muc.example.com', 'b') + sid('example.com', 'c')), OWN))
        .to.equal(null);
      expect(trustedStanzaId(withIds(''), OWN)).to.equal(null);
    });

    it('refuses two different ids for our JID (§3 rule 4: one must be forged)', () => {
      expect(trustedStanzaId(withIds(sid(OWN, 'one') + sid(OWN, 'two')), OWN)).to.equal(null);
      expect(trustedStanzaId(withIds(sid(OWN, 'one') + sid(OWN, 'one')), OWN)).to.equal('one');
    });

    it('gives null for an invalid own JID and for a hand-made message with bad ids', () => {
      const m = withIds(sid(OWN, 'ours'));
      expect(trustedStanzaId(m, '')).to.equal(null);
      expect(trustedStanzaId(m, 'a@b@c')).to.equal(null);
      expect(trustedStanzaId({ ...m, stanzaIds: [{ by: OWN, id: '' }] }, OWN)).to.equal(null);
      expect(trustedStanzaId({ ...m, stanzaIds: undefined as unknown as [] }, OWN)).to.equal(null);
    });
  });

  describe('parseMessageError', () => {
    const err = (attrs: string, children: string) => parseMessageError(msg(`type="error" ${attrs}`, children));
    const COND = (name: string) => `<${name} xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/>`;

    it('reads id, from, condition and text', () => {
      expect(err('id="m1" from="romeo@example.net"', `<body>hi</body><error type="cancel">${COND('service-unavailable')}
        <text xmlns="urn:ietf:params:xml:ns:xmpp-stanzas">  User not found  </text></error>`))
        .to.deep.equal({ id: 'm1', from: 'romeo@example.net', condition: 'service-unavailable', text: 'User not found' });
    });

    it('normalizes from, and gives "" for an error from our own server (no from)', () => {
      expect(err('id="m1" from="Romeo@Example.NET/Orchard"', `<error>${COND('item-not-found')}</error>`)?.from).to.equal('romeo@example.net/Orchard');
      expect(err('id="m1"', `<error>${COND('resource-constraint')}</error>`)).to.deep.equal({ id: 'm1', from: '', condition: 'resource-constraint', text: '' });
    });

    it('refuses an invalid from and a missing, empty or absurd id', () => {
      expect(err('id="m1" from="a@b@c"', `<error>${COND('forbidden')}</error>`)).to.equal(null);
      expect(err('id="m1" from=""', `<error>${COND('forbidden')}</error>`)).to.equal(null);
      expect(err('from="romeo@example.net"', `<error>${COND('forbidden')}</error>`)).to.equal(null);
      expect(err('id="" from="romeo@example.net"', `<error>${COND('forbidden')}</error>`)).to.equal(null);
      expect(err(`id="${'i'.repeat(5000)}" from="romeo@example.net"`, `<error>${COND('forbidden')}</error>`)).to.equal(null);
    });

    it('gives undefined-condition when there is no error element or no readable condition', () => {
      expect(err('id="m1"', '')?.condition).to.equal('undefined-condition');
      expect(err('id="m1"', '<error type="cancel"/>')?.condition).to.equal('undefined-condition');
      expect(err('id="m1"', '<error><forbidden xmlns="urn:evil"/></error>')?.condition).to.equal('undefined-condition');
      expect(err('id="m1"', '<error xmlns="urn:evil">' + COND('forbidden') + '</error>')?.condition).to.equal('undefined-condition');
    });

    it('prefers the text without xml:lang, ignores texts in other namespaces, and clamps long text', () => {
      const T = (attrs: string, t: string) => `<text xmlns="urn:ietf:params:xml:ns:xmpp-stanzas" ${attrs}>${t}</text>`;
      expect(err('id="m1"', `<error>${COND('forbidden')}${T('xml:lang="fr"', 'Interdit')}${T('', 'Forbidden')}</error>`)?.text).to.equal('Forbidden');
      expect(err('id="m1"', `<error>${COND('forbidden')}${T('xml:lang="fr"', 'Interdit')}</error>`)?.text).to.equal('Interdit');
      expect(err('id="m1"', `<error>${COND('forbidden')}<text xmlns="urn:evil">evil</text></error>`)?.text).to.equal('');
      const long = err('id="m1"', `<error>${COND('forbidden')}${T('', '👋'.repeat(MAX_ERROR_TEXT_LENGTH + 10))}</error>`)?.text ?? '';
      expect([...long]).to.have.length(MAX_ERROR_TEXT_LENGTH);
      expect(long.endsWith('👋')).to.equal(true);
    });

    it('keeps markup in the text as literal text', () => {
      expect(err('id="m1"', `<error>${COND('forbidden')}<text xmlns="urn:ietf:params:xml:ns:xmpp-stanzas">&lt;script&gt;alert(1)&lt;/script&gt;</text></error>`)?.text)
        .to.equal('<script>alert(1)</script>');
    });

    it('returns null for messages that are not errors, and for other stanzas', () => {
      expect(parseMessageError(msg('type="chat" id="m1" from="romeo@example.net"', `<error>${COND('forbidden')}</error>`))).to.equal(null);
      expect(parseMessageError(msg('id="m1" from="romeo@example.net"', `<error>${COND('forbidden')}</error>`))).to.equal(null);
      expect(parseMessageError(stanza(`<presence type="error" id="m1"><error>${COND('forbidden')}</error></presence>`))).to.equal(null);
      expect(parseMessageError(stanza(`<message xmlns="urn:evil" type="error" id="m1"><error>${COND('forbidden')}</error></message>`))).to.equal(null);
    });
  });
});
