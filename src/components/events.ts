import type { ChatMessage, JidString } from '../model/types.js';

const init = { bubbles: true, composed: true } as const;

/** `xmpp-connect`: the widget is online, after a fresh sign-in or a resumed session. */
export class XmppConnectEvent extends Event {
  static readonly eventName = 'xmpp-connect';
  constructor(
    readonly jid: JidString,
    readonly resumed: boolean,
  ) {
    super(XmppConnectEvent.eventName, init);
  }
}

/** `xmpp-disconnect`: the widget went offline; `reason` tells whether it will come back by itself. */
export class XmppDisconnectEvent extends Event {
  static readonly eventName = 'xmpp-disconnect';
  constructor(readonly reason: 'signed-out' | 'connection-lost' | 'failed') {
    super(XmppDisconnectEvent.eventName, init);
  }
}

/** `xmpp-message-receive`: a chat message arrived. */
export class XmppMessageReceiveEvent extends Event {
  static readonly eventName = 'xmpp-message-receive';
  constructor(readonly message: Readonly<ChatMessage>) {
    super(XmppMessageReceiveEvent.eventName, init);
  }
}

/** `xmpp-contact-select`: a contact was chosen in the roster. */
export class XmppContactSelectEvent extends Event {
  static readonly eventName = 'xmpp-contact-select';
  constructor(readonly jid: JidString) {
    super(XmppContactSelectEvent.eventName, init);
  }
}

declare global {
  interface HTMLElementEventMap {
    'xmpp-connect': XmppConnectEvent;
    'xmpp-disconnect': XmppDisconnectEvent;
    'xmpp-message-receive': XmppMessageReceiveEvent;
    'xmpp-contact-select': XmppContactSelectEvent;
  }
}
