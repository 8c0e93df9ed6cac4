import { registerUser } from './helpers/server.js';
import { mountWidget } from './helpers/widget.js';
import { waitFor } from './helpers/dom.js';

describe('debug', function () {
  this.timeout(40_000);
  it('two tabs', async () => {
    window.addEventListener('unhandledrejection', (e) => console.log('UNHANDLED', String(e.reason), e.reason?.stack));
    const [alice, bob] = await Promise.all([registerUser('alice'), registerUser('bob')]);
    const [tab1, tab2, b] = await Promise.all([mountWidget(alice), mountWidget(alice), mountWidget(bob)]);
    for (let i = 0; i < 15; i++) await b.store.sendMessage(alice.jid, `m${i}`);
    const show = (w: typeof tab1) => (w.store.state.conversations[bob.jid]?.messages ?? []).map((m) => `${m.body}:${m.order}:${m.stanzaId?.slice(0, 4)}`).join(' ');
    await waitFor(() => tab1.store.state.conversations[bob.jid]?.messages.length === 15 && tab2.store.state.conversations[bob.jid]?.messages.length === 15).catch(() => console.log('TIMEOUT'));
    console.log('tab1', show(tab1));
    console.log('tab2', show(tab2));
    console.log('storage', JSON.stringify(tab1.store.state.storage), JSON.stringify(tab2.store.state.storage));
  });
});
