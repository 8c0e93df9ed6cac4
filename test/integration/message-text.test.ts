import { expect } from '@open-wc/testing';
import { getByRole, waitFor } from '../helpers/dom.js';
import { escapeXml, rawClient, registerUser } from '../helpers/server.js';
import { mountWidget } from '../helpers/widget.js';

// Message styling (XEP-0393) and safe links, as lazy features: what another client sends is drawn with DOM
// nodes the widget builds, never as HTML, and a sender's <unstyled/> is honoured.

describe('message text: styling and links, loaded when first needed', function () {
  this.timeout(30_000);

  it('draws styling and http(s) links from DOM nodes; other schemes, HTML and <unstyled/> bodies stay text', async () => {
    const [alice, bob] = await Promise.all([registerUser('styled'), registerUser('styler')]);
    const a = await mountWidget(alice);
    a.store.openChat(bob.jid);
    const loaded = () => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => /(styled|linked)-body/.test(n));
    expect(loaded(), 'no feature chunk before a message needs one').to.deep.equal([]);

    const peer = await rawClient(bob);
    const send = (body: string, extra = '') =>
      peer.send(`<message xmlns="jabber:client" type="chat" to="${escapeXml(alice.jid)}" id="m${Math.random()}"><body>${escapeXml(body)}</body>${extra}</message>`);
    send('a *bold* _word_ ~gone~ and `*code*` <b>not html</b>');
    send('> quoted *line*\nreply');
    send('```\nblock *not bold*\n```');
    send('see https://example.org/a?b=1. javascript:alert(1) data:text/html,x http://x.example/(y)');
    send('*stays as typed*', '<unstyled xmlns="urn:xmpp:styling:0"/>');
    await peer.close();

    const log = getByRole(a.shadowRoot!, 'log', 'Messages');
    const bodies = () => [...log.querySelectorAll<HTMLElement>('.body')];
    await waitFor(() => bodies().length === 5 && log.querySelector('strong') && log.querySelector('a'), { what: 'five drawn messages' });
    const [styled, quote, block, links, unstyled] = bodies();
    expect(loaded(), 'both chunks, once each').to.have.length(2);

    expect(styled.querySelector('strong')!.textContent).to.equal('*bold*');
    expect(styled.querySelector('em')!.textContent).to.equal('_word_');
    expect(styled.querySelector('s')!.textContent).to.equal('~gone~');
    expect(styled.querySelector('code')!.textContent).to.equal('`*code*`');
    expect(styled.querySelector('code strong'), 'no styling inside code').to.equal(null);
    expect(styled.querySelector('b'), 'HTML in a body is text').to.equal(null);
    expect(styled.textContent).to.equal('a *bold* _word_ ~gone~ and `*code*` <b>not html</b>');
    // Directives are shown, but not read out.
    expect([...styled.querySelectorAll('.directive')].every((d) => d.getAttribute('aria-hidden') === 'true')).to.equal(true);

    expect(quote.querySelector('blockquote strong')!.textContent).to.equal('*line*');
    expect(quote.textContent).to.include('reply');
    expect(block.querySelector('code.block')!.textContent).to.equal('```\nblock *not bold*\n```');
    expect(block.querySelector('strong')).to.equal(null);

    const anchors = [...links.querySelectorAll('a')];
    expect(anchors.map((link) => link.getAttribute('href'))).to.deep.equal(['https://example.org/a?b=1', 'http://x.example/(y)']);
    for (const link of anchors) {
      expect(link.getAttribute('rel')).to.equal('noopener noreferrer');
      expect(link.getAttribute('target')).to.equal('_blank');
    }
    expect(links.textContent).to.equal('see https://example.org/a?b=1. javascript:alert(1) data:text/html,x http://x.example/(y)');

    expect(unstyled.querySelector('strong')).to.equal(null);
    expect(unstyled.textContent).to.equal('*stays as typed*');
    expect(a.store.state.conversations[bob.jid].messages.at(-1)?.payloads).to.deep.equal({ styling: { unstyled: true } });
  });
});
