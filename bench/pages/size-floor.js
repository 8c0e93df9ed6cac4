/* global customElements */
// The floor of scenario 1: lit + @xmpp/client + idb with one trivial element, built like the widget.
import { LitElement, html } from 'lit';
import { client, xml } from '@xmpp/client';
import { openDB } from 'idb';

class FloorElement extends LitElement {
  static properties = { service: {}, jid: {}, password: {}, count: { state: true } };

  constructor() {
    super();
    this.count = 0;
  }

  async connectedCallback() {
    super.connectedCallback();
    const db = await openDB('floor', 1, { upgrade: (d) => d.createObjectStore('kv') });
    const [username, domain] = (this.jid ?? '').split('@');
    const xmpp = client({ service: this.service, domain, username, password: this.password });
    xmpp.on('online', async () => {
      const roster = await xmpp.iqCaller.get(xml('query', { xmlns: 'jabber:iq:roster' }));
      this.count = roster.getChildren('item').length;
      await db.put('kv', this.count, 'contacts');
    });
    await xmpp.start();
  }

  render() {
    return html`<p>${this.count}</p>`;
  }
}
customElements.define('floor-element', FloorElement);
