// Sentences for messages the server refused, by stanza error condition (RFC 6120 §8.3.3). Loaded when a
// failed message is first shown: failures need the network to happen, so the first load does without this.

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

/** What went wrong, for people, from the condition at the start of `ChatMessage.error`. */
export function failureSentence(error: string | undefined): string {
  const condition = (error ?? '').split(':', 1)[0];
  return SENTENCES[condition] ?? 'The message could not be sent.';
}
