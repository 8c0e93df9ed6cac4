import type { JidString } from '../../model/types.js';
import type { FeatureContext, FeatureService } from '../../store/features.js';
import { bareJid } from '../../xmpp/jid.js';
import { addChatState, buildChatState, parseChatState, type ChatStateName } from './protocol.js';

/** The slice: each contact's last chat state, by bare JID. */
export type ChatStatesSlice = Readonly<Record<JidString, ChatStateName>>;

/** §5.3: composing turns to paused when the typing stops for a while. */
export const PAUSE_AFTER_MS = 5_000;

interface OwnState {
  state: ChatStateName;
  timer?: ReturnType<typeof setTimeout>;
}

/**
 * Our own state, per account and contact we have told one (several widgets may share a page); a contact
 * we told nothing hears nothing more (see outbound).
 */
const ours = new Map<string, OwnState>();
const key = (context: FeatureContext, peer: JidString) => `${context.account} ${peer}`;

function tell(peer: JidString, state: ChatStateName, context: FeatureContext): OwnState {
  const own = ours.get(key(context, peer)) ?? { state: 'active' };
  clearTimeout(own.timer);
  own.timer = undefined;
  ours.set(key(context, peer), own);
  if (own.state === state) return own;
  own.state = state;
  void context.send(buildChatState(peer, state));
  return own;
}

export const service: FeatureService = {
  message({ message, via, direction, peer }, context) {
    const notice = parseChatState(message);
    if (!notice) return undefined;
    // What a contact is doing now: live, or copied from another of our clients; never from the archive, and
    // never what we did ourselves elsewhere.
    if (via !== 'archive' && direction === 'in') {
      context.updateSlice((slice) => ({ ...(slice as ChatStatesSlice | undefined), [peer]: notice.state }));
    }
    // A notice alone is taken; a message with a body is the core's to keep.
    return !notice.withBody || undefined;
  },

  act(action, context) {
    if (action.type !== 'typing') return;
    const peer = action.peer as JidString;
    // §8 and the presence rules: typing tells that we are here, so only those who see our presence learn it.
    if (!context.seesOurPresence(peer)) return;
    if (!action.hasText) {
      const state = ours.get(key(context, peer))?.state;
      if (state === 'composing' || state === 'paused') tell(peer, 'active', context);
      return;
    }
    tell(peer, 'composing', context).timer = setTimeout(() => tell(peer, 'paused', context), PAUSE_AFTER_MS);
  },

  outbound(stanza, context) {
    const peer = bareJid(String(stanza.attrs.to ?? ''));
    // Only to contacts we sent states to in this page (those we may tell, with sharing on).
    const own = ours.get(key(context, peer));
    if (!own || !context.seesOurPresence(peer)) return;
    addChatState(stanza, 'active');
    clearTimeout(own.timer);
    own.state = 'active';
  },
};
