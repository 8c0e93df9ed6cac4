import { expect } from '@open-wc/testing';
import { parseReplace } from '../../../src/features/corrections/protocol.js';
import { service } from '../../../src/features/corrections/service.js';
import type { ChatMessage } from '../../../src/model/types.js';
import type { Arrival, FeatureContext } from '../../../src/store/features.js';
import { initialState } from '../../../src/store/state.js';
import { fakeContext } from '../../helpers/feature-context.js';
import { stanza } from '../xmpp/parse-xml.js';

const ME = 'me@example.org';
const BOB = 'bob@example.org';

const message = (id: string, from: string, extra: Partial<ChatMessage> = {}): ChatMessage => ({
  id, peer: BOB, direction: from === ME ? 'out' : 'in', from, body: 'teh original', timestamp: 1, order: 1, state: 'received', stanzaId: null, originId: null, ...extra,
});

function withConversation(messages: ChatMessage[]) {
  const fake = fakeContext(ME);
  const context: FeatureContext = { ...fake.context, state: { ...initialState, conversations: { [BOB]: { peer: BOB, messages, unread: 0, historyComplete: false, loadingOlder: false } } } };
  return { ...fake, context };
}

const correction = (from: string, id: string, body: string) =>
  stanza(`<message xmlns="jabber:client" from="${from}" type="chat"><body>${body}</body><replace xmlns="urn:xmpp:message-correct:0" id="${id}"/></message>`);

describe('corrections (XEP-0308)', () => {
  it('replaces the original of the same sender, marked edited; nothing new is shown', () => {
    const original = message('m1', BOB);
    const fake = withConversation([original]);
    const arrival: Arrival = { message: correction(`${BOB}/phone`, 'm1', 'the original'), via: 'live', direction: 'in', peer: BOB };
    expect(service.message!(arrival, fake.context)).to.equal(true);
    expect(fake.updated).to.deep.equal([{ message: original, patch: { body: 'the original', payloads: { corrections: { edited: true } } } }]);
  });

  it("takes no correction of someone else's message: ours stays ours, and theirs shows as a message of its own", () => {
    const ours = message('m1', ME);
    const fake = withConversation([ours]);
    const forged: Arrival = { message: correction(`${BOB}/phone`, 'm1', 'I never said that'), via: 'live', direction: 'in', peer: BOB };
    expect(service.message!(forged, fake.context)).to.deep.equal({ edited: true });
    expect(fake.updated).to.deep.equal([]);
  });

  it('edits ours here at once and sends the correction through the outbox, pointing at the original', async () => {
    const ours = message('m1', ME, { originId: 'o1', state: 'sent' });
    const fake = withConversation([ours]);
    await service.act!({ type: 'edit', message: ours, body: 'the original' }, fake.context);
    expect(fake.updated[0].patch.body).to.equal('the original');
    expect(fake.written).to.deep.equal([{ to: BOB, body: 'the original', payloads: { corrections: { replace: 'o1' } } }]);
    const outgoing = stanza('<message xmlns="jabber:client" to="bob@example.org"><body>the original</body></message>');
    service.outbound!(outgoing, fake.context, { replace: 'o1' });
    expect(parseReplace(outgoing)).to.equal('o1');
  });
});
