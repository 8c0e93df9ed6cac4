/* global window, location */
// The floor of scenarios 2, 4 and 8: what any browser client built on @xmpp/client must do to know a roster.
// Signs in (the library's defaults: PLAIN on this loopback server, stream management), fetches the roster,
// and counts presence stanzas. No UI, no store, no storage.
import { client, xml } from '@xmpp/client';

const query = new URLSearchParams(location.search);
const [username, domain] = (query.get('jid') ?? '').split('@');
const xmpp = client({ service: query.get('service'), domain, username, password: query.get('password') });
const floor = { contacts: -1, presences: 0, xmpp };
window.__floor = floor;
xmpp.on('error', () => undefined);
xmpp.on('stanza', (stanza) => {
  if (stanza.is('presence')) floor.presences += 1;
});
xmpp.on('online', async () => {
  const result = await xmpp.iqCaller.get(xml('query', { xmlns: 'jabber:iq:roster' }));
  floor.contacts = result.getChildren('item').length;
});
xmpp.start().catch(() => undefined);
