import type { ChatMessage, JidString } from '../../model/types.js';
import type { FeatureContext, FeatureService } from '../../store/features.js';
import { bareJid } from '../../xmpp/jid.js';
import { buildDisplayed, buildMarkable, isMarkable, parseDisplayed } from './protocol.js';

/** The slice (`state.features.markers`): per conversation, the order of the newest message we marked displayed. */
export type MarkersSlice = Readonly<Record<JidString, number>>;

/** What a message kept of its markers: it asked for them (and came live or from the archive, not as a carbon). */
interface MarkerPayload {
  markable: true;
}

function sliceOf(context: FeatureContext): MarkersSlice {
  return (context.state.features.markers as MarkersSlice | undefined) ?? {};
}

/** A room is a conversation whose messages come from room@service/nick (a groupchat message's sender). */
function inRoom(message: ChatMessage): boolean {
  return message.from !== message.peer && message.from.startsWith(`${message.peer}/`);
}

/** Someone at `peer` saw our message `id` (its id, or in a room its stanza-id), and every one of ours before it. */
async function seen(context: FeatureContext, id: string, peer: JidString) {
  const find = () => context.state.conversations[peer]?.messages.findLast((m) => m.direction === 'out' && (m.id === id || m.originId === id || m.stanzaId === id));
  // A room's marker can overtake the stanza-id its reflection brought us, while that is being kept.
  const found = find() ?? (await context.settled(), find());
  const messages = context.state.conversations[peer]?.messages ?? [];
  // Newest first, down to one already marked: those before it were marked with it.
  for (let i = found ? messages.indexOf(found) : -1; i >= 0; i--) {
    const message = messages[i];
    if (message.direction !== 'out') continue;
    if (message.state === 'displayed') break;
    await context.markState(message.originId ?? message.id, 'displayed', peer);
  }
}

export const service: FeatureService = {
  /** A marker from the other side (a contact, or a room's occupant): our messages up to it were seen. */
  inbound(stanza, context) {
    const id = parseDisplayed(stanza);
    if (!id) return false;
    const from = bareJid(String(stanza.attrs.from ?? ''));
    // Only a message of ours can be marked seen: a room's reflection of our own marker points at someone else's.
    if (from && from !== context.account) void seen(context, id, from);
    return true;
  },

  /** Carbons say nothing to answer: only what reached us ourselves, live or from the archive, gets a marker. */
  message(arrival) {
    if (arrival.direction !== 'in' || arrival.via === 'carbon' || !isMarkable(arrival.message)) return undefined;
    return { markable: true } satisfies MarkerPayload;
  },

  outbound(stanza) {
    stanza.append(buildMarkable());
  },

  act(action, context) {
    // displayed: the reader sees the newest messages of `peer`'s conversation. The newest of theirs that asked
    // for markers is marked, once, and only ever forward.
    if (action.type !== 'displayed') return undefined;
    const peer = String(action.peer);
    const messages = context.state.conversations[peer]?.messages ?? [];
    const newest = messages.findLast((m) => m.direction === 'in' && (m.payloads?.markers as MarkerPayload | undefined)?.markable);
    if (!newest || newest.order <= (sliceOf(context)[peer] ?? -Infinity)) return false;
    const room = inRoom(newest);
    // In a room the id is the room's stanza-id (XEP-0333 §4); without one there is nothing to point at.
    const id = room ? newest.stanzaId : newest.id;
    if (!id) return false;
    context.updateSlice((slice) => ({ ...((slice as MarkersSlice | undefined) ?? {}), [peer]: newest.order }));
    return context.send(buildDisplayed(peer, id, room));
  },
};
