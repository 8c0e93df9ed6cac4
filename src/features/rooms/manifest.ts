import type { FeatureManifest } from '../registry.js';

/**
 * XEP-0045 Multi-User Chat: joining rooms, their occupants and subject, and their messages, which go through
 * the same pipeline as every message with the occupant as the sender. Loaded by Join a room, and by the first
 * room presence or groupchat message (a rejoin after a resumed stream).
 */
export const manifest: FeatureManifest = {
  id: 'rooms',
  advertises: ['http://jabber.org/protocol/muc', 'jabber:x:conference'],
  // muc#user: occupants' presence; mam:2: the results of a room's archive (our account's never come here);
  // x:conference: invitations (XEP-0249).
  stanzaNs: ['http://jabber.org/protocol/muc#user', 'urn:xmpp:mam:2', 'jabber:x:conference'],
  // A room's messages, and its refusals of our join (which need not echo our <x/>).
  types: ['message:groupchat', 'presence:error'],
  // The rooms we are in: after a resumed stream (a reload) we still are, and the room says nothing again.
  keepsTab: true,
  load: () => import('./rooms.js'),
};
