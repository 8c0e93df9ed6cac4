import { expect } from '@open-wc/testing';
import { addChatState, buildChatState, parseChatState } from '../../../src/features/chat-states/protocol.js';
import { PAUSE_AFTER_MS, service } from '../../../src/features/chat-states/service.js';
import { buildChatMessage } from '../../../src/xmpp/message.js';
import { fakeContext } from '../../helpers/feature-context.js';
import type { Arrival } from '../../../src/store/features.js';
import type { Stanza } from '../../../src/xmpp/session.js';
import { stanza } from '../xmpp/parse-xml.js';

const NS = 'http://jabber.org/protocol/chatstates';
const msg = (attrs: string, children: string) => stanza(`<message ${attrs}>${children}</message>`);

describe('features/chat-states', () => {
  describe('protocol', () => {
    it('builds a standalone notification with a no-store hint', () => {
      expect(buildChatState('juliet@example.com', 'composing', 'c1').toString()).to.equal(
        `<message to="juliet@example.com" id="c1" type="chat"><composing xmlns="${NS}"/><no-store xmlns="urn:xmpp:hints"/></message>`,
      );
    });

    it('adds a state to a message once', () => {
      const message = addChatState(addChatState(buildChatMessage('j@example.com', 'hi', 'm1'), 'active'), 'composing');
      expect(message.getChildElements().filter((c) => c.getNS() === NS).map((c) => c.name)).to.deep.equal(['active']);
    });

    it('reads the first known state of a chat or normal message, with or without a body', () => {
      expect(parseChatState(msg('type="chat" from="Romeo@Example.net/orchard"', `<paused xmlns="${NS}"/>`))).to.deep.equal({
        from: 'romeo@example.net/orchard',
        state: 'paused',
        withBody: false,
      });
      expect(parseChatState(msg('from="romeo@example.net"', `<body>hi</body><bogus xmlns="${NS}"/><active xmlns="${NS}"/>`))).to.deep.equal({
        from: 'romeo@example.net',
        state: 'active',
        withBody: true,
      });
    });

    it('ignores errors, groupchat, other namespaces, unknown states and a missing or invalid from', () => {
      for (const bad of [
        msg('type="error" from="r@example.net"', `<composing xmlns="${NS}"/>`),
        msg('type="groupchat" from="room@example.net/nick"', `<composing xmlns="${NS}"/>`),
        msg('type="chat" from="r@example.net"', '<composing xmlns="urn:example"/>'),
        msg('type="chat" from="r@example.net"', `<typing xmlns="${NS}"/>`),
        msg('type="chat"', `<composing xmlns="${NS}"/>`),
        msg('type="chat" from="@@"', `<composing xmlns="${NS}"/>`),
      ]) {
        expect(parseChatState(bad), bad.toString()).to.equal(null);
      }
    });
  });

  describe('service, with a context of its own', () => {
    it('keeps each contact\'s last state; a notice alone is taken, one with a body left to the core; our own is ignored', () => {
      const { context, slice } = fakeContext('me@example.org');
      const from = (message: Stanza, via: Arrival['via'] = 'live', direction: Arrival['direction'] = 'in') =>
        service.message!({ message, via, direction, peer: 'bob@example.org' }, context);
      expect(from(msg('type="chat" from="bob@example.org/x"', `<composing xmlns="${NS}"/>`))).to.equal(true);
      expect(slice()).to.deep.equal({ 'bob@example.org': 'composing' });
      expect(from(msg('type="chat" from="bob@example.org/x"', `<body>hi</body><active xmlns="${NS}"/>`))).to.equal(undefined);
      expect(slice()).to.deep.equal({ 'bob@example.org': 'active' });
      // Our own elsewhere, and anything from the archive: taken when alone, but not what bob is doing now.
      expect(from(msg('type="chat" from="me@example.org/other" to="bob@example.org"', `<composing xmlns="${NS}"/>`), 'carbon', 'out')).to.equal(true);
      expect(from(msg('type="chat" from="bob@example.org/x"', `<composing xmlns="${NS}"/>`), 'archive')).to.equal(true);
      expect(slice()).to.deep.equal({ 'bob@example.org': 'active' });
      // A contact's state copied from our other client (to its full JID) still tells what they are doing.
      expect(from(msg('type="chat" from="bob@example.org/x"', `<paused xmlns="${NS}"/>`), 'carbon')).to.equal(true);
      expect(slice()).to.deep.equal({ 'bob@example.org': 'paused' });
    });

    it('sends composing once while typing, paused after a pause, active when cleared; only to who sees our presence', () => {
      const { context, sent } = fakeContext('typist@example.org', { seers: ['bob@example.org'] });
      const timers: (() => void)[] = [];
      const realSetTimeout = window.setTimeout;
      window.setTimeout = ((work: () => void, ms: number) => (expect(ms).to.equal(PAUSE_AFTER_MS), timers.push(work))) as typeof window.setTimeout;
      try {
        const states = () => sent.map((s) => `${s.attrs.to} ${s.getChildElements()[0].name}`);
        service.act!({ type: 'typing', peer: 'stranger@example.org', hasText: true }, context);
        service.act!({ type: 'typing', peer: 'bob@example.org', hasText: true }, context);
        service.act!({ type: 'typing', peer: 'bob@example.org', hasText: true }, context);
        expect(states()).to.deep.equal(['bob@example.org composing']);
        timers.at(-1)!();
        expect(states().at(-1)).to.equal('bob@example.org paused');
        service.act!({ type: 'typing', peer: 'bob@example.org', hasText: false }, context);
        expect(states()).to.deep.equal(['bob@example.org composing', 'bob@example.org paused', 'bob@example.org active']);

        // Our message to bob carries <active/>; one to the stranger, whom we told nothing, does not.
        const toBob = buildChatMessage('bob@example.org', 'hi', 'm1');
        const toStranger = buildChatMessage('stranger@example.org', 'hi', 'm2');
        service.outbound!(toBob, context, undefined);
        service.outbound!(toStranger, context, undefined);
        expect(toBob.getChild('active', NS)).to.not.equal(undefined);
        expect(toStranger.getChild('active', NS)).to.equal(undefined);
      } finally {
        window.setTimeout = realSetTimeout;
      }
    });
  });
});
