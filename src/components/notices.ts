// Words for what rarely goes wrong: a message the server refused, history that cannot be kept. Loaded the
// first time one is shown, so the first load does without them; until then a short general sentence shows.

import type { StorageProblem } from '../store/state.js';

const UNDELIVERABLE = 'This address does not exist or does not take messages.';

const SENTENCES: Readonly<Record<string, string>> = {
  'service-unavailable': UNDELIVERABLE,
  'item-not-found': UNDELIVERABLE,
  'recipient-unavailable': UNDELIVERABLE,
  gone: 'This address is no longer in use.',
  'jid-malformed': 'This address is not valid.',
  'remote-server-not-found': 'The server of this address could not be found.',
  'remote-server-timeout': 'The server of this address did not answer in time.',
  forbidden: 'You are not allowed to send messages to this address.',
  'not-allowed': 'You are not allowed to send messages to this address.',
  'not-authorized': 'You are not allowed to send messages to this address.',
  'policy-violation': 'The server refused this message: it may be too long or too frequent.',
  'resource-constraint': 'The server is too busy right now. Try again later.',
  'internal-server-error': 'The server had a problem with this message. Try again later.',
};

/** What went wrong with a message, for people, from the condition at the start of `ChatMessage.error`. */
export function failureSentence(error: string | undefined): string {
  const condition = (error ?? '').split(':', 1)[0];
  return SENTENCES[condition] ?? 'The message could not be sent.';
}

const STORAGE: Readonly<Record<StorageProblem, string>> = {
  unavailable: 'This browser does not let the chat keep history, so it lasts until you close the page.',
  blocked: 'Another tab is updating the chat history; until it is done, history lasts until you close the page.',
  full: 'This browser has no room left for chat history; new messages last until you close the page.',
  closed: 'Another tab updated the chat history; reload to keep history again. Until then it lasts until you close the page.',
};

/** Why history is not being kept, and for how long it lasts. */
export function storageNotice(problem: StorageProblem): string {
  return STORAGE[problem];
}
