import { expect } from '@open-wc/testing';
import type { XmppChat } from '../../src/index.js';
import { deepActiveElement, getByRole, waitFor } from '../helpers/dom.js';
import { registerUser, testService } from '../helpers/server.js';
import { contactButton, mountWidget } from '../helpers/widget.js';

function boxes(widget: XmppChat) {
  const roster = widget.shadowRoot!.querySelector('xmpp-roster')!.getBoundingClientRect();
  const chat = widget.shadowRoot!.querySelector('xmpp-chat-window')!.getBoundingClientRect();
  return { roster, chat };
}

describe('<xmpp-chat> layout', function () {
  this.timeout(20_000);

  it('puts the roster beside the chat window when wide, and shows one at a time when narrow', async () => {
    const widget = await mountWidget(await registerUser('layout'));
    widget.style.width = '900px';
    await new Promise(requestAnimationFrame);
    let { roster, chat } = boxes(widget);
    expect(roster.right).to.be.at.most(chat.left + 1);
    expect(Math.abs(roster.top - chat.top)).to.be.below(2);

    widget.style.width = '360px';
    await new Promise(requestAnimationFrame);
    // Narrow: one pane at a time, each the widget's full width.
    ({ roster, chat } = boxes(widget));
    expect(roster.width).to.be.greaterThan(340);
    expect(chat.width, 'no conversation open: the contacts only').to.equal(0);
  });

  it('on a narrow screen, a conversation takes the whole widget and Back returns focus to the contact', async () => {
    const [alice, bob] = await Promise.all([registerUser('narrow'), registerUser('narrowpeer')]);
    const widget = await mountWidget(alice);
    widget.style.width = '360px';
    await widget.store.act('roster-editing', { type: 'add', address: bob.jid });
    const contact = await waitFor(() => contactButton(widget, bob.jid));
    contact.click();
    await waitFor(() => boxes(widget).chat.width > 340, { what: 'the conversation, full width' });
    const { roster, chat } = boxes(widget);
    expect(roster.width, 'the contacts are hidden').to.equal(0);
    // The message log keeps most of the widget's height.
    const log = getByRole(widget.shadowRoot!, 'log', 'Messages').getBoundingClientRect();
    expect(log.height).to.be.greaterThan(chat.height * 0.55);

    getByRole(widget.shadowRoot!, 'button', 'Back to contacts').click();
    await waitFor(() => boxes(widget).roster.width > 340, { what: 'the contacts again' });
    expect(widget.store.state.activeChat).to.equal(null);
    await waitFor(() => deepActiveElement() === contactButton(widget, bob.jid), { what: 'focus on the contact' });
  });

  it('on a wide screen there is no Back button to see', async () => {
    const widget = await mountWidget(await registerUser('wideback'));
    widget.style.width = '900px';
    widget.store.openChat(`someone@${testService().domain}`);
    const back = await waitFor(() => getByRole(widget.shadowRoot!, 'button', 'Back to contacts'));
    expect(back.getBoundingClientRect().width).to.equal(0);
  });
});

