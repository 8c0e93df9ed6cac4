/* global window, location */
// The floor of scenarios 10 and 12: what any browser client built on @xmpp/client must do to join a room or
// show the newest page of its archive. Signs in, then on request joins (without history) and counts the
// occupants' presences until its own (status 110), then (12) asks the room's archive for its last page. No UI.
import { client, xml } from '@xmpp/client';

const query = new URLSearchParams(location.search);
const [username, domain] = (query.get('jid') ?? '').split('@');
const xmpp = client({ service: query.get('service'), domain, username, password: query.get('password') });
const floor = { online: false, xmpp };
window.__floor = floor;
xmpp.on('error', () => undefined);
let onPresence = () => undefined;
xmpp.on('stanza', (stanza) => {
  if (stanza.is('presence')) onPresence(stanza);
});
xmpp.on('online', () => (floor.online = true));
xmpp.start().catch(() => undefined);

/** Joins `room` as `nick`; resolves with { ms, occupants } once our own presence is back. */
floor.join = (room, nick) =>
  new Promise((resolve) => {
    const start = performance.now();
    let occupants = 0;
    onPresence = (presence) => {
      if (!String(presence.attrs.from).startsWith(`${room}/`)) return;
      occupants += 1;
      const x = presence.getChild('x', 'http://jabber.org/protocol/muc#user');
      if (x?.getChildren('status').some((s) => s.attrs.code === '110')) resolve({ ms: performance.now() - start, occupants });
    };
    xmpp.send(xml('presence', { to: `${room}/${nick}` }, xml('x', { xmlns: 'http://jabber.org/protocol/muc' }, xml('history', { maxstanzas: '0' }))));
  });

/**
 * What any client must do to show a room's newest archived messages: join it (without history) and ask its
 * archive for the newest page of `max`. Resolves with { ms, results }.
 */
floor.lastPage = async (room, nick, max = 50) => {
  const start = performance.now();
  await floor.join(room, nick);
  let results = 0;
  const queryid = `q${Math.random().toString(36).slice(2)}`;
  const count = (stanza) => {
    if (stanza.is('message') && stanza.getChild('result', 'urn:xmpp:mam:2')?.attrs.queryid === queryid) results += 1;
  };
  xmpp.on('stanza', count);
  await xmpp.iqCaller.request(
    xml('iq', { type: 'set', to: room }, xml('query', { xmlns: 'urn:xmpp:mam:2', queryid }, xml('set', { xmlns: 'http://jabber.org/protocol/rsm' }, xml('max', {}, String(max)), xml('before')))),
    60_000,
  );
  xmpp.removeListener('stanza', count);
  return { ms: performance.now() - start, results };
};
