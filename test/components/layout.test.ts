import { expect } from '@open-wc/testing';
import type { XmppChat } from '../../src/index.js';
import { registerUser } from '../helpers/server.js';
import { mountWidget } from '../helpers/widget.js';

function boxes(widget: XmppChat) {
  const roster = widget.shadowRoot!.querySelector('xmpp-roster')!.getBoundingClientRect();
  const chat = widget.shadowRoot!.querySelector('xmpp-chat-window')!.getBoundingClientRect();
  return { roster, chat };
}

describe('<xmpp-chat> layout', function () {
  this.timeout(20_000);

  it('puts the roster beside the chat window when wide, and stacks them when narrow', async () => {
    const widget = await mountWidget(await registerUser('layout'));
    widget.style.width = '900px';
    await new Promise(requestAnimationFrame);
    let { roster, chat } = boxes(widget);
    expect(roster.right).to.be.at.most(chat.left + 1);
    expect(Math.abs(roster.top - chat.top)).to.be.below(2);

    widget.style.width = '360px';
    await new Promise(requestAnimationFrame);
    ({ roster, chat } = boxes(widget));
    expect(roster.bottom).to.be.at.most(chat.top + 1);
    expect(chat.width).to.be.greaterThan(300);
  });
});
