// A page of its own, so that no feature chunk is loaded yet when the test starts.
import { expect } from '@open-wc/testing';
import { storeCore } from '../../../src/store/chat-store.js';
import { FakeSession } from '../../helpers/fake-session.js';
import { stanza } from '../xmpp/parse-xml.js';

describe('messages held while a catch-up runs', () => {
  it('include those waiting for a feature chunk: they are live, and the catch-up must not take them for history', async () => {
    const core = storeCore();
    const session = new FakeSession();
    core.account = 'me@example.org';
    core.session = session.asSession();
    core.dispatch({ type: 'connection/online', jid: 'me@example.org', resumed: false });
    core.inbound.hold();
    // A first receipt request: its message waits for the receipts chunk, which is on its way.
    core.inbound.received(
      session.asSession(),
      stanza('<message xmlns="jabber:client" type="chat" from="bob@example.org/phone" id="w1"><body>waits</body><request xmlns="urn:xmpp:receipts"/></message>'),
    );
    expect(core.inbound.held().map((held) => held.message.body)).to.deep.equal(['waits']);
  });
});
